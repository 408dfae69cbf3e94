using System.Diagnostics;
using System.Globalization;
using Dapper;
using FraudWatch.Campaigns;
using FraudWatch.Detection;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace FraudWatch.Demo;

public sealed record DemoSummary(int Groups, int Members, int People, int Reports, int Indicators, int Campaigns, int Deliveries);

/// <summary>
/// Fills an empty database with the demo county in one transaction: groups, roles, a year of reports (binary COPY)
/// and past campaigns with their deliveries. A database holding any group or report is refused untouched.
/// </summary>
public sealed class DemoSeeder(NpgsqlDataSource db, IOptions<FraudWatchOptions> options, TimeProvider clock, WarningRenderer renderer, ILogger<DemoSeeder> log)
{
    /// <summary>Days of demo reports that join scam waves: the console's waves page shows the last 14 days.</summary>
    const int WaveDays = 14;

    /// <summary>True when the demo filled this database: its roles for fixed Telegram ids, or its duty group.</summary>
    public async Task<bool> HoldsDemoAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM user_roles WHERE granted_by = 'demo') OR EXISTS (SELECT 1 FROM groups WHERE chat_id = @DutyChatId)",
            new { DemoCounty.DutyChatId }, cancellationToken: ct));
    }

    /// <summary>Returns what was loaded, or null with <paramref name="refusal"/> set when the database is not empty.</summary>
    public async Task<(DemoSummary? Summary, string? Refusal)> SeedAsync(CancellationToken ct = default)
    {
        var clockTime = Stopwatch.StartNew();
        var zone = options.Value.Zone;
        var nowUtc = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone));

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Two --demo runs at once must not both see an empty database.
        await connection.ExecuteAsync(new CommandDefinition("LOCK TABLE groups, reports IN SHARE ROW EXCLUSIVE MODE", transaction: transaction, cancellationToken: ct));
        var (groups, reports) = await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(
            "SELECT (SELECT count(*) FROM groups), (SELECT count(*) FROM reports)", transaction: transaction, cancellationToken: ct));
        if (groups > 0 || reports > 0)
            return (null, $"--demo only fills an empty database, and this one already has {groups} groups and {reports} reports: nothing was changed. Point ConnectionStrings__FraudWatch (or FraudWatch__DataDirectory) at a fresh database to see the demo.");

        log.LogInformation("Demo: loading the Cangnan demo county up to {Today} ({Zone})", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), zone.Id);
        var groupIds = await InsertGroupsAsync(connection, transaction, nowUtc, ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO user_roles (user_id, role, display_name, granted_by)
            SELECT * FROM unnest(@ids, @roles, @names, @by) ON CONFLICT (user_id) DO NOTHING
            """, new
        {
            ids = DemoCounty.People.Select(p => p.UserId).ToArray(), roles = DemoCounty.People.Select(p => p.Role).ToArray(),
            names = DemoCounty.People.Select(p => p.Name).ToArray(), by = DemoCounty.People.Select(_ => "demo").ToArray(),
        }, transaction, cancellationToken: ct));
        log.LogInformation("Demo: {Groups} village and community groups ({Members} members), a duty group, {People} officers, assistants and analysts",
            DemoCounty.Groups.Count, DemoCounty.TotalMembers, DemoCounty.People.Count);

        var history = new DemoHistory(today, zone, groupIds).Generate(nowUtc);
        var indicators = await CopyReportsAsync(connection, history, ct);
        log.LogInformation("Demo: {Reports} reports from {First} to {Last} with {Indicators} indicators",
            history.Count, today.AddDays(-364).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), indicators);

        // The last fortnight's reports join their scam waves in the background once the demo runs (WaveJoiner), as a
        // live bot's would have: the waves page and /check's spread lines show the demo's recurring scripts.
        var joining = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE reports SET wave_pending = true WHERE created_at >= @since", new { since = nowUtc.AddDays(-WaveDays) }, transaction, cancellationToken: ct));
        log.LogInformation("Demo: the last {Days} days' {Reports} reports join their scam waves in the background", WaveDays, joining);

        var disputes = await InsertDisputesAsync(connection, transaction, nowUtc, ct);
        log.LogInformation("Demo: {Disputes} private checks residents said were not scams, for officers to review", disputes);

        var deliveries = await InsertCampaignsAsync(connection, transaction, today, zone, groupIds, ct);
        await transaction.CommitAsync(ct);
        log.LogInformation("Demo: {Campaigns} past campaigns with {Deliveries} deliveries; demo data ready in {Seconds:0.0} s",
            DemoCampaigns.Past.Count, deliveries, clockTime.Elapsed.TotalSeconds);
        return (new DemoSummary(DemoCounty.Groups.Count, DemoCounty.TotalMembers, DemoCounty.People.Count, history.Count, indicators, DemoCampaigns.Past.Count, deliveries), null);
    }

    static async Task<Dictionary<long, long>> InsertGroupsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTime nowUtc, CancellationToken ct)
    {
        var all = DemoCounty.Groups;
        var ids = await connection.QueryAsync<(long ChatId, long Id)>(new CommandDefinition("""
            INSERT INTO groups (chat_id, title, chat_type, status, township, village, tags, members, members_updated_at, bound_by, bound_at, created_at, updated_at)
            SELECT chat_id, title, 'supergroup', 'active', township, village, string_to_array(tags, ' ', ''), members, @nowUtc, 900001,
                   @since, @since, @nowUtc
            FROM unnest(@chatIds, @titles, @townships, @villages, @tags, @members) AS g(chat_id, title, township, village, tags, members)
            RETURNING chat_id, id
            """, new
        {
            nowUtc, since = nowUtc.AddDays(-380),
            chatIds = all.Select(g => g.ChatId).ToArray(), titles = all.Select(g => g.Title).ToArray(),
            townships = all.Select(g => g.Township).ToArray(), villages = all.Select(g => g.Village).ToArray(),
            tags = all.Select(g => string.Join(' ', g.Tags)).ToArray(), members = all.Select(g => g.Members).ToArray(),
        }, transaction, cancellationToken: ct));
        // The duty group is the officers' own chat: not a village group, so never a broadcast target.
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO groups (chat_id, title, chat_type, status, members, members_updated_at, is_duty, created_at)
            VALUES (@DutyChatId, '苍南县公安局反诈值班群', 'supergroup', 'pending', 18, @nowUtc, true, @since)
            """, new { DemoCounty.DutyChatId, nowUtc, since = nowUtc.AddDays(-380) }, transaction, cancellationToken: ct));
        return ids.ToDictionary(i => i.ChatId, i => i.Id);
    }

    static async Task<int> CopyReportsAsync(NpgsqlConnection connection, IReadOnlyList<DemoReport> history, CancellationToken ct)
    {
        await using (var writer = await connection.BeginBinaryImportAsync("""
            COPY reports (id, group_id, chat_id, message_id, reporter_user_id, text, language, fraud_type, guessed_type, type_by, type_at, score, status,
                          outcome, amount, outcome_note, outcome_by, outcome_at, duty_chat_id, duty_message_id, created_at) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var r in history)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(r.Id, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(r.GroupId, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(r.ChatId, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(r.MessageId, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(r.Reporter, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(r.Text, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(r.Detection.Language, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(r.Type, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(writer, r.GuessedType, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(writer, r.GuessedType is null ? null : r.OutcomeBy, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(writer, r.GuessedType is null ? null : r.OutcomeUtc, NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(r.Detection.Classification.Score, NpgsqlDbType.Double, ct);
                await writer.WriteAsync(r.Outcome is null ? "new" : "resolved", NpgsqlDbType.Text, ct);
                await WriteNullableAsync(writer, r.Outcome, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(writer, r.Amount, NpgsqlDbType.Numeric, ct);
                await WriteNullableAsync(writer, r.Note, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(writer, r.OutcomeBy, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(writer, r.OutcomeUtc, NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(DemoCounty.DutyChatId, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(r.DutyMessageId, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(r.CreatedUtc, NpgsqlDbType.TimestampTz, ct);
            }

            await writer.CompleteAsync(ct);
        }

        var count = 0;
        await using (var writer = await connection.BeginBinaryImportAsync("COPY report_indicators (report_id, kind, value, raw) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var r in history)
            {
                foreach (var i in r.Detection.Indicators.DistinctBy(i => (i.KindCode, i.Value)))
                {
                    await writer.WriteRowAsync(ct, r.Id, i.KindCode, i.Value, i.Raw);
                    count++;
                }
            }

            await writer.CompleteAsync(ct);
        }

        // COPY wrote explicit ids: move the identity past them so the next /report gets the next number.
        await connection.ExecuteAsync(new CommandDefinition("SELECT setval(pg_get_serial_sequence('reports', 'id'), greatest((SELECT max(id) FROM reports), 1))", cancellationToken: ct));
        return count;
    }

    static Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? writer.WriteNullAsync(ct) : writer.WriteAsync(value, type, ct);

    /// <summary>
    /// Made-up messages residents checked in private and marked "Not a scam": only those the classifier in fact calls a
    /// scam are disputes. Some reviewed (the resident warned, or the bot found wrong), the rest open in the console.
    /// </summary>
    static readonly (string Text, string? ReviewedAs, string? Type, int HoursAgo)[] Disputes =
    [
        ("【菜鸟驿站】您的包裹因地址不详无法派送，请拨打快递员电话 138 0577 1234 联系改派。", null, null, 5),
        ("【ETC服务】您的ETC卡已失效，请点击 etc-renzheng.cn 重新认证，逾期将停用。", "fraud", "fake_customer_service", 30),
        ("尊敬的用户，您的京东白条账户将影响征信，请立即联系客服 400-882-1234 注销。", "fraud", "fake_credit", 52),
        ("【医保局】您的医保卡因异常使用已被冻结，请拨打 0577-6688 1234 办理解冻，逾期将注销。", null, null, 2),
    ];

    static async Task<int> InsertDisputesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTime nowUtc, CancellationToken ct)
    {
        var rows = Disputes
            .Select((d, i) => (d, i, Classification: Detector.Analyze(d.Text).Classification))
            .Where(x => x.Classification.Verdict == Verdict.Fraud)
            .Select(x => new
            {
                user = 7_900_000L + x.i, message = 20L + x.i, text = x.d.Text, guessed = x.Classification.Type,
                at = nowUtc.AddHours(-x.d.HoursAgo), reviewedAs = x.d.ReviewedAs, type = x.d.Type,
                by = x.d.ReviewedAs is null ? null : DemoCounty.People.First(p => p.Role == "assistant").Name,
            })
            .ToList();
        foreach (var row in rows)
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO private_checks (user_id, chat_id, message_id, text, language, verdict, guessed_type, feedback, feedback_at,
                                            reviewed_as, reviewed_type, reviewed_by, reviewed_at, created_at)
                VALUES (@user, @user, @message, @text, 'zh-CN', 'fraud', @guessed, 'not_fraud', @at,
                        @reviewedAs, @type, @by, CASE WHEN @reviewedAs::text IS NULL THEN NULL ELSE @at + interval '40 minutes' END, @at - interval '1 minute')
                """, row, transaction, cancellationToken: ct));
        return rows.Count;
    }

    async Task<int> InsertCampaignsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateOnly today, TimeZoneInfo zone,
        IReadOnlyDictionary<long, long> groupIds, CancellationToken ct)
    {
        var deliveries = 0;
        foreach (var c in DemoCampaigns.Past)
        {
            var local = today.AddDays(-c.DaysAgo).ToDateTime(new TimeOnly(c.Hour, 0));
            var runAt = TimeZoneInfo.ConvertTimeToUtc(local, zone);
            var officer = DemoCounty.People.Single(p => p.UserId == c.Officer);
            var phone = DemoCampaigns.OfficerPhone(c.Officer);
            var targets = DemoCounty.Groups.Where(c.Matches).ToList();
            var campaignId = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                INSERT INTO campaigns (template, target, schedule_kind, schedule, run_at, time_zone, status, created_by, officer_name, officer_phone, created_at)
                VALUES (@Template, @Target, 'at', @schedule, @runAt, @zone, 'done', @createdBy, @name, @phone, @createdAt)
                RETURNING id
                """, new
            {
                c.Template, c.Target, schedule = $"at {local:yyyy-MM-dd HH:mm}", runAt, zone = zone.Id, createdBy = $"tg:{c.Officer}",
                name = officer.Name, phone, createdAt = runAt.AddHours(-20),
            }, transaction, cancellationToken: ct));
            var runId = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                INSERT INTO campaign_runs (campaign_id, occurrence_at, status, targeted, started_at, finished_at)
                VALUES (@campaignId, @runAt, 'done', @targeted, @runAt, @finished) RETURNING id
                """, new { campaignId, runAt, targeted = targets.Count, finished = runAt.AddSeconds(2 + targets.Count) }, transaction, cancellationToken: ct));
            // The last fortnight ran on this installation in dry-run; older ones were sent by the county's bot.
            var status = c.DaysAgo <= 14 ? "dry_run" : "sent";
            var texts = targets.Select(g => renderer.Render(c.Template, null, g.Township, g.Village, g.Title, "zh-CN", officer.Name, phone).Text ?? "").ToArray();
            deliveries += await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO deliveries (run_id, group_id, chat_id, members, status, telegram_message_id, rendered_text, attempts, next_attempt_at, sent_by, finished_at)
                SELECT @runId, group_id, chat_id, members, @status, CASE WHEN @status = 'sent' THEN 40000 + n END, text, 1, @runAt, 'demo',
                       @runAt + make_interval(secs => n)
                FROM unnest(@groupIds, @chatIds, @members, @texts) WITH ORDINALITY AS d(group_id, chat_id, members, text, n)
                """, new
            {
                runId, status, runAt,
                groupIds = targets.Select(g => groupIds[g.ChatId]).ToArray(), chatIds = targets.Select(g => g.ChatId).ToArray(),
                members = targets.Select(g => g.Members).ToArray(), texts,
            }, transaction, cancellationToken: ct));
        }

        return deliveries;
    }
}
