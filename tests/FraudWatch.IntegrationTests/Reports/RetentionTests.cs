using System.Net.Http.Json;
using FraudWatch.Reports;

namespace FraudWatch.IntegrationTests.Reports;

/// <summary>
/// The daily retention job forgets every resident's text and Telegram id once it is older than the period, in every
/// table that holds them, and keeps every count, outcome, statistic and the warning threshold (issue 13 item 4).
/// </summary>
public sealed class RetentionTests : ReportsTestBase
{
    // Ids and a marker that appear nowhere else, so a scan of every row can find them.
    const long Seen = 7_700_100_001, InGroupReporter = 7_700_100_002, Checker = 7_700_100_003, Third = 7_700_100_004, Poster = 7_700_100_005;
    const string Marker = "XQ秘密";
    const string OfficerNote = "ZZ备注";

    [Fact]
    public async Task Retention_forgets_texts_and_ids_in_every_table_and_keeps_every_count()
    {
        await Chat(VillageChat, Seen, "大家好");
        await Private(Seen, $"/report {Marker} {Scam}");
        var privateReport = await LastReportId();
        await InGroup(VillageChat, InGroupReporter, $"/report {Marker} 骗子电话 0577-8888 9999");
        var groupReport = await LastReportId();
        await InGroup(VillageChat, Third, $"/report {Marker} 又是 0577 8888 9999");
        await Private(Checker, $"{Marker} 您好我是快递客服，您的包裹丢失，请点击 http://kuaidi-lipei.example.com 办理理赔");
        await Chat(VillageChat, Poster, $"{Marker} 有人让我打 0577-8888 9999");
        Assert.Single(Warnings(VillageChat));
        DutyPost(privateReport);
        DutyPost(groupReport);
        using (var assistant = host.Client("assistant"))
            Assert.True((await assistant.PostAsJsonAsync($"/api/v1/reports/{groupReport}/outcome", new { outcome = "dissuaded", amount = 3000, note = OfficerNote })).IsSuccessStatusCode);
        await Private(Officer, $"/alert 0577-6666 7777 village:渎浦村 {OfficerNote}");
        await host.ScalarAsync<int>("""
            WITH u AS (INSERT INTO telegram_updates (update_id, payload, status, error) VALUES (99999001, @payload, 'failed', 'boom') RETURNING 1)
            SELECT count(*)::int FROM u
            """, new { payload = $"{{\"message\":{{\"from\":{{\"id\":{Checker}}},\"text\":\"{Marker}\"}}}}" });
        Assert.NotEmpty(await Find(Marker));
        Assert.NotEmpty(await Find(Seen.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        await host.ScalarAsync<int>("""
            WITH a AS (UPDATE reports SET created_at = created_at - interval '400 days' RETURNING 1),
                 b AS (UPDATE warnings_sent SET created_at = created_at - interval '400 days' RETURNING 1),
                 c AS (UPDATE bot_messages SET created_at = created_at - interval '400 days' RETURNING 1),
                 d AS (UPDATE audit_log SET at = at - interval '400 days' RETURNING 1),
                 e AS (UPDATE indicator_verdicts SET at = at - interval '400 days' RETURNING 1),
                 f AS (UPDATE private_checks SET created_at = created_at - interval '400 days' RETURNING 1),
                 g AS (UPDATE wave_texts SET created_at = created_at - interval '400 days' RETURNING 1),
                 h AS (UPDATE waves SET first_seen = first_seen - interval '400 days', last_seen = last_seen - interval '400 days' RETURNING 1),
                 i AS (UPDATE group_members_seen SET last_seen = last_seen - interval '400 days' RETURNING 1),
                 j AS (UPDATE telegram_updates SET received_at = received_at - interval '400 days' RETURNING 1),
                 k AS (INSERT INTO county_models (requested_by, requested_at, status, model) VALUES
                       ('admin', now() - interval '400 days', 'retired', '\x01'), ('admin', now() - interval '400 days', 'active', '\x02') RETURNING 1)
            SELECT 0
            """);
        const string counts = """
            SELECT (SELECT count(*) FROM reports)::text || '/' || (SELECT count(*) FROM report_indicators)::text || '/'
                || (SELECT string_agg(coalesce(outcome, '-') || ':' || coalesce(amount::text, '-') || ':' || fraud_type, ',' ORDER BY id) FROM reports) || '/'
                || (SELECT count(*) FROM warnings_sent)::text || '/' || (SELECT count(*) FROM waves)::text || '/'
                || coalesce((SELECT string_agg(d::text, ';' ORDER BY d::text) FROM report_daily d), '')
            """;
        var before = await host.ScalarAsync<string>(counts);
        var reputation = (await host.Get<ReputationStore>().LookupAsync([("phone", Number)]))[0];
        using var analyst = host.Client("analyst");
        var from = DateTime.UtcNow.AddDays(-500).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var statsBefore = await analyst.GetStringAsync($"/api/v1/stats/prevented?from={from}&groupBy=month,type");

        Assert.True(await host.Get<ReportRetentionJob>().RunAsync(CancellationToken.None) > 0);

        foreach (var secret in new[] { Marker }.Concat(new[] { Seen, InGroupReporter, Checker, Third, Poster }.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            Assert.Empty(await Find(secret));
        Assert.Equal(0, await host.ScalarAsync<long>(
            "SELECT (SELECT count(*) FROM audit_log WHERE details::text LIKE '%' || @OfficerNote || '%') + (SELECT count(*) FROM indicator_verdicts WHERE note IS NOT NULL) + (SELECT count(*) FROM reports WHERE outcome_note IS NOT NULL)",
            new { OfficerNote }));
        Assert.Equal(before, await host.ScalarAsync<string>(counts));
        Assert.Equal(statsBefore, await analyst.GetStringAsync($"/api/v1/stats/prevented?from={from}&groupBy=month,type"));
        Assert.Equal(reputation.Reporters, (await host.Get<ReputationStore>().LookupAsync([("phone", Number)]))[0].Reporters);
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM bot_messages"));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM private_checks"));
        Assert.Equal("active", await host.ScalarAsync<string>("SELECT string_agg(status, ',') FROM county_models"));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM group_members_seen"));
        Assert.Equal(await host.Get<Pseudonyms>().OfAsync(Seen), await host.ScalarAsync<string>(
            "SELECT reporter_pseudonym FROM reports WHERE id = @privateReport AND reporter_user_id IS NULL AND chat_id IS NULL", new { privateReport }));
        using (var officer = host.Client("officer"))
        {
            var report = await officer.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/reports/{privateReport}");
            Assert.Equal(await host.Get<Pseudonyms>().OfAsync(Seen), report.GetProperty("report").GetProperty("reporter").GetString());
        }

        // The three reporters still count: a number they reported is still warned about.
        var (_, later) = await Chat(VillageChat, 3100, "0577-8888 9999 又打来了");
        Assert.Equal(later, Warnings(VillageChat).Last().ReplyToMessageId);
        Assert.Equal(0, await host.Get<ReportRetentionJob>().RunAsync(CancellationToken.None));
    }

    /// <summary>Every row, in every table of the app's and Hangfire's schemas, whose text holds <paramref name="secret"/>.</summary>
    async Task<IReadOnlyList<string>> Find(string secret)
    {
        var tables = await host.QueryAsync<string>("""
            SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables
            WHERE table_schema IN ('public', 'hangfire') AND table_type = 'BASE TABLE'
            """);
        var found = new List<string>();
        foreach (var table in tables)
        {
            var rows = await host.QueryAsync<string>($"SELECT left(t::text, 200) FROM {table} t WHERE t::text LIKE '%' || @secret || '%'", new { secret });
            found.AddRange(rows.Select(r => $"{table}: {r}"));
        }

        return found;
    }
}
