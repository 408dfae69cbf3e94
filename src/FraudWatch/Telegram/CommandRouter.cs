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

    public CommandRouter(IEnumerable<ICommandModule> modules, RoleStore roles, IChatDirectory chats, ChatSender sender, TelegramStatus status,
        Microsoft.Extensions.Options.IOptions<TelegramOptions> options)
    {
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
        var inGroup = message.InGroup;
        var group = inGroup ? await chats.SeenAsync(message, ct) : null;
        if (inGroup && group is { Status: "left" })
            return true;

        var role = await roles.GetAsync(message.From.Id, ct);
        // A flood of commands from one resident gets one polite line, then silence for the rest of the minute.
        if (role == Role.Resident)
        {
            switch (flood.Count(message.From.Id))
            {
                case FloodCount.Over:
                    await sender.ReplyAsync(message.ChatId, "您发命令太频繁了，请过一分钟再试。紧急情况请拨打 110。", inGroup ? message.MessageId : null, ct: ct);
                    return true;
                case FloodCount.Silent:
                    return true;
            }
        }

        if (!table.TryGetValue(name, out var spec))
        {
            // Unknown commands: silent in groups (they may be meant for another bot), help in private.
            if (!inGroup)
                await sender.SendAsync(message.ChatId, Help(role, inGroup: false), ct: ct);
            return true;
        }

        var context = new CommandContext(message, name, args, role, group, sender);
        if (spec.Scope == CommandScope.GroupOnly && !inGroup)
            await context.ReplyAsync($"/{name} works only inside a village group. 此命令只能在村群里使用。", ct: ct);
        else if (spec.Scope == CommandScope.PrivateOnly && inGroup)
            await context.ReplyAsync($"/{name} works only in a private chat with me. 请私聊我使用此命令。", ct: ct);
        else if (!spec.MinRole.Allows(role))
            await context.ReplyAsync($"/{name} needs the {spec.MinRole.Name()} role. 此命令需要{RoleNames.Chinese(spec.MinRole)}权限。", ct: ct);
        else
            await spec.Handle(context, ct);
        return true;
    }

    /// <summary>Help generated from the table: only what this role may do here.</summary>
    public string Help(Role role, bool inGroup)
    {
        var text = new StringBuilder("FraudWatch 反诈助手 — commands you can use:\n");
        foreach (var spec in table.Values.Where(s => s.MinRole.Allows(role)).OrderBy(s => s.MinRole).ThenBy(s => s.Name))
        {
            if ((spec.Scope == CommandScope.GroupOnly && !inGroup) || (spec.Scope == CommandScope.PrivateOnly && inGroup))
                continue;
            text.Append('\n').Append(System.Net.WebUtility.HtmlEncode(spec.Usage)).Append(" — ").Append(System.Net.WebUtility.HtmlEncode(spec.Description));
        }

        return text.Append("\n\n96110 反诈专线 / anti-fraud hotline").ToString();
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
}
