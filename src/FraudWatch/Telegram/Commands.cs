using FraudWatch.Access;

namespace FraudWatch.Telegram;

public enum CommandScope
{
    Anywhere,
    GroupOnly,
    PrivateOnly,
}

/// <summary>One row of the command table: help text and authorization are generated from these rows.</summary>
public sealed record CommandSpec(
    string Name, Role MinRole, CommandScope Scope, string Usage, string Description,
    Func<CommandContext, CancellationToken, Task> Handle)
{
    /// <summary>The usage as Chinese help shows it (placeholders in Chinese); <see cref="Usage"/> when it has none.</summary>
    public string? ZhUsage { get; init; }

    /// <summary>
    /// Handled in a group marked left: a command from there shows the bot is back, and this one (an officer's /bind)
    /// makes it a group again. Every other command there gets one line saying so.
    /// </summary>
    public bool WorksInLeftGroup { get; init; }

    /// <summary>
    /// Only for a person: sent anonymously (an anonymous admin) or as a channel, the command gets one line saying to send it
    /// as oneself. Every command above resident needs a person; a resident's one does when it records who sent it.
    /// </summary>
    public bool NeedsPerson { get => needsPerson || MinRole != Role.Resident; init => needsPerson = value; }

    readonly bool needsPerson;
}

/// <summary>A deep link into the private chat (t.me/&lt;bot&gt;?start=&lt;Prefix&gt;&lt;payload&gt;), arriving as "/start &lt;Prefix&gt;&lt;payload&gt;".</summary>
public interface IStartLink
{
    string Prefix { get; }
    Task HandleAsync(CommandContext context, string payload, CancellationToken ct);
}

/// <summary>A feature's commands; each feature registers one.</summary>
public interface ICommandModule
{
    IEnumerable<CommandSpec> Commands { get; }
}

/// <summary>A command being handled; <see cref="Language"/> is the language every reply to it is written in (see ReplyLanguage).</summary>
public sealed record CommandContext(IncomingMessage Message, string Name, string Args, Role Role, ChatPlace? Group, ChatSender Sender, string Language)
{
    public bool English => ReplyLanguage.IsEnglish(Language);

    public long ChatId => Message.ChatId;
    public long UserId => Message.From?.Id ?? 0;
    public bool InGroup => Message.InGroup;
    public string[] Words => Args.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    public string Actor => $"tg:{UserId}";

    /// <summary>Answers the command; in a group as a reply to it.</summary>
    public Task<SendResult> ReplyAsync(string text, IReadOnlyList<IReadOnlyList<Button>>? buttons = null, CancellationToken ct = default) =>
        Sender.ReplyAsync(ChatId, text, InGroup ? Message.MessageId : null, buttons, ct);
}

/// <summary>
/// Parses "/name@Bot args" addressed to this bot. The name ends where Telegram ends it, at the first character that is not a
/// Latin letter, digit or _ ("/report骗子电话" is /report); a Chinese input method's full-width ／, letters and ＠ are read as
/// their ASCII forms.
/// </summary>
public static class CommandText
{
    public static (string Name, string Args)? Parse(IncomingMessage message, string? botUsername)
    {
        var text = message.Text;
        if (string.IsNullOrEmpty(text) || Ascii(text[0]) != '/')
            return null;
        var end = Word(text, 1);
        var name = Normalized(text, 1, end);
        if (end < text.Length && Ascii(text[end]) == '@')
        {
            var addresseeEnd = Word(text, end + 1);
            var addressee = Normalized(text, end + 1, addresseeEnd);
            if (botUsername is null || !addressee.Equals(botUsername, StringComparison.OrdinalIgnoreCase))
                return null;
            end = addresseeEnd;
        }

        if (name.Length is 0 or > 32)
            return null;
        return (name.ToLowerInvariant(), text[end..].Trim());
    }

    static int Word(string text, int start)
    {
        var end = start;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(Ascii(text[end])) || Ascii(text[end]) == '_'))
            end++;
        return end;
    }

    static string Normalized(string text, int start, int end) => string.Create(end - start, (text, start), static (span, state) =>
    {
        for (var i = 0; i < span.Length; i++)
            span[i] = Ascii(state.text[state.start + i]);
    });

    // Full-width forms U+FF01–U+FF5E are ASCII 0x21–0x7E shifted by 0xFEE0.
    static char Ascii(char c) => c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c;
}
