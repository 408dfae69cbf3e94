using FraudWatch.Access;
using FraudWatch.Audit;
using Hangfire;

namespace FraudWatch.Groups;

public sealed record GroupView(long ChatId, string Title, string Status, string? Township, string? Village, string[] Tags, string Language, int? Members, bool IsDuty, DateTime UpdatedAt)
{
    public static GroupView From(Group g) => new(g.ChatId, g.Title, g.Status, g.Township, g.Village, g.Tags, g.Language, g.Members, g.IsDuty, g.UpdatedAt);
}

public sealed record GroupPatch(string? Township, string? Village, string[]? Tags, string? Status);

public static class GroupsApi
{
    static readonly string[] Statuses = ["pending", "active", "left"];

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

    public static void MapGroupsApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/groups").WithTags("Groups");

        api.MapGet("/", async (HttpContext http, string? status, GroupStore groups, CancellationToken ct) =>
        {
            if (status is not null && !Statuses.Contains(status))
                return Results.Problem(statusCode: 400, title: "Invalid status", detail: "status must be pending, active or left.");
            return ListResults.List(http, (await groups.ListAsync(status, ct)).Select(GroupView.From), "groups");
        }).RequireRole(Role.Analyst).WithSummary("Groups with status, township, village, tags and members");

        api.MapPatch("/{chatId:long}", async (long chatId, GroupPatch patch, GroupStore groups, AuditLog audit, HttpContext http, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (patch.Township is not null && !GroupCommands.IsPlaceName(patch.Township))
                errors["township"] = ["1-40 characters, no markup."];
            if (patch.Village is not null && !GroupCommands.IsPlaceName(patch.Village))
                errors["village"] = ["1-40 characters, no markup."];
            if (patch.Tags is not null && !patch.Tags.All(t => GroupCommands.TagShape().IsMatch("#" + t.TrimStart('#'))))
                errors["tags"] = ["tags are 1-32 letters, digits, _ or -."];
            if (patch.Status is not null && !Statuses.Contains(patch.Status))
                errors["status"] = ["pending, active or left."];
            if (errors.Count > 0)
                return Results.ValidationProblem(errors);

            var existing = await groups.GetAsync(chatId, ct);
            if (existing is null)
                return Results.Problem(statusCode: 404, title: "Unknown group", detail: $"No group with chat id {chatId}: add the bot to the group first.");
            if (patch.Status == "active" && ((patch.Township ?? existing.Township) is null || (patch.Village ?? existing.Village) is null))
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["an active group needs a township and a village."] });

            var tags = patch.Tags?.Select(t => t.TrimStart('#').ToLowerInvariant()).Distinct().ToArray();
            var updated = await groups.PatchAsync(chatId, patch.Township, patch.Village, tags, patch.Status, ct);
            await audit.WriteAsync(http.User.Identity?.Name ?? "api", "group.patch", $"group:{chatId}", patch, ct);
            return Results.Ok(GroupView.From(updated!));
        }).RequireRole(Role.Officer).WithSummary("Bind, retag or change the status of a group");
    }
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
