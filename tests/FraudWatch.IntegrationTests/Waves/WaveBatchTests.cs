using Dapper;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Waves;
using static FraudWatch.IntegrationTests.Waves.WaveStoreTests;

namespace FraudWatch.IntegrationTests.Waves;

/// <summary>The background join of many reports at once ends where joining them one by one ends (the texts of <see cref="WaveStoreTests"/>).</summary>
public sealed class WaveBatchTests
{
    const string Words = "春夏秋冬东南西北山水林田湖海江河星月云雨风雪花草金银铜铁红黄蓝绿黑白甲乙丙丁天地人和";

    static string Variant(int i) =>
        $"您好，我是温州市公安局民警，你的身份证涉嫌一起洗钱案，需将资金转入安全账户配合调查，请到{Words[i % Words.Length]}{Words[(i + 7) % Words.Length]}分局办理，电话0577-8888 9999。";

    /// <summary>
    /// A burst as the background join meets it: three copies of one script from three villages within 24 hours (an
    /// alert), close variants (the index cap), a second script twice (a new wave, then its copy), and a bare number.
    /// </summary>
    static List<WaveReport> Burst()
    {
        var reports = new List<WaveReport>
        {
            WavesDb.Report(CopyA, "渎浦村", T0),
            WavesDb.Report(OtherScript, "龙港村", T0.AddMinutes(1), type: "fake_customer_service"),
            WavesDb.Report(CopyB, "龙港村", T0.AddHours(3)),
            WavesDb.Report("/report 0577-8888 9999 骗子", "渎浦村", T0.AddHours(4)),
            WavesDb.Report(OtherScript.Replace("0577-1234 5678", "13800001111", StringComparison.Ordinal), "灵溪村", T0.AddHours(5), type: "fake_customer_service"),
            WavesDb.Report(CopyC, "灵溪村", T0.AddHours(20)),
        };
        reports.AddRange(Enumerable.Range(0, 12).Select(i => WavesDb.Report(Variant(i), "渎浦村", T0.AddHours(21).AddMinutes(i))));
        return reports;
    }

    [Fact]
    public async Task A_batch_ends_where_one_by_one_ends_and_raises_the_one_alert()
    {
        var reports = Burst();
        await using var single = WavesDb.Create();
        var singleAlerts = new List<long>();
        foreach (var report in reports)
        {
            if (await single.Store.AddAsync(report) is { AlertNow: true } join)
                singleAlerts.Add(join.WaveId);
        }

        await using var batch = WavesDb.Create();
        var batchAlerts = await batch.Store.AddBatchAsync(reports);

        Assert.Equal(await StateAsync(single), await StateAsync(batch));
        var alert = Assert.Single(batchAlerts);
        Assert.Single(singleAlerts);
        Assert.Equal((18 - 1 - 2, 3), (alert.Reports, alert.Villages.Count)); // all but the bare number and the other script
        Assert.Equal(2, await batch.Db.ScalarAsync<long>("SELECT count(*) FROM waves"));
        // The wave's indexed variants stay within the cap, and the count kept on the wave is the count indexed.
        Assert.Equal(0, await batch.Db.ScalarAsync<long>(
            "SELECT count(*) FROM waves w WHERE w.indexed_texts > 8 OR w.indexed_texts <> (SELECT count(*) FROM wave_texts t WHERE t.wave_id = w.id AND t.indexed)"));
    }

    [Fact]
    public async Task Earlier_reports_joined_in_the_background_after_a_later_one_still_alert()
    {
        await using var waves = WavesDb.Create();

        // Village C's report joined at once; A's and B's, filed seconds before it, waited in the queue and join as a batch.
        var c = await waves.Store.AddAsync(WavesDb.Report(CopyC, "灵溪村", T0.AddSeconds(5)));
        var alerts = await waves.Store.AddBatchAsync([WavesDb.Report(CopyA, "渎浦村", T0), WavesDb.Report(CopyB, "龙港村", T0.AddSeconds(1))]);

        Assert.False(c!.AlertNow);
        Assert.Equal(3, Assert.Single(alerts).Villages.Count);
    }

    [Fact]
    public async Task A_batch_taken_again_after_a_crash_changes_nothing_and_alerts_no_more()
    {
        var reports = Burst();
        await using var waves = WavesDb.Create();
        // Half the burst was joined (one by one, as answers sent at once join) before the batch with all of it.
        foreach (var report in reports.Take(9))
            await waves.Store.AddAsync(report);
        await waves.Store.AddBatchAsync(reports);
        var after = await StateAsync(waves);

        var again = await waves.Store.AddBatchAsync(reports);

        Assert.Empty(again);
        Assert.Equal(after, await StateAsync(waves));
        Assert.Equal(17, await waves.Db.ScalarAsync<long>("SELECT count(*) FROM wave_texts"));
    }

    /// <summary>
    /// Everything a join leaves behind, with waves named by their first report so two databases compare; except each text's
    /// similarity and whether it is indexed: a batch matches against what was stored before it, so a close variant may
    /// find an older text of its wave than one by one would (the cap on indexed variants is checked on its own).
    /// </summary>
    static async Task<string> StateAsync(WavesDb waves)
    {
        await using var connection = await waves.Db.OpenConnectionAsync();
        var rows = await connection.QueryAsync<string>("""
            WITH named AS (SELECT wave_id, min(report_id) AS first FROM wave_texts GROUP BY wave_id)
            SELECT format('wave %s: %s reports, type %s, seen %s..%s, alerted %s', n.first, w.report_count, w.type,
                          w.first_seen, w.last_seen, w.alerted_at IS NOT NULL)
            FROM waves w JOIN named n ON n.wave_id = w.id
            UNION ALL
            SELECT format('text %s in wave %s: %s', t.report_id, n.first, t.masked_text)
            FROM wave_texts t JOIN named n ON n.wave_id = t.wave_id
            UNION ALL
            SELECT format('village %s/%s of wave %s: %s reports, %s..%s', v.township, v.village, n.first, v.reports, v.first_seen, v.last_seen)
            FROM wave_villages v JOIN named n ON n.wave_id = v.wave_id
            UNION ALL
            SELECT format('indicator %s:%s of wave %s since %s', i.kind, i.value, n.first, i.first_seen)
            FROM wave_indicators i JOIN named n ON n.wave_id = i.wave_id
            ORDER BY 1
            """);
        return string.Join('\n', rows);
    }
}
