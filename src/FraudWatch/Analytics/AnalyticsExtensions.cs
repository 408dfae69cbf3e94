namespace FraudWatch.Analytics;

public static class AnalyticsExtensions
{
    public static void AddAnalytics(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StatsStore>();
        builder.Services.AddSingleton<SummaryStore>();
        builder.Services.AddSingleton<CampaignEffectStore>();
        builder.Services.AddSingleton<WaveStatsStore>();
        builder.Services.AddSingleton<DetectionStatsStore>();
        builder.Services.AddSingleton<Telegram.ICommandModule, StatsCommand>();
        builder.Services.AddHostedService<RollupTimeZone>();
    }

    /// <summary>Maps <c>/api/v1/stats/prevented</c>, <c>/summary</c>, <c>/waves</c>, <c>/detection</c> and <c>/campaign-effect</c> (analyst).</summary>
    public static void MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        StatsApi.Map(app);
        CampaignEffectApi.Map(app);
        WaveStatsApi.Map(app);
        DetectionStatsApi.Map(app);
    }
}
