using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Waves;

public sealed class WaveStoreTests
{
    // One script, three copies as residents forward them: other numbers, links, names and amounts.
    internal const string CopyA = "您好张三，我是温州市公安局民警，你的身份证涉嫌一起洗钱案，案件编号ZJ20231101，需将资金转入安全账户6222020200112233446配合调查，电话0577-8888 9999。";
    internal const string CopyB = "您好李建国，我是温州市公安局民警，你的身份证涉嫌一起洗钱案，案件编号ZJ77120456，需将资金转入安全账户配合调查，电话13912345678。";
    internal const string CopyC = "你好王秀英，我是温州市公安局民警。你的身份证涉嫌一起洗钱案！案件编号 A5566778，需将资金转入安全账户配合调查，电话 +86 577 6666 1234";
    const string CopyD = "您好陈明，我是温州市公安局民警，你的身份证涉嫌一起洗钱案，案件编号ZJ1，需将资金转入安全账户配合调查，电话15800001111。";
    // Another impersonate-police script: shares words ("公安局", "涉嫌", "配合调查") but is not the same message.
    internal const string OtherScript = "【社保局】您的社保卡涉嫌违规使用已被冻结，公安局已立案，请于今日联系 0577-1234 5678 办理解冻并配合调查，否则将移交司法机关。";

    internal static readonly DateTime T0 = new(2026, 11, 20, 2, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Three_copies_from_three_villages_form_one_wave_and_alert_once()
    {
        await using var waves = WavesDb.Create();

        var a = await waves.AddAsync(CopyA, "渎浦村", T0);
        var b = await waves.AddAsync(CopyB, "龙港村", T0.AddHours(3));
        var c = await waves.AddAsync(CopyC, "灵溪村", T0.AddHours(20));
        var d = await waves.AddAsync(CopyD, "渎浦村", T0.AddHours(21));

        Assert.True(a!.IsNew);
        Assert.Equal([a.WaveId, a.WaveId, a.WaveId], new[] { b!.WaveId, c!.WaveId, d!.WaveId });
        Assert.Equal([false, false, true, false], new[] { a.AlertNow, b.AlertNow, c.AlertNow, d.AlertNow });
        Assert.Equal(4, d.Reports);
        Assert.Equal(["渎浦村", "灵溪村", "龙港村"], d.Villages);
        Assert.Equal(1, await waves.Db.ScalarAsync<long>("SELECT count(*) FROM waves WHERE alerted_at IS NOT NULL"));

        var check = await waves.Store.MatchAsync("您好，我是温州市公安局民警，你的身份证涉嫌一起洗钱案，案件编号X1，需将资金转入安全账户配合调查，电话 13700000000");
        Assert.Equal((a.WaveId, 4, 3), (check!.WaveId, check.Reports, check.Villages.Count));
        Assert.Equal(4, await waves.Db.ScalarAsync<long>("SELECT count(*) FROM wave_texts"));

        var detail = await waves.Store.GetAsync(a.WaveId);
        Assert.Contains("phone:+8657788889999", detail!.Wave.Indicators);
        Assert.Contains("bank_card:6222020200112233446", detail.Wave.Indicators);
        Assert.DoesNotContain("张三", detail.Wave.RepresentativeText);
        Assert.DoesNotContain("8888", detail.Wave.RepresentativeText);
        Assert.Equal(4, detail.Reports.Count);

        Assert.True(await waves.Store.MarkWarnedAsync(a.WaveId, T0.AddHours(22)));
        Assert.False(await waves.Store.MarkWarnedAsync(a.WaveId, T0.AddHours(23)));
        Assert.Equal(T0.AddHours(22), (await waves.Store.GetAsync(a.WaveId))!.Wave.WarnedAt);
    }

    [Fact]
    public async Task A_different_script_of_the_same_type_starts_its_own_wave()
    {
        await using var waves = WavesDb.Create();
        var first = await waves.AddAsync(CopyA, "渎浦村", T0);
        await waves.AddAsync(CopyB, "龙港村", T0.AddHours(1));

        var other = await waves.AddAsync(OtherScript, "灵溪村", T0.AddHours(2));

        Assert.True(other!.IsNew);
        Assert.NotEqual(first!.WaveId, other.WaveId);
        Assert.Null(await waves.Store.MatchAsync("今天天气很好，村里组织大家下午去广场看电影，记得带上小板凳。"));
        // Bare numbers say too little to match anything.
        Assert.Null(await waves.AddAsync("/report 0577-8888 9999 骗子", "渎浦村", T0));
    }

    [Fact]
    public async Task Villages_spread_over_more_than_24_hours_raise_no_alert()
    {
        await using var waves = WavesDb.Create();

        await waves.AddAsync(CopyA, "渎浦村", T0);
        await waves.AddAsync(CopyB, "龙港村", T0.AddHours(10));
        var third = await waves.AddAsync(CopyC, "灵溪村", T0.AddHours(30));
        var fourth = await waves.AddAsync(CopyD, "灵溪村", T0.AddHours(31));

        Assert.Equal((3, false), (third!.Villages.Count, third.AlertNow));
        Assert.False(fourth!.AlertNow);
        Assert.Equal(0, await waves.Db.ScalarAsync<long>("SELECT count(*) FROM waves WHERE alerted_at IS NOT NULL"));
    }

    [Fact]
    public async Task Reports_joining_out_of_time_order_still_alert_once()
    {
        await using var waves = WavesDb.Create();

        // Village C's report was answered at once; A's and B's, filed seconds earlier, waited in the queue and join after.
        var c = await waves.AddAsync(CopyC, "灵溪村", T0.AddSeconds(5));
        var a = await waves.AddAsync(CopyA, "渎浦村", T0);
        var b = await waves.AddAsync(CopyB, "龙港村", T0.AddSeconds(1));
        var d = await waves.AddAsync(CopyD, "观美村", T0.AddSeconds(9));

        Assert.Equal([false, false, true, false], new[] { c!.AlertNow, a!.AlertNow, b!.AlertNow, d!.AlertNow });
        Assert.Equal(1, await waves.Db.ScalarAsync<long>("SELECT count(*) FROM waves WHERE alerted_at IS NOT NULL"));
    }

    [Fact]
    public async Task Villages_of_one_name_in_three_townships_are_three_villages()
    {
        await using var waves = WavesDb.Create();

        // 中心村 is a common name: three villages in three townships, all within three hours.
        await waves.Store.AddAsync(WavesDb.Report(CopyA, "中心村", T0, township: "灵溪镇"));
        await waves.Store.AddAsync(WavesDb.Report(CopyB, "中心村", T0.AddHours(1), township: "宜山镇"));
        var third = await waves.Store.AddAsync(WavesDb.Report(CopyC, "中心村", T0.AddHours(2), township: "马站镇"));

        Assert.True(third!.AlertNow);
        Assert.Equal(["中心村（宜山镇）", "中心村（灵溪镇）", "中心村（马站镇）"], third.Villages.Order(StringComparer.Ordinal));
        var wave = (await waves.Store.GetAsync(third.WaveId))!.Wave;
        Assert.Equal(3, wave.VillageCount);
        // A name only one township has is shown alone.
        var fourth = await waves.Store.AddAsync(WavesDb.Report(CopyD, "渎浦村", T0.AddHours(3)));
        Assert.Contains("渎浦村", fourth!.Villages);
    }

    [Fact]
    public async Task A_wave_indexes_its_first_8_close_variants_and_still_matches_after()
    {
        await using var waves = WavesDb.Create();
        // 40 copies of one script, each with another word at one place (close variants: similarity 0.5-0.95), then an exact repeat.
        const string Words = "春夏秋冬东南西北山水林田湖海江河星月云雨风雪花草金银铜铁红黄蓝绿黑白甲乙丙丁天地人和";
        string Variant(int i) => $"您好，我是温州市公安局民警，你的身份证涉嫌一起洗钱案，需将资金转入安全账户配合调查，请到{Words[i % Words.Length]}{Words[(i + 7) % Words.Length]}分局办理，电话0577-8888 9999。";
        var joins = new List<FraudWatch.Waves.WaveJoin?>();
        for (var i = 0; i < 40; i++)
            joins.Add(await waves.AddAsync(Variant(i), "渎浦村", T0.AddMinutes(i)));
        joins.Add(await waves.AddAsync(Variant(39), "龙港村", T0.AddHours(1)));

        Assert.Single(joins.Select(j => j!.WaveId).Distinct());
        Assert.All(joins.Skip(1), j => Assert.InRange(j!.Similarity!.Value, 0.5, 1.0));
        Assert.Equal((41L, 8L), (await waves.Db.ScalarAsync<long>("SELECT count(*) FROM wave_texts"),
            await waves.Db.ScalarAsync<long>("SELECT count(*) FROM wave_texts WHERE indexed")));
        Assert.Equal(8, await waves.Db.ScalarAsync<int>("SELECT indexed_texts FROM waves"));
        Assert.Equal((joins[0]!.WaveId, 41), ((await waves.Store.MatchAsync(Variant(41)))!.WaveId, (await waves.Store.MatchAsync(Variant(41)))!.Reports));
    }

    [Fact]
    public async Task The_same_report_added_twice_counts_once()
    {
        await using var waves = WavesDb.Create();
        var report = WavesDb.Report(CopyA, "渎浦村", T0);

        var first = await waves.Store.AddAsync(report);
        var again = await waves.Store.AddAsync(report);

        Assert.Equal((first!.WaveId, 1), (again!.WaveId, again.Reports));
        Assert.Equal(1, await waves.Db.ScalarAsync<int>("SELECT report_count FROM waves"));
    }

    [Fact]
    public async Task First_copies_racing_land_in_one_wave_and_villages_racing_alert_once()
    {
        await using var waves = WavesDb.Create();
        for (var round = 0; round < 8; round++)
        {
            // Each round a script no wave has yet, so both racers look for a wave, find none and would start one.
            var random = new Random(round);
            var script = new string(Enumerable.Range(0, 40).Select(_ => (char)(0x4E00 + random.Next(20000))).ToArray());
            var racers = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
                Task.Run(() => waves.AddAsync($"{script}，电话1390000{round}{i:000}", $"村{i}", T0.AddMinutes(round)))));

            Assert.Single(racers.Select(r => r!.WaveId).Distinct());
            Assert.Single(racers, r => r!.IsNew);
            Assert.Single(racers, r => r!.AlertNow);
        }

        Assert.Equal(8, await waves.Db.ScalarAsync<long>("SELECT count(*) FROM waves"));
    }
}

public sealed class WaveThresholdSettingTests
{
    const string Original = "您好张三，我是温州市公安局民警，你的身份证涉嫌一起洗钱案，案件编号ZJ20231101，需将资金转入安全账户配合调查，电话0577-8888 9999。";
    const string Reworded = "你好，这里是温州市公安局，您的身份证涉嫌洗钱案件，案号ZJ1，请把资金转入安全账户配合调查，电话13812345678";

    [Theory]
    [InlineData(0.35, true)]
    [InlineData(0.9, false)]
    public async Task Waves_Similarity_decides_whether_a_reworded_copy_joins(double threshold, bool joins)
    {
        await using var waves = WavesDb.Create(new FraudWatch.Waves.WaveOptions { Similarity = threshold });
        var similarity = await Infrastructure.DataSourceQueries.ScalarAsync<double>(waves.Db, "SELECT similarity(@a, @b)::float8",
            new { a = FraudWatch.Waves.WaveText.Normalize(Original), b = FraudWatch.Waves.WaveText.Normalize(Reworded) });
        Assert.InRange(similarity, 0.36, 0.89);

        var first = await waves.AddAsync(Original, "渎浦村", DateTime.UtcNow);
        var second = await waves.AddAsync(Reworded, "龙港村", DateTime.UtcNow);

        Assert.Equal(joins, first!.WaveId == second!.WaveId);
        Assert.Equal(joins, await waves.Store.MatchAsync(Reworded) is not null && (await waves.Store.MatchAsync(Reworded))!.Reports == 2);
    }
}
