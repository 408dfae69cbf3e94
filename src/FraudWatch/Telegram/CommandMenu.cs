using System.Threading.Channels;
using FraudWatch.Access;

namespace FraudWatch.Telegram;

/// <summary>
/// The command menus Telegram shows, made from the command table: residents' commands in private chats and in
/// groups, and in each officer's or admin's private chat everything their role may use there; each in Chinese
/// (also the default) and English, with the bot's description. Set at start and again when a role changes.
/// The calls wait in a queue of their own and go out one at a time, paced (there are three for every officer and
/// admin); a 429 is waited out for its retry_after and the refused call made again, as is a 5xx or a timeout. So no
/// update waits for Telegram's flood control, and a menu Telegram once refused is still set.
/// </summary>
public sealed class CommandMenu(BotGateway gateway, RoleStore roles, IServiceProvider services, ILogger<CommandMenu> logger) : BackgroundService
{
    const string DescriptionZh = "派出所反诈助手：把可疑短信、聊天或截图发给我，我帮您看看是不是诈骗；也可以直接向民警举报。拿不准请拨打 96110。";
    const string DescriptionEn = "The police anti-fraud helper: send me a suspicious message or screenshot and I will tell you if it looks like a scam, or report it to the police. Not sure? Call 96110.";
    const string ShortZh = "派出所反诈助手：查诈骗、报可疑，拨打 96110。";
    const string ShortEn = "Police anti-fraud helper: check a message, report a scam, call 96110.";
    const int MaxTries = 5;

    /// <summary>Between two menu calls: Telegram documents no limit for them, and ten a second stays clear of its flood control.</summary>
    static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(100);

    static readonly (string? Code, bool English)[] Languages = [(null, false), ("zh", false), ("en", true)];

    readonly Channel<MenuCall> calls = Channel.CreateUnbounded<MenuCall>(new UnboundedChannelOptions { SingleReader = true });

    IReadOnlyCollection<CommandSpec> Table => services.GetRequiredService<CommandRouter>().Table;

    /// <summary>Queues every menu and description; reads the roles first, so a database error queues nothing.</summary>
    public async Task SetAllAsync(CancellationToken ct)
    {
        var privileged = await roles.PrivilegedAsync(ct);
        foreach (var (code, english) in Languages)
        {
            Set(Menu(Role.Resident, inGroup: false, english), new BotCommandTarget(Private: true), code);
            Set(Menu(Role.Resident, inGroup: true, english), new BotCommandTarget(Groups: true), code);
            calls.Writer.TryWrite(new MenuCall("setMyDescription",
                token => gateway.SetDescriptionAsync(english ? DescriptionEn : DescriptionZh, english ? ShortEn : ShortZh, code, token)));
        }

        foreach (var (userId, role) in privileged)
            SetFor(userId, role);
    }

    /// <summary>Queues the menu of one person's private chat, after their role changed.</summary>
    public void SetFor(long userId, Role role)
    {
        foreach (var (code, english) in Languages)
            Set(Menu(role, inGroup: false, english), new BotCommandTarget(ChatId: userId), code);
    }

    void Set(IEnumerable<(string Name, string Description)> commands, BotCommandTarget target, string? language)
    {
        var menu = commands.ToList();
        calls.Writer.TryWrite(new MenuCall("setMyCommands", token => gateway.SetCommandsAsync(menu, target, language, token)));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var call in calls.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(call, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("{Method} failed: {Error}", call.Method, e.Message);
            }
        }
    }

    async Task SendAsync(MenuCall call, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (!gateway.DryRun)
                await Task.Delay(Gap, ct);
            var outcome = await call.Send(ct);
            if (outcome.Delivered)
                return;
            if (attempt == MaxTries || outcome.Kind is not (SendOutcomeKind.RateLimited or SendOutcomeKind.Transient))
            {
                logger.LogWarning("{Method} failed: {Error}", call.Method, outcome.Reason);
                return;
            }

            // Every menu call waits: a 429 tells the bot to pause, not only this call.
            var wait = outcome.RetryAfter ?? TimeSpan.FromSeconds(Math.Pow(2, attempt));
            logger.LogInformation("{Method} refused ({Error}); trying again in {Delay}", call.Method, outcome.Reason, wait);
            await Task.Delay(wait, ct);
        }
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
        return TextCut.Head(text, 256);
    }

    sealed record MenuCall(string Method, Func<CancellationToken, Task<SendOutcome>> Send);
}
