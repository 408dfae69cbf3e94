using System.Globalization;
using FraudWatch.Access;
using FraudWatch.Audit;

namespace FraudWatch.Telegram;

/// <summary>The bot's own commands: what it does, help generated from the command table, and roles for user ids.</summary>
public sealed class BotCommands(RoleStore roles, AuditLog audit, IServiceProvider services) : ICommandModule
{
    public IEnumerable<CommandSpec> Commands =>
    [
        new("start", Role.Resident, CommandScope.Anywhere, "/start", "what this bot does / 功能介绍", StartAsync),
        new("help", Role.Resident, CommandScope.Anywhere, "/help", "the commands you can use / 可用命令", HelpAsync),
        new("role", Role.Admin, CommandScope.Anywhere, "/role <user-id> <role>", "give a role (or reply to someone with /role <role>) / 设置角色（或回复某人发送 /role 角色）", RoleAsync)
            { ZhUsage = "/role <用户编号> <角色>" },
    ];

    /// <summary>What the bot does for this person, and their Telegram id (an admin needs it for /role).</summary>
    Task StartAsync(CommandContext context, CancellationToken ct)
    {
        if (context.Args.Length > 1 && !context.InGroup
            && services.GetServices<IStartLink>().FirstOrDefault(l => context.Args.StartsWith(l.Prefix, StringComparison.Ordinal)) is { } link)
            return link.HandleAsync(context, context.Args[link.Prefix.Length..], ct);
        var text = BotText.Start(context.UserId, context.Language);
        if (context.Role != Role.Resident)
            text += "\n\n" + services.GetRequiredService<CommandRouter>().Help(context.Role, context.InGroup, context.Language);
        return context.ReplyAsync(text, ct: ct);
    }

    Task HelpAsync(CommandContext context, CancellationToken ct) =>
        context.ReplyAsync(services.GetRequiredService<CommandRouter>().Help(context.Role, context.InGroup, context.Language), ct: ct);

    async Task RoleAsync(CommandContext context, CancellationToken ct)
    {
        var words = context.Words;
        long? userId = null;
        string? roleText = null;
        string? name = null;
        var notAPerson = false;
        if (words.Length == 2 && long.TryParse(words[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && id > 0)
            (userId, roleText, notAPerson) = (id, words[1], ChatUser.IsServiceAccount(id));
        else if (words.Length == 1 && context.Message.ReplyTo is { } replied)
        {
            if (replied.Person is { } target)
                (userId, roleText, name) = (target.Id, words[0], string.Join(' ', target.FirstName, target.LastName).Trim());
            else
                notAPerson = true;
        }

        // A channel post, an anonymous admin, a bot or Telegram itself has no person behind it: say how to name one.
        if (notAPerson)
        {
            await context.ReplyAsync(BotText.RoleNotAPerson(context.Language), ct: ct);
            return;
        }

        if (userId is null || (Roles.Parse(roleText) ?? RoleNames.ParseChinese(roleText)) is not { } role)
        {
            await context.ReplyAsync(BotText.RoleUsage(context.Language), ct: ct);
            return;
        }

        await roles.SetAsync(userId.Value, role, context.Actor, name, ct);
        services.GetRequiredService<CommandMenu>().SetFor(userId.Value, role);
        await audit.WriteAsync(context.Actor, "role.set", $"user:{userId}", new { role = role.Name() }, ct);
        await context.ReplyAsync(BotText.RoleSet(userId.Value, role, context.Language), ct: ct);
    }
}
