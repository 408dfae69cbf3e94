using System.ComponentModel;
using FraudWatch.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using FraudWatch.Audit;
using Microsoft.Extensions.Options;

namespace FraudWatch.Groups;

/// <summary>A group as the API shows it; Language is the one its messages are in: as set, else the county default.</summary>
public sealed record GroupView(long ChatId, string Title, string Status, string? Township, string? Village, string[] Tags, string Language, int? Members, bool IsDuty, DateTime UpdatedAt)
{
    public static GroupView From(Group g, string countyLanguage) =>
        new(g.ChatId, g.Title, g.Status, g.Township, g.Village, g.Tags, ReplyLanguage.Parse(g.Language) ?? countyLanguage, g.Members, g.IsDuty, g.UpdatedAt);
}

/// <summary>Language: zh (or zh-CN) or en, the language of the group's replies and warnings.</summary>
public sealed record GroupPatch(string? Township, string? Village, string[]? Tags, string? Status, string? Language = null);

public static class GroupsApi
{
    static readonly string[] Statuses = ["pending", "active", "left"];

    internal static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/groups").WithTags("Groups");
        api.MapGet("/", ListGroups).WithName(nameof(ListGroups)).RequireRole(Role.Analyst).ProducesProblem(StatusCodes.Status400BadRequest).WithSummary("Groups with status, township, village, tags, language and members; ?format=csv");
        api.MapPatch("/{chatId:long}", PatchGroup).WithName(nameof(PatchGroup)).RequireRole(Role.Officer).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Bind, retag, change the status or the language (zh or en) of a group");
    }

    public static async Task<Results<Ok<IEnumerable<GroupView>>, CsvList<GroupView>, ProblemHttpResult>> ListGroups(
        HttpContext http, [Description("Only groups in this status: pending, active or left.")] string? status, GroupStore groups, IOptions<FraudWatchOptions> options, CancellationToken ct)
    {
        if (status is not null && !Statuses.Contains(status))
            return TypedResults.Problem(statusCode: 400, title: "Invalid status", detail: "status must be pending, active or left.");
        var county = options.Value.CountyLanguage;
        var rows = (await groups.ListAsync(status, ct)).Select(g => GroupView.From(g, county));
        return http.WantsCsv() ? new CsvList<GroupView>(rows, "groups") : TypedResults.Ok(rows);
    }

    public static async Task<Results<Ok<GroupView>, ValidationProblem, ProblemHttpResult>> PatchGroup(
        long chatId, GroupPatch patch, GroupStore groups, AuditLog audit, IOptions<FraudWatchOptions> options, HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (patch.Township is not null && !GroupCommands.IsPlaceName(patch.Township))
            errors["township"] = ["1-40 characters, no markup."];
        if (patch.Village is not null && !GroupCommands.IsPlaceName(patch.Village))
            errors["village"] = ["1-40 characters, no markup."];
        if (patch.Tags is not null && !patch.Tags.All(t => t is not null && GroupCommands.TagShape().IsMatch("#" + t.TrimStart('#'))))
            errors["tags"] = ["tags are strings of 1-32 letters, digits, _ or - (no null)."];
        if (patch.Status is not null && !Statuses.Contains(patch.Status))
            errors["status"] = ["pending, active or left."];
        var language = GroupCommands.ParseLanguage(patch.Language);
        if (patch.Language is not null && language is null)
            errors["language"] = ["zh or en."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var existing = await groups.GetAsync(chatId, ct);
        if (existing is null)
            return TypedResults.Problem(statusCode: 404, title: "Unknown group", detail: $"No group with chat id {chatId}: add the bot to the group first.");
        if (patch.Status == "active" && ((patch.Township ?? existing.Township) is null || (patch.Village ?? existing.Village) is null))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["an active group needs a township and a village."] });

        var tags = patch.Tags?.Select(t => t.TrimStart('#').ToLowerInvariant()).Distinct().ToArray();
        var updated = await groups.PatchAsync(chatId, patch.Township, patch.Village, tags, patch.Status, language, ct);
        await audit.WriteAsync(http.User.Identity?.Name ?? "api", "group.patch", $"group:{chatId}", patch, ct);
        return TypedResults.Ok(GroupView.From(updated!, options.Value.CountyLanguage));
    }
}
