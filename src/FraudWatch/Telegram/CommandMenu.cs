using FraudWatch.Access;

namespace FraudWatch.Telegram;

/// <summary>
/// The command menus Telegram shows, made from the command table: residents' commands in private chats and in
/// groups, and in each officer's or admin's private chat everything their role may use there; each in Chinese
/// (also the default) and English, with the bot's description. Set at start and again when a role changes.
/// </summary>
public sealed class CommandMenu(BotGateway gateway, RoleStore roles, IServiceProvider services, ILogger<CommandMenu> logger)
{
    const string DescriptionZh = "派出所反诈助手：把可疑短信、聊天或截图发给我，我帮您看看是不是诈骗；也可以直接向民警举报。拿不准请拨打 96110。";
    const string DescriptionEn = "The police anti-fraud helper: send me a suspicious message or screenshot and I will tell you if it looks like a scam, or report it to the police. Not sure? Call 96110.";
    const string ShortZh = "派出所反诈助手：查诈骗、报可疑，拨打 96110。";
    const string ShortEn = "Police anti-fraud helper: check a message, report a scam, call 96110.";

    static readonly (string? Code, bool English)[] Languages = [(null, false), ("zh", false), ("en", true)];

    IReadOnlyCollection<CommandSpec> Table => services.GetRequiredService<CommandRouter>().Table;

    public async Task SetAllAsync(CancellationToken ct)
    {
        foreach (var (code, english) in Languages)
        {
            await SetAsync(Menu(Role.Resident, inGroup: false, english), new BotCommandTarget(Private: true), code, ct);
            await SetAsync(Menu(Role.Resident, inGroup: true, english), new BotCommandTarget(Groups: true), code, ct);
            Check(await gateway.SetDescriptionAsync(english ? DescriptionEn : DescriptionZh, english ? ShortEn : ShortZh, code, ct), "setMyDescription");
        }

        foreach (var (userId, role) in await roles.PrivilegedAsync(ct))
            await SetForAsync(userId, role, ct);
    }

    /// <summary>The menu of one person's private chat, after their role changed.</summary>
    public async Task SetForAsync(long userId, Role role, CancellationToken ct)
    {
        foreach (var (code, english) in Languages)
            await SetAsync(Menu(role, inGroup: false, english), new BotCommandTarget(ChatId: userId), code, ct);
    }

    IEnumerable<(string Name, string Description)> Menu(Role role, bool inGroup, bool english) =>
        Table.Where(c => c.MinRole.Allows(role))
            .Where(c => inGroup ? c.Scope != CommandScope.PrivateOnly : c.Scope != CommandScope.GroupOnly)
            .OrderBy(c => c.MinRole).ThenBy(c => c.Name)
            .Select(c => (c.Name, Describe(c.Description, english)));

    /// <summary>Descriptions are written "English / 中文"; a menu shows one language.</summary>
    internal static string Describe(string description, bool english)
    {
        var at = description.LastIndexOf(" / ", StringComparison.Ordinal);
        var text = at < 0 ? description : english ? description[..at] : description[(at + 3)..];
        return text.Length > 256 ? text[..256] : text;
    }

    async Task SetAsync(IEnumerable<(string Name, string Description)> commands, BotCommandTarget target, string? language, CancellationToken ct) =>
        Check(await gateway.SetCommandsAsync(commands, target, language, ct), "setMyCommands");

    void Check(SendOutcome outcome, string method)
    {
        if (!outcome.Delivered)
            logger.LogWarning("{Method} failed: {Error}", method, outcome.Reason);
    }
}
