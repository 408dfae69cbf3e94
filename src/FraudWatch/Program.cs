using FraudWatch;
using FraudWatch.Access;
using FraudWatch.Analytics;
using FraudWatch.Groups;
using FraudWatch.Health;
using FraudWatch.Jobs;
using FraudWatch.Reports;
using FraudWatch.Storage;
using FraudWatch.Telegram;

return await SettingsExtensions.RunOrExplainAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddSettings();
    builder.AddTelegram();
    builder.AddStorage();
    builder.AddAccess();
    builder.AddJobs();
    builder.AddGroups();
    builder.AddAnalytics();
    builder.AddReports();
    builder.AddHealth();
    builder.AddHttpApi();

    var app = builder.Build();
    app.UseHttpApi();
    app.MapHealth();
    app.MapTelegramWebhook();
    app.MapGroupsApi();
    app.MapStatsApi();
    app.MapReportsApi();
    app.MapJobsDashboard();
    app.StopEmbeddedPostgresOnExit();
    await app.RunAsync();
});

public partial class Program;
