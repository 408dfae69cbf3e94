using FraudWatch.Broadcasting;
using FraudWatch.Telegram;
using Microsoft.Extensions.Options;

namespace FraudWatch.Campaigns;

public static class CampaignsExtensions
{
    public static void AddCampaigns(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => new TemplateCatalog(sp.GetRequiredService<IOptions<FraudWatchOptions>>().Value.ResolvedTemplatesDirectory));
        builder.Services.AddSingleton<WarningRenderer>();
        builder.Services.AddSingleton<IDeliveryRenderer, CampaignDeliveryRenderer>();
        builder.Services.AddSingleton<CampaignStore>();
        builder.Services.AddSingleton<IRunCloser>(sp => sp.GetRequiredService<CampaignStore>());
        builder.Services.AddSingleton<TownshipStats>();
        builder.Services.AddSingleton<CampaignService>();
        builder.Services.AddSingleton<Reports.IAlertBroadcaster, CampaignAlertBroadcaster>();
        builder.Services.AddSingleton<CampaignViews>();
        builder.Services.AddTransient<CampaignJobs>();
        builder.Services.AddSingleton<ICommandModule, CampaignCommands>();
        builder.Services.AddHostedService<CampaignSweeper>();
    }

    /// <summary>Maps the templates and campaigns routes under <c>/api/v1</c> (officer).</summary>
    public static void MapCampaignsApi(this IEndpointRouteBuilder app) => CampaignsApi.Map(app);
}

/// <summary>
/// Starts one-shot campaigns whose Hangfire job never ran (lost, or the instance was down at the time), and expires
/// campaigns whose expiry passed between runs.
/// </summary>
sealed class CampaignSweeper(CampaignStore store, CampaignService campaigns, ILogger<CampaignSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        do
        {
            try
            {
                await campaigns.ExpireDueAsync(stoppingToken);
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
