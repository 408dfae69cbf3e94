using Dapper;
using FraudWatch.Campaigns;
using FraudWatch.Groups;
using FraudWatch.Telegram;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FraudWatch.Reports;

/// <summary>Outcome of an urgent alert broadcast: groups targeted, sent (or recorded in dry-run), failed.</summary>
public sealed record AlertResult(int Targeted, int Sent, int Failed, string? Error = null, long? CampaignId = null);

/// <summary>
/// Sends the <c>urgent_alert</c> template for a confirmed number or link to a target at once. The campaign engine
/// replaces the direct fallback when it is registered (delivery records, rate limits, resume after a crash).
/// </summary>
public interface IAlertBroadcaster
{
    Task<AlertResult> BroadcastAsync(string value, string kind, string target, string? note, long officerId, CancellationToken ct);
}

/// <summary>Fallback: renders urgent_alert per active group matching the target and sends it with ChatSender, one group after another.</summary>
public sealed class DirectAlertBroadcaster(
    GroupStore groups, ChatSender sender, NpgsqlDataSource db, IServiceProvider services, IOptions<FraudWatchOptions> options, TimeProvider clock)
    : IAlertBroadcaster
{
    const string Template = "urgent_alert";
    readonly Lazy<TemplateCatalog> catalog = new(() =>
        services.GetService<TemplateCatalog>() ?? new TemplateCatalog(options.Value.ResolvedTemplatesDirectory));

    public async Task<AlertResult> BroadcastAsync(string value, string kind, string target, string? note, long officerId, CancellationToken ct)
    {
        if (AlertTarget.Parse(target) is not { } targets)
            return new AlertResult(0, 0, 0, $"'{target}' is not a target.");
        var matching = (await groups.ListAsync("active", ct)).Where(g => targets.Any(t => t.Matches(g))).ToList();
        var officer = await OfficerAsync(officerId, ct);
        var now = clock.GetUtcNow().ToOffset(options.Value.Zone.GetUtcOffset(clock.GetUtcNow()));
        var stats = new Dictionary<string, StatsModel>();
        int sent = 0, failed = 0;
        string? error = null;
        foreach (var group in matching)
        {
            var township = group.Township ?? "";
            if (!stats.TryGetValue(township, out var townshipStats))
                stats[township] = townshipStats = await StatsAsync(township, now, ct);
            var model = new WarningModel(new GroupModel(township, group.Village ?? "", group.Title), officer, "96110", now, townshipStats,
                new AlertModel(value, kind, note ?? ""));
            var rendered = catalog.Value.Render(Template, group.Language, model);
            if (!rendered.Ok)
            {
                failed++;
                error = rendered.Error;
                continue;
            }

            var result = await sender.SendAsync(group.ChatId, rendered.Text!, ct: ct);
            if (result.Status is SendStatus.Sent or SendStatus.DryRun)
                sent++;
            else
                failed++;
        }

        return new AlertResult(matching.Count, sent, failed, error);
    }

    async Task<OfficerModel> OfficerAsync(long officerId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var name = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT display_name FROM user_roles WHERE user_id = @officerId", new { officerId }, cancellationToken: ct));
        return new OfficerModel(string.IsNullOrWhiteSpace(name) ? "值班民警" : name, "110");
    }

    async Task<StatsModel> StatsAsync(string township, DateTimeOffset now, CancellationToken ct)
    {
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, now.Offset).UtcDateTime;
        await using var connection = await db.OpenConnectionAsync(ct);
        var (reports, prevented) = await connection.QuerySingleAsync<(long, long)>(new CommandDefinition("""
            SELECT count(*), count(*) FILTER (WHERE r.outcome IN ('dissuaded', 'intercepted'))
            FROM reports r JOIN groups g ON g.id = r.group_id
            WHERE g.township = @township AND r.created_at >= @monthStart
            """, new { township, monthStart }, cancellationToken: ct));
        return new StatsModel((int)reports, (int)prevented);
    }
}
