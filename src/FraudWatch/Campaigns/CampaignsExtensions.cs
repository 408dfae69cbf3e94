using FraudWatch.Broadcasting;
using FraudWatch.Telegram;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace FraudWatch.Campaigns;

public static class CampaignsExtensions
{
    public static void AddCampaigns(this WebApplicationBuilder builder)
    {
        BroadcastOptions.CheckShape(builder.Configuration);
        builder.Services.AddOptions<BroadcastOptions>().BindConfiguration(BroadcastOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BroadcastOptions>, BroadcastOptionsValidator>();

        builder.Services.AddSingleton(sp => new TemplateCatalog(sp.GetRequiredService<IOptions<FraudWatchOptions>>().Value.ResolvedTemplatesDirectory));
        builder.Services.AddSingleton<WarningRenderer>();
        builder.Services.AddSingleton<CampaignStore>();
        builder.Services.AddSingleton<TownshipStats>();
        builder.Services.AddSingleton<CampaignService>();
        builder.Services.AddSingleton<Reports.IAlertBroadcaster, CampaignAlertBroadcaster>();
        builder.Services.AddSingleton<CampaignViews>();
        builder.Services.AddTransient<CampaignJobs>();
        builder.Services.AddSingleton<ICommandModule, CampaignCommands>();
        builder.Services.AddHostedService<CampaignSweeper>();

        builder.Services.AddSingleton<SendRateLimiter>();
        builder.Services.AddSingleton<DeliveryStore>();
        builder.Services.AddSingleton(sp =>
        {
            var live = sp.GetService<ITelegramBotClient>() is not null && !sp.GetRequiredService<TelegramStatus>().DryRun;
            return ActivatorUtilities.CreateInstance<DeliverySender>(sp, live ? [CreateBot(sp)] : []);
        });
        builder.Services.AddSingleton<BroadcastEngine>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BroadcastEngine>());
    }

    /// <summary>A client of its own for broadcasts: Telegram.Bot's automatic 429 retries would hide the pause from other instances.</summary>
    static BroadcastBot CreateBot(IServiceProvider sp)
    {
        var o = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 256 })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        return new BroadcastBot(new TelegramBotClient(new TelegramBotClientOptions(o.BotToken!, o.ApiBaseUrl.TrimEnd('/')) { RetryCount = 0 }, http));
    }
}

/// <summary>Starts one-shot campaigns whose Hangfire job never ran (lost, or the instance was down at the time).</summary>
sealed class CampaignSweeper(CampaignStore store, CampaignService campaigns, ILogger<CampaignSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        do
        {
            try
            {
                foreach (var (id, runAt) in await store.OverdueAsync(stoppingToken))
                    await campaigns.StartRunAsync(id, runAt, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Campaign sweep failed: {Error}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
