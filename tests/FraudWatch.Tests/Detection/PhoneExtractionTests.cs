using FraudWatch.Detection;

namespace FraudWatch.Tests.Detection;

public class PhoneExtractionTests
{
    private static string[] Phones(string text) =>
        IndicatorExtractor.Extract(text).Where(i => i.Kind == IndicatorKind.Phone).Select(i => i.Value).ToArray();

    [Theory]
    [InlineData("联系电话13812345678")]
    [InlineData("电话：138 1234 5678")]
    [InlineData("call +86 138 1234 5678 now")]
    [InlineData("手机138-1234-5678，随时打")]
    [InlineData("＋８６ １３８ １２３４ ５６７８")]
    [InlineData("号码：１３８１２３４５６７８")]
    [InlineData("8613812345678")]
    [InlineData("(+86) 138.1234.5678")]
    public void Mobile_forms_normalize_to_E164(string text) =>
        Assert.Equal(["+8613812345678"], Phones(text));

    [Theory]
    [InlineData("座机0577-8888 9999")]
    [InlineData("057788889999")]
    [InlineData("+86 577 8888 9999")]
    [InlineData("(0577) 88889999")]
    [InlineData("０５７７－８８８８９９９９")]
    public void Landline_forms_normalize_to_one_number(string text) =>
        Assert.Equal(["+8657788889999"], Phones(text));

    [Theory]
    [InlineData("工行客服95588", "95588")]
    [InlineData("反诈专线96110，有疑问就打", "96110")]
    [InlineData("客服热线400-123-4567", "4001234567")]
    [InlineData("热线 400 123 4567", "4001234567")]
    [InlineData("免费电话8008101234", "8008101234")]
    public void Service_numbers_keep_their_bare_digits(string text, string expected) =>
        Assert.Equal([expected], Phones(text));

    [Theory]
    [InlineData("请联系 +855 12 345 678", "+85512345678")]
    [InlineData("Myanmar number +95 9 123 456 789", "+959123456789")]
    [InlineData("Manila +63 917 123 4567", "+639171234567")]
    [InlineData("US line +1 (202) 555-0147", "+12025550147")]
    [InlineData("拨打00855 12 345 678", "+85512345678")]
    public void Foreign_numbers_normalize_to_E164(string text, string expected) =>
        Assert.Equal([expected], Phones(text));

    [Fact]
    public void Two_numbers_side_by_side_are_both_found() =>
        Assert.Equal(["+8613812345678", "+8613987654321"], Phones("13812345678 13987654321"));

    [Fact]
    public void Raw_keeps_the_text_as_written()
    {
        var phone = Assert.Single(IndicatorExtractor.Extract("打 0577-8888 9999 找我"));
        Assert.Equal("0577-8888 9999", phone.Raw);
        Assert.Equal("phone", phone.KindCode);
    }

    [Theory]
    [InlineData("2024年5月1日开会")]
    [InlineData("日期 2024-05-01 下午")]
    [InlineData("2024.5.1")]
    [InlineData("20240501")]
    [InlineData("转账5000元")]
    [InlineData("价格 13800 元")]
    [InlineData("身份证330327199001011234")]
    [InlineData("订单号 88889999")]
    [InlineData("验证码 123456")]
    [InlineData("编号 12345678901")]
    [InlineData("QQ号：2876541230")]
    [InlineData("id abc13812345678")]
    [InlineData("https://example.com/u/13812345678")]
    [InlineData("10:30 at room 302")]
    public void Things_that_are_not_phones_are_skipped(string text) =>
        Assert.Empty(Phones(text));

    [Theory]
    [InlineData("0577-8888 9999", "+8657788889999")]
    [InlineData("+86 138 1234 5678", "+8613812345678")]
    [InlineData("９５５８８", "95588")]
    [InlineData("https://WWW.Example.com/path/", "example.com/path")]
    [InlineData("tb-refund.top", "tb-refund.top")]
    public void NormalizeValue_matches_what_Extract_finds(string input, string expected) =>
        Assert.Equal(expected, IndicatorExtractor.NormalizeValue(input));

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("5000")]
    [InlineData("13812345678 13987654321")]
    public void NormalizeValue_is_null_for_anything_else(string input) =>
        Assert.Null(IndicatorExtractor.NormalizeValue(input));
}
