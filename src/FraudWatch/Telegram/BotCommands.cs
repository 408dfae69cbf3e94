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
        new("role", Role.Admin, CommandScope.Anywhere, "/role <user-id> <role>", "give a role (or reply to someone with /role <role>) / 设置角色", RoleAsync),
    ];

    /// <summary>What the bot does for this person, and their Telegram id (an admin needs it for /role).</summary>
    Task StartAsync(CommandContext context, CancellationToken ct)
    {
        if (context.Args.Length > 1 && !context.InGroup
            && services.GetServices<IStartLink>().FirstOrDefault(l => context.Args.StartsWith(l.Prefix, StringComparison.Ordinal)) is { } link)
            return link.HandleAsync(context, context.Args[link.Prefix.Length..], ct);
        var english = context.Message.From?.LanguageCode?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true;
        var id = context.UserId.ToString(CultureInfo.InvariantCulture);
        var text = english
            ? "Hello! I am the police anti-fraud helper.\n" +
              "• Forward me a suspicious message, or send a screenshot: I will tell you if it looks like a scam.\n" +
              "• /report tells the police about it.\n" +
              $"Your Telegram id is <code>{id}</code>.\n" +
              "Not sure? Call the anti-fraud hotline 96110."
            : "您好！我是派出所的反诈助手。\n" +
              "• 把可疑短信、聊天转发给我，或发截图，我帮您看看是不是诈骗；\n" +
              "• 发 /report 加内容，就能向民警举报。\n" +
              $"您的 Telegram 编号是 <code>{id}</code>。\n" +
              "拿不准请拨打反诈专线 96110。";
        if (context.Role != Role.Resident)
            text += "\n\n" + services.GetRequiredService<CommandRouter>().Help(context.Role, context.InGroup);
        return context.ReplyAsync(text, ct: ct);
    }

    Task HelpAsync(CommandContext context, CancellationToken ct) =>
        context.ReplyAsync(services.GetRequiredService<CommandRouter>().Help(context.Role, context.InGroup), ct: ct);

    async Task RoleAsync(CommandContext context, CancellationToken ct)
    {
        var words = context.Words;
        long? userId = null;
        string? roleText = null;
        string? name = null;
        if (words.Length == 2 && long.TryParse(words[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && id > 0)
            (userId, roleText) = (id, words[1]);
        else if (words.Length == 1 && context.Message.ReplyTo?.From is { IsBot: false } target)
            (userId, roleText, name) = (target.Id, words[0], string.Join(' ', target.FirstName, target.LastName).Trim());

        if (userId is null || Roles.Parse(roleText) is not { } role)
        {
            await context.ReplyAsync("Usage: /role &lt;user-id&gt; &lt;resident|assistant|officer|analyst|admin&gt;, or reply to someone's message with /role &lt;role&gt;.", ct: ct);
            return;
        }

        await roles.SetAsync(userId.Value, role, context.Actor, name, ct);
        await services.GetRequiredService<CommandMenu>().SetForAsync(userId.Value, role, ct);
        await audit.WriteAsync(context.Actor, "role.set", $"user:{userId}", new { role = role.Name() }, ct);
        await context.ReplyAsync($"User {userId} is now {role.Name()} ({RoleNames.Chinese(role)}).", ct: ct);
    }
}
