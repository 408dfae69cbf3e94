using FraudWatch.Detection;
using FraudWatch.Ocr;

namespace FraudWatch.Tests.Ocr;

public sealed class OcrTextTests
{
    [Fact]
    public void Spaces_tesseract_puts_between_chinese_characters_are_dropped() =>
        Assert.Equal("【顺丰】您的快递异常，请联系客服", OcrText.Clean("【 顺 丰 】 您 的 快 递 异 常 ， 请 联 系 客 服"));

    [Fact]
    public void Space_between_chinese_and_a_number_stays() =>
        Assert.Equal("客服 0577-8888 9999 办理退款", OcrText.Clean("客 服 0577-8888 9999 办 理 退 款"));

    [Theory]
    [InlineData("电话 0577 8888 9999", "+8657788889999")]
    [InlineData("电话 138 1234 5678", "+8613812345678")]
    [InlineData("电话 1 3 8 1 2 3 4 5 6 7 8", "+8613812345678")]
    [InlineData("电话 13 81234 5678", "+8613812345678")]
    [InlineData("拨打 9 6 1 1 0 咨询", "96110")]
    [InlineData("热线 ４００ １２３ ４５６７", "4001234567")]
    public void Phone_numbers_read_with_gaps_reach_the_extractor_whole(string read, string phone) =>
        Assert.Contains(IndicatorExtractor.Extract(OcrText.Clean(read)), i => i.Kind == IndicatorKind.Phone && i.Value == phone);

    [Theory]
    [InlineData("0577 8888 9999")]
    [InlineData("138 1234 5678")]
    [InlineData("2024 12 03 转账 500 1000")]
    [InlineData("共 3 5 人")]
    public void Numbers_written_the_usual_way_and_other_numbers_stay_as_read(string read) =>
        Assert.Equal(read, OcrText.Clean(read));

    [Fact]
    public void Blank_lines_and_surrounding_spaces_go() =>
        Assert.Equal("短信\n今天 14:32", OcrText.Clean("\n  短信  \r\n\n\f今天   14:32 \n \n"));

    [Theory]
    [InlineData("", false)]
    [InlineData(" \n\f", false)]
    [InlineData("— . ’", false)]
    [InlineData("退", true)]
    [InlineData("7", true)]
    public void Specks_alone_are_no_text(string read, bool hasText) =>
        Assert.Equal(hasText, OcrText.HasText(OcrText.Clean(read)));
}
