using Hangfire;

namespace FraudWatch.Groups;

public static class GroupsExtensions
{
    public static void AddGroups(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<GroupStore>();
        builder.Services.AddSingleton<GroupDirectory>();
        builder.Services.AddSingleton<Telegram.IChatDirectory>(sp => sp.GetRequiredService<GroupDirectory>());
        builder.Services.AddSingleton<Telegram.IChatLifecycle>(sp => sp.GetRequiredService<GroupDirectory>());
        builder.Services.AddSingleton<Telegram.ICommandModule, GroupCommands>();
        builder.Services.AddSingleton<MemberWatcher>();
        builder.Services.AddSingleton<Telegram.IMessageWatcher>(sp => sp.GetRequiredService<MemberWatcher>());
        builder.Services.AddTransient<MemberCountJob>();
        builder.Services.AddHostedService<GroupJobsRegistration>();
    }

    public static void MapGroupsApi(this WebApplication app) => GroupsApi.Map(app);
}

/// <summary>Registers the daily member-count job in the county's time zone.</summary>
sealed class GroupJobsRegistration(IRecurringJobManager jobs, Microsoft.Extensions.Options.IOptions<FraudWatchOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<MemberCountJob>("member-counts", job => job.RunAsync(CancellationToken.None), "15 3 * * *",
            new RecurringJobOptions { TimeZone = options.Value.Zone });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
