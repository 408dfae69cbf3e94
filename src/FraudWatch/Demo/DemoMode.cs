using FraudWatch.Storage;

namespace FraudWatch.Demo;

/// <summary><c>--demo</c> on the command line: fill an empty database with the demo county, then run as usual.</summary>
public static class DemoMode
{
    const string Flag = "--demo";

    /// <summary>The arguments without the flag, so the configuration's command-line parser never sees it.</summary>
    public static string[] WithoutFlag(string[] args) => args.Where(a => a != Flag).ToArray();

    /// <summary>
    /// With <c>--demo</c>, seeds the demo county (never with a bot token). Without it, refuses to run a live bot on a
    /// database the demo filled: its officers are fixed Telegram ids, which a live bot would give to real strangers, and
    /// its 25 groups are invented chats.
    /// </summary>
    public static async Task SeedDemoIfAskedAsync(this WebApplication app, string[] args)
    {
        var live = !string.IsNullOrWhiteSpace(app.Configuration["Telegram:BotToken"]);
        if (!args.Contains(Flag))
        {
            if (live && await StoppingOnFailureAsync(app, () => ActivatorUtilities.CreateInstance<DemoSeeder>(app.Services).HoldsDemoAsync(app.Lifetime.ApplicationStopping)))
            {
                throw Refuse(app, "this database holds the --demo county (roles for fixed Telegram ids, invented groups), which a live bot "
                    + "must not use: with Telegram__BotToken set, point ConnectionStrings__FraudWatch (or FraudWatch__DataDirectory) at a fresh "
                    + "database, or unset the token to keep trying the demo in dry-run.");
            }

            return;
        }

        // The demo gives roles to fixed Telegram ids: with a live bot those would be real strangers.
        if (live)
            throw Refuse(app, "--demo refuses to run with Telegram__BotToken set, because it gives roles to fixed Telegram ids; unset the token (dry-run) to try the demo.");
        var (_, refusal) = await StoppingOnFailureAsync(app, () => ActivatorUtilities.CreateInstance<DemoSeeder>(app.Services).SeedAsync(app.Lifetime.ApplicationStopping));
        if (refusal is not null)
            throw Refuse(app, refusal);
    }

    /// <summary>The host never ran, so nothing else stops the embedded cluster: it is stopped before start-up ends.</summary>
    static StartupException Refuse(WebApplication app, string message)
    {
        app.Services.GetService<EmbeddedPostgres>()?.Stop();
        return new StartupException(message);
    }

    static async Task<T> StoppingOnFailureAsync<T>(WebApplication app, Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch
        {
            app.Services.GetService<EmbeddedPostgres>()?.Stop();
            throw;
        }
    }
}
