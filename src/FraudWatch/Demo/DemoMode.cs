using FraudWatch.Storage;

namespace FraudWatch.Demo;

/// <summary><c>--demo</c> on the command line: fill an empty database with the demo county, then run as usual.</summary>
public static class DemoMode
{
    const string Flag = "--demo";

    /// <summary>The arguments without the flag, so the configuration's command-line parser never sees it.</summary>
    public static string[] WithoutFlag(string[] args) => args.Where(a => a != Flag).ToArray();

    public static async Task SeedDemoIfAskedAsync(this WebApplication app, string[] args)
    {
        if (!args.Contains(Flag))
            return;
        if (!string.IsNullOrWhiteSpace(app.Configuration["Telegram:BotToken"]))
        {
            // The demo gives roles to fixed Telegram ids: with a live bot those would be real strangers.
            app.Services.GetService<EmbeddedPostgres>()?.Stop();
            throw new StartupException("--demo refuses to run with Telegram__BotToken set, because it gives roles to fixed Telegram ids; unset the token (dry-run) to try the demo.");
        }

        string? refusal;
        try
        {
            (_, refusal) = await ActivatorUtilities.CreateInstance<DemoSeeder>(app.Services).SeedAsync(app.Lifetime.ApplicationStopping);
        }
        catch
        {
            app.Services.GetService<EmbeddedPostgres>()?.Stop();
            throw;
        }

        if (refusal is not null)
        {
            // The host never ran, so nothing else stops the embedded cluster.
            app.Services.GetService<EmbeddedPostgres>()?.Stop();
            throw new StartupException(refusal);
        }
    }
}
