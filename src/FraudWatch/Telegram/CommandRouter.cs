using System.Text;
using FraudWatch.Access;

namespace FraudWatch.Telegram;

/// <summary>Dispatches commands from the table, checking where they may be used and the sender's role.</summary>
public sealed class CommandRouter
{
    readonly Dictionary<string, CommandSpec> table;
    readonly RoleStore roles;
    readonly IChatDirectory chats;
    readonly ChatSender sender;
    readonly TelegramStatus status;
    readonly FloodGate flood;
    readonly ChatLanguage languages;

    public CommandRouter(IEnumerable<ICommandModule> modules, RoleStore roles, IChatDirectory chats, ChatSender sender, TelegramStatus status,
        Microsoft.Extensions.Options.IOptions<TelegramOptions> options, ChatLanguage languages)
    {
        this.languages = languages;
        flood = new FloodGate(options.Value.CommandsPerMinute);
        table = modules.SelectMany(m => m.Commands).ToDictionary(c => c.Name);
        this.roles = roles;
        this.chats = chats;
        this.sender = sender;
        this.status = status;
    }

    public IReadOnlyCollection<CommandSpec> Table => table.Values;

    /// <summary>Handles the message if it is a command for this bot; false otherwise.</summary>
    public async Task<bool> TryHandleAsync(IncomingMessage message, CancellationToken ct)
    {
        if (CommandText.Parse(message, status.BotUsername) is not var (name, args) || message.From is null)
            return false;
        // A linked channel's post Telegram forwards into its discussion group has no one to answer; another bot's, neither.
        if (message.Person is null && (message.From.Id == 777000 || message.From is { IsBot: true } && !ChatUser.IsServiceAccount(message.From.Id)))
            return true;
        var inGroup = message.InGroup;
        var group = inGroup ? await chats.SeenAsync(message, ct) : null;
        var language = languages.Of(inGroup, group?.Language, message.From.LanguageCode);
        var role = await roles.GetAsync(message.From.Id, ct);
        // A flood of commands from one resident gets one polite line, then silence for the rest of the minute.
        if (role == Role.Resident)
        {
            switch (flood.Count(message.From.Id))
            {
                case FloodCount.Over:
                    await sender.ReplyAsync(message.ChatId, BotText.TooManyCommands(language), inGroup ? message.MessageId : null, ct: ct);
                    return true;
                case FloodCount.Silent:
                    return true;
            }
        }

        if (!table.TryGetValue(name, out var spec))
        {
            // Unknown commands: silent in groups (they may be meant for another bot), help in private.
            if (!inGroup)
                await sender.ReplyAsync(message.ChatId, Help(role, inGroup: false, language), ct: ct);
            return true;
        }

        var context = new CommandContext(message, name, args, role, group, sender, language);
        if (group is { Status: "left" } && !spec.WorksInLeftGroup)
            await context.ReplyAsync(BotText.GroupNotActive(language), ct: ct);
        else if (spec.Scope == CommandScope.GroupOnly && !inGroup)
            await context.ReplyAsync(BotText.GroupOnly(name, language), ct: ct);
        else if (spec.Scope == CommandScope.PrivateOnly && inGroup)
            await context.ReplyAsync(BotText.PrivateOnly(name, language), ct: ct);
        else if (spec.NeedsPerson && message.Person is null)
            // An anonymous admin's or a channel's command comes from a Telegram account shared by everyone who posts that way.
            await context.ReplyAsync(BotText.NeedsPerson(name, language), ct: ct);
        else if (!spec.MinRole.Allows(role))
            await context.ReplyAsync(BotText.NeedsRole(name, spec.MinRole, language), ct: ct);
        else
            await spec.Handle(context, ct);
        return true;
    }

    /// <summary>Help generated from the table: only what this role may do here, in one language.</summary>
    public string Help(Role role, bool inGroup, string language)
    {
        var text = new StringBuilder(BotText.HelpHeading(language)).Append('\n');
        foreach (var spec in table.Values.Where(s => s.MinRole.Allows(role)).OrderBy(s => s.MinRole).ThenBy(s => s.Name))
        {
            if ((spec.Scope == CommandScope.GroupOnly && !inGroup) || (spec.Scope == CommandScope.PrivateOnly && inGroup))
                continue;
            var usage = ReplyLanguage.IsEnglish(language) ? spec.Usage : spec.ZhUsage ?? spec.Usage;
            text.Append('\n').Append(TelegramHtml.Encode(usage)).Append(" — ").Append(TelegramHtml.Encode(BotText.Describe(spec.Description, language)));
        }

        return text.Append("\n\n").Append(BotText.HelpFooter(language)).ToString();
    }
}

public static class RoleNames
{
    public static string Chinese(Role role) => role switch
    {
        Role.Assistant => "警务助理",
        Role.Officer => "民警",
        Role.Analyst => "分析员",
        Role.Admin => "管理员",
        _ => "居民",
    };

    /// <summary>A role written in Chinese (as Chinese /role usage offers), or null.</summary>
    public static Role? ParseChinese(string? text) => text switch
    {
        "居民" => Role.Resident,
        "警务助理" or "助理" => Role.Assistant,
        "民警" => Role.Officer,
        "分析员" => Role.Analyst,
        "管理员" => Role.Admin,
        _ => null,
    };
}
