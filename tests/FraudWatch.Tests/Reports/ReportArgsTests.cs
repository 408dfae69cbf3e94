using FraudWatch.Reports;

namespace FraudWatch.Tests.Reports;

public sealed class ReportArgsTests
{
    [Theory]
    [InlineData("12 loss 3.5万 老人已转账", 12, "loss", 35000.0, "老人已转账")]
    [InlineData("#7 dissuaded", 7, "dissuaded", null, null)]
    [InlineData("7 INTERCEPTED ¥2,000", 7, "intercepted", 2000.0, null)]
    [InlineData("9 duplicate same as #8", 9, "duplicate", null, "same as #8")]
    // Thirty-fifth session: a unit written apart from its number, and a note that only starts with a digit.
    [InlineData("12 劝阻 5 万 老人已转账", 12, "dissuaded", 50000.0, "老人已转账")]
    [InlineData("12 loss 3000 元", 12, "loss", 3000.0, null)]
    [InlineData("12 劝阻 3人在场", 12, "dissuaded", null, "3人在场")]
    public void ParseOutcome_reads_id_outcome_amount_and_note(string args, long id, string outcome, double? amount, string? note)
    {
        var (parsed, error) = ReportArgs.ParseOutcome(args);
        Assert.Null(error);
        Assert.Equal(new OutcomeArgs(id, outcome, amount is null ? null : (decimal)amount, note), parsed);
    }

    [Theory]
    [InlineData("", "Usage")]
    [InlineData("12", "Usage")]
    [InlineData("abc loss", "Usage")]
    [InlineData("12 arrested", "Unknown outcome")]
    [InlineData("12 not_fraud 5000", "amount goes with")]
    [InlineData("0 loss", "Usage")]
    // A word meant as the amount that is none: refused, not kept as the note with no amount (thirty-fifth session).
    [InlineData("12 loss -500", "not an amount")]
    [InlineData("12 loss 三万", "not an amount")]
    [InlineData("12 loss 5.0.0", "not an amount")]
    public void ParseOutcome_refuses_with_a_reason(string args, string reason)
    {
        var (parsed, error) = ReportArgs.ParseOutcome(args);
        Assert.Null(parsed);
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData("0577-8888-9999 all", "+8657788889999", "phone", "all", null)]
    [InlineData("0577 8888 9999 village:渎浦村 自称公安", "+8657788889999", "phone", "village:渎浦村", "自称公安")]
    [InlineData("https://tb-refund.top/claim township:灵溪镇,tag:elderly 快递理赔", "tb-refund.top/claim", "url", "township:灵溪镇,tag:elderly", "快递理赔")]
    [InlineData("95588 group:-1001234", "95588", "phone", "group:-1001234", null)]
    public void ParseAlert_reads_value_target_and_note(string args, string value, string kind, string target, string? note)
    {
        var (parsed, error) = ReportArgs.ParseAlert(args);
        Assert.Null(error);
        Assert.Equal(new AlertArgs(value, kind, target, note), parsed);
    }

    [Theory]
    [InlineData("0577-8888-9999", "Usage")]
    [InlineData("hello all", "not a phone number or a link")]
    [InlineData("0577-8888-9999 everyone", "No target")]
    [InlineData("0577-8888-9999 group:abc", "No target")]
    public void ParseAlert_refuses_with_a_reason(string args, string reason)
    {
        var (parsed, error) = ReportArgs.ParseAlert(args);
        Assert.Null(parsed);
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData("128 fake_loan", 128L, "fake_loan")]
    [InlineData("#128 FAKE_LOAN", 128L, "fake_loan")]
    [InlineData("7 虚假贷款", 7L, "fake_loan")]
    [InlineData("7 冒充公检法及政府机关", 7L, "impersonate_police")]
    [InlineData("7 其他", 7L, "other")]
    [InlineData("7 other", 7L, "other")]
    public void ParseType_reads_a_code_or_a_name(string args, long id, string type) =>
        Assert.Equal(new TypeArgs(id, type), ReportArgs.ParseType(args).Args);

    [Theory]
    [InlineData("", "Usage: /type")]
    [InlineData("128", "Usage: /type")]
    [InlineData("x fake_loan", "Usage: /type")]
    [InlineData("128 fake_loan extra words", "Usage: /type")]
    [InlineData("128 传销", "Unknown type '传销'")]
    public void ParseType_refuses_with_a_reason(string args, string reason)
    {
        var (parsed, error) = ReportArgs.ParseType(args);
        Assert.Null(parsed);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Targets_match_groups_by_place_tag_and_id()
    {
        var group = new FraudWatch.Groups.Group { ChatId = -5, Township = "灵溪镇", Village = "渎浦村", Tags = ["elderly"] };
        Assert.All(["all", "township:灵溪镇", "village:渎浦村", "tag:#Elderly", "group:-5", "village:x,group:-5"],
            t => Assert.Contains(AlertTarget.Parse(t)!, target => target.Matches(group)));
        Assert.DoesNotContain(AlertTarget.Parse("village:项东村,group:-6")!, target => target.Matches(group));
    }

    [Theory]
    [InlineData("rep:12:dissuaded", 12L, "dissuaded")]
    [InlineData("rep:3:not_fraud", 3L, "not_fraud")]
    public void Button_data_is_parsed(string data, long id, string outcome) =>
        Assert.Equal((id, outcome), OutcomeButtons.Parse(data));

    [Theory]
    [InlineData("rep:12:arrested")]
    [InlineData("rep:x:loss")]
    [InlineData("rep:12")]
    [InlineData("cmp:12:loss")]
    public void Bad_button_data_is_ignored(string data) => Assert.Null(OutcomeButtons.Parse(data));

    [Fact]
    public void Type_button_data_opens_sets_or_closes_the_list()
    {
        Assert.Equal((12L, (string?)null), TypeButtons.Parse("rtp:12"));
        Assert.Equal((12L, "fake_loan"), TypeButtons.Parse("rtp:12:fake_loan"));
        Assert.Equal((12L, "other"), TypeButtons.Parse("rtp:12:other"));
        Assert.Equal((12L, "back"), TypeButtons.Parse("rtp:12:back"));
        Assert.All(["rtp:12:pyramid", "rtp:x", "rtp:", "rtp:12:fake_loan:1", "rep:12:fake_loan", "", null],
            data => Assert.Null(TypeButtons.Parse(data)));
        // Telegram allows at most 64 bytes of callback data.
        Assert.True(System.Text.Encoding.UTF8.GetByteCount($"rtp:{long.MaxValue}:impersonate_acquaintance") <= 64);
    }
}
