using FraudWatch.Detection;
using Xunit.Abstractions;

namespace FraudWatch.Tests.Detection;

/// <summary>
/// Real messages that nobody on the team wrote and that the model never learned (Data/real, DATA.md): the held-out
/// parts of the SMS Spam Collection's legitimate messages, CrossWOZ's service dialogues, KdConv's chat, the Tencent
/// dialogue corpus' chat posts and Cofacts' forwarded LINE messages (ordinary, and a few real frauds). Sets that may
/// not be shipped (no licence, or research only) are measured when FW_MEASURE_DIR points at the output of
/// tools/detection-data/prepare_real.py.
/// </summary>
public class RealDataTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("real/crosswoz-heldout.jsonl", 0.005)]
    [InlineData("real/sms-spam-collection-heldout.jsonl", 0.005)]
    [InlineData("real/kdconv-heldout.jsonl", 0.005)]
    // Tencent and Cofacts: the tenth session's model flags 2 and 3 of 1,000, the ninth's 4 and 6; the ceilings follow.
    [InlineData("real/tencent-dialogue-heldout.jsonl", 0.003)]
    // Cofacts: 6 of 1,000 in the seventh session (was 4), 2 in the eighth, 6 in the ninth, 3 since the tenth: see below.
    [InlineData("real/cofacts-ordinary-heldout.jsonl", 0.004)]
    public void Held_out_real_ordinary_messages_are_not_called_fraud(string file, double mostFlagged)
    {
        var result = Measure.Score(Measure.Load(file), file);
        output.WriteLine(result.Report);
        Console.WriteLine(result.Report);
        // Measured with the shipped model (seventh session): 0.0 % flagged on CrossWOZ, 0.0 % of the SMS, 0.2 % (2 of
        // 886) of the KdConv chat excerpts, 0.2 % (2 of 1,000) of the Tencent chat posts and 0.6 % (6 of 1,000: health
        // and news headlines with a link, called fake_customer_service or fake_investment) of the Cofacts forwarded LINE
        // messages (rumours, health tips, politics, chain letters; never learned). The model before it: 0.0, 0.1, 0.1,
        // 0.1 and 0.4 %. Learning Cofacts' own training split brings that to 0.0 % but costs real fraud recall
        // (BENCHMARKS.md, "Seventh session"), so it is not learned. Before the model
        // learned the KdConv and Tencent training splits it flagged 0.7 % and 6.5 % (mostly romance) of these; the
        // ceilings keep them below 0.5 % (BENCHMARKS.md). Ninth session (long investment calls learned): Cofacts 0.6 %
        // again (two health tips, a crop-pest warning, a power-price headline and an elderly-subsidy chain letter called
        // fake_investment; a flight-refund headline fake_customer_service), Tencent 0.4 % (4 of 1,000: a price puzzle and
        // two one-line moods called fake_investment, "只是突然很想你" romance), KdConv 0.2 %, CrossWOZ and the SMS 0.0 %
        // (BENCHMARKS.md, "Ninth session"). Tenth session (ordinary promotions, everyday chat and forwarded health tips and
        // news learned): Cofacts 0.3 %, Tencent 0.2 %, KdConv 0.2 %, CrossWOZ and the SMS 0.0 % ("Tenth session").
        Assert.True(result.FlaggedRate <= mostFlagged, result.Report);
    }

    // Real fraud nobody here wrote (Cofacts: LINE messages forwarded to a fact-checking bot in Taiwan, folded to
    // simplified characters; DATA.md), never learned: five typing-job adverts, the last asking a "work permit" fee
    // (task_rebate), three one-page shop adverts (fake_shopping), a fake courier link (fake_customer_service) and a
    // one-line investment pitch. Measured: 1 of 10 right (the pitch) until the seventh session, 2 of 10 in it (the
    // closing-down sale too, fake_shopping), 1 of 10 since the eighth (the pitch; the sale is now "not sure", its likeliest
    // type still fake_shopping at 0.40 against other 0.35: BENCHMARKS.md, "Eighth session"), 1 of 10 in the ninth too,
    // but the other one (the sale named at 0.57; the pitch called task_rebate at 0.63); the rest are called ordinary.
    // Retrains that learned the Cofacts training split (other templates, Data/not-learned/) got 1 of 10 (BENCHMARKS.md),
    // so the floor is the shipped figure: a record, not a goal.
    //
    // Two more, from other files of the same 2020 copies (cofacts/rumors-ai's data_exploration samples; DATA.md), kept in
    // their own file: a fake courier link (包裹已邮寄 + a tumblr link; fake_customer_service, the template of the one
    // above) and a game-trade lure (register on a "safe trading platform", pay with point cards; the first real
    // game_trade). Seventh-session model: 0 of 2, both called ordinary; eighth: 0 of 2, the game-trade lure "not sure"
    // (game_trade 0.49, other 0.29), the courier link ordinary; 1 of the 12 together. Ninth: the game-trade lure named
    // (game_trade 0.65), the courier link still ordinary; 2 of the 12 together. Tenth: 1 of the 12 (the one-line pitch,
    // fake_investment 0.68; "not sure" on the closing-down sale, fake_investment 0.47 against fake_shopping 0.40, and on
    // the game-trade lure, game_trade 0.41). Twenty-sixth session: both fake courier links are named by the courier-link
    // rule (FraudClassifier.IsCourierLink; the first one's link, after "查收.", was not even found as a link before), 5 of
    // 10 and 1 of 2 with the model unchanged; the rule was written after reading them, so they are development examples
    // for it now.
    [Fact]
    public void Held_out_real_fraud_from_Cofacts()
    {
        var first = Measure.Load("real/cofacts-fraud-heldout.jsonl");
        var more = Measure.Load("real/cofacts-more-fraud-heldout.jsonl");
        var result = Measure.Score(first, "cofacts-fraud-heldout (real, never learned)");
        var moreResult = Measure.Score(more, "cofacts-more-fraud-heldout (real, never learned)");
        var all = Measure.Score([.. first, .. more], "all Cofacts frauds held out (real, never learned)");
        foreach (var report in new[] { result.Report, moreResult.Report, all.Report })
        {
            output.WriteLine(report);
            Console.WriteLine(report);
        }

        // The two newer ones are printed, not asserted: at 0 of 2 there is nothing to keep yet.
        Assert.True(result.Top1 >= 0.1, result.Report);
    }

    [Fact]
    public void Everything_held_out_together()
    {
        var all = new[] { "blind2.jsonl", "blind3.jsonl", "real/crosswoz-heldout.jsonl", "real/sms-spam-collection-heldout.jsonl" }
            .SelectMany(f => Measure.Load(f)).ToList();
        var result = Measure.Score(all, "All held-out sets (team-written blind2+blind3, real CrossWOZ test, real SMS ham)");
        output.WriteLine(result.Report);
        Console.WriteLine(result.Report);
        Assert.True(result.Top1 >= 0.95, result.Report);
        Assert.True(result.FlaggedRate <= 0.005, result.Report);
    }

    // Team-written (not real text), never learned: 150 messages for the failure modes of the first public test
    // (investment-pitch calls, acquaintances asking for money or purchases, fake loans, and ordinary greetings,
    // courier notices, promotions, estate adverts, bills and service calls). Written before any result was seen.
    [Fact]
    public void Team_written_blind_set_for_the_failure_modes()
    {
        var result = Measure.Score(Measure.Load("blind4-failure-modes.jsonl"), "blind4-failure-modes (team-written, never learned)");
        output.WriteLine(result.Report);
        Console.WriteLine(result.Report);
        // Measured: before the second pass 94.7 % top-1, 1 of 74 ordinary flagged, 3 not sure; second pass 98.0 %,
        // 1 of 74; seventh session 98.7 %, 1 of 74; eighth session 98.0 %, 2 of 74 (the new one a short WeChat Pay
        // service call about real-name checks, 客服 + 实名认证 + 银行卡 + 验证码, called fake_customer_service 0.61).
        // Its writer also wrote that pass's training examples, so it flatters the model.
        Assert.True(result.Top1 >= 0.98, result.Report);
        Assert.True(result.FlaggedRate <= 0.028, result.Report);
    }

    [Fact]
    public void Sets_that_may_not_be_shipped_are_measured_when_present()
    {
        var dir = Environment.GetEnvironmentVariable("FW_MEASURE_DIR");
        if (dir is null || !Directory.Exists(dir))
        {
            output.WriteLine("FW_MEASURE_DIR not set: the measure-only sets were not run.");
            return;
        }

        foreach (var file in Directory.GetFiles(dir, "*.jsonl").Order(StringComparer.Ordinal))
        {
            foreach (var group in Measure.Load(file).GroupBy(m => m.Type))
            {
                var messages = group.ToList();
                var answers = messages.Select(m => FraudClassifier.Default.Classify(m.Text)).ToList();
                var top = answers.GroupBy(a => a.Verdict == Verdict.Fraud ? a.Type : a.Verdict.ToString())
                    .OrderByDescending(g => g.Count()).Take(5).Select(g => $"{g.Key} {g.Count()}");
                var line = $"{Path.GetFileName(file)} [{group.Key}] {messages.Count} messages, called a fraud type " +
                           $"{100.0 * answers.Count(a => a.Verdict == Verdict.Fraud) / messages.Count:F1}%: {string.Join(", ", top)}";
                output.WriteLine(line);
                Console.WriteLine(line);
            }
        }
    }
}
