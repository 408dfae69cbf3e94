using FraudWatch.Telegram;

namespace FraudWatch.Reports;

public static class ReportsExtensions
{
    public static void AddReports(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ReportsOptions, ReportsOptionsValidator>(ReportsOptions.Section);
        builder.Services.AddSingleton<Pseudonyms>();
        builder.Services.AddSingleton<ReportStore>();
        builder.Services.AddSingleton<ReputationStore>();
        builder.Services.AddSingleton<Groups.IGroupHistory>(sp => sp.GetRequiredService<ReportStore>());
        builder.Services.AddSingleton<Groups.IGroupHistory>(sp => sp.GetRequiredService<ReputationStore>());
        builder.Services.AddSingleton<OfficialNumbers>();
        builder.Services.AddSingleton<DutyDesk>();
        builder.Services.AddSingleton<DetectionModel>();
        builder.Services.AddSingleton<Checker>();
        builder.Services.AddSingleton<CountyModelStore>();
        builder.Services.AddTransient<CountyLearningJob>();
        builder.Services.AddSingleton<CountyModelWatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CountyModelWatcher>());
        builder.Services.AddSingleton<IStartLink, ReportLinks>();
        builder.Services.AddSingleton<WaveAlerts>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WaveAlerts>());
        builder.Services.AddSingleton<WaveDesk>();
        builder.Services.AddSingleton<ICallbackHandler>(sp => sp.GetRequiredService<WaveDesk>());
        builder.Services.AddSingleton<PrivateCheckStore>();
        builder.Services.AddSingleton<IMessageWatcher, PrivateChecks>();
        builder.Services.AddSingleton<ICallbackHandler, PrivateCheckButtons>();
        builder.Services.AddSingleton<CheckDisputes>();
        builder.Services.AddSingleton<DisputeDesk>();
        builder.Services.AddSingleton<ICallbackHandler>(sp => sp.GetRequiredService<DisputeDesk>());
        builder.Services.AddSingleton<DutyPoster>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DutyPoster>());
        builder.Services.AddHealthChecks().AddCheck<DutyGroupCheck>("duty", tags: ["ready"]);
        builder.Services.AddSingleton<WaveJoiner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WaveJoiner>());
        builder.Services.AddSingleton<QueuedReplies>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<QueuedReplies>());
        builder.Services.AddSingleton<OutcomeService>();
        builder.Services.AddSingleton<ICommandModule, ReportCommands>();
        builder.Services.AddSingleton<IMessageWatcher, WarningWatcher>();
        builder.Services.AddSingleton<ICallbackHandler, OutcomeButtons>();
        builder.Services.AddSingleton<ICallbackHandler, TypeButtons>();
        builder.AddValidatedOptions<RetentionOptions, RetentionOptionsValidator>(RetentionOptions.Section);
        builder.Services.AddTransient<ReportRetentionJob>();
        builder.Services.AddHostedService<RetentionRegistration>();
    }


    /// <summary>Maps the reports, outcome, type, check, dispute and reputation routes under <c>/api/v1</c> (assistant), and the
    /// county models' routes under <c>/api/v1/detection</c> (admin).</summary>
    public static void MapReportsApi(this IEndpointRouteBuilder app)
    {
        ReportsApi.Map(app);
        DisputesApi.Map(app);
        CountyModelsApi.Map(app);
    }
}
