using FraudWatch;
using FraudWatch.Access;
using FraudWatch.Analytics;
using FraudWatch.Audit;
using FraudWatch.Broadcasting;
using FraudWatch.Campaigns;
using FraudWatch.Demo;
using FraudWatch.Groups;
using FraudWatch.Health;
using FraudWatch.Jobs;
using FraudWatch.Metrics;
using FraudWatch.Ocr;
using FraudWatch.Reports;
using FraudWatch.Storage;
using FraudWatch.Telegram;
using FraudWatch.Waves;
using FraudWatch.WebConsole;

if (HealthProbe.IsAsked(args))
    return await HealthProbe.RunAsync(args);

return await HostingExtensions.RunOrExplainAsync(async () =>
{
    // Settings are read and validated once at start; watching the working directory for appsettings.json changes
    // would also watch the embedded cluster's files under it, costing CPU on every database write.
    var builder = WebApplication.CreateBuilder([.. DemoMode.WithoutFlag(args), "--hostBuilder:reloadConfigOnChange=false"]);
    builder.AddSettings();
    builder.AddAudit();
    builder.AddTelegram();
    builder.AddAccess();
    builder.AddJobs();
    builder.AddGroups();
    builder.AddBroadcasting();
    builder.AddCampaigns();
    builder.AddOcr();
    builder.AddWaves();
    builder.AddReports();
    builder.AddAnalytics();
    builder.AddHealth();
    builder.AddHttpApi();
    builder.AddWebConsole();
    builder.AddMetrics();
    // Last: every section above is checked before the database is started, connected to or migrated.
    builder.AddStorage();

    var app = builder.Build();
    await app.SeedDemoIfAskedAsync(args);
    app.UseHttpApi();
    app.MapHealth();
    app.MapMetrics();
    app.MapTelegramWebhook();
    app.MapGroupsApi();
    app.MapCampaignsApi();
    app.MapReportsApi();
    app.MapWavesApi();
    app.MapKeysApi();
    app.MapAnalyticsApi();
    app.MapJobsDashboard();
    app.MapWebConsole();
    app.StopEmbeddedPostgresOnExit();
    await app.RunToEndAsync();
});

public partial class Program;
