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
        Assert.Equal("快递异常\n请联系客服", OcrText.Clean("\n  快递异常  \r\n\n\f请联系   客服 \n \n"));

    [Theory]
    [InlineData("", false)]
    [InlineData(" \n\f", false)]
    [InlineData("— . ’", false)]
    [InlineData("退", true)]
    [InlineData("7", true)]
    public void Specks_alone_are_no_text(string read, bool hasText) =>
        Assert.Equal(hasText, OcrText.HasText(OcrText.Clean(read)));

    // A phone screenshot as Tesseract reads it: status bar, sender, the thread's date, the message wrapped by its bubble
    // (a number and a link cut in two), the app's input label.
    const string Screenshot = "中国移动 4G 14:32 86%\n\n1069 0288 1234\n短信/彩信 今天 14:30\n\n【电子社保卡】尊敬的用户，您的社保卡金融功能\n需重新激活，需交手续费2\n万，激活地址 https://f\nzaq-app.cn 逾期停用。\n\n短信\n";

    [Fact]
    public void The_phones_own_words_go_and_the_sender_stays()
    {
        var text = OcrText.Clean(Screenshot);
        Assert.Equal("1069 0288 1234\n【电子社保卡】尊敬的用户，您的社保卡金融功能需重新激活，需交手续费2万，激活地址 https://fzaq-app.cn 逾期停用。", text);
    }

    [Fact]
    public void A_link_cut_by_the_bubble_is_found_whole() =>
        Assert.Contains(IndicatorExtractor.Extract(OcrText.Clean(Screenshot)), i => i.Kind == IndicatorKind.Url && i.Value.Contains("fzaq-app.cn", StringComparison.Ordinal));

    [Theory]
    [InlineData("您已成功订购5G畅享套餐，月费\n58元，次月生效。", "您已成功订购5G畅享套餐，月费58元，次月生效。")] // 5G in the message, not a status bar
    [InlineData("Your parcel is waiting at the\ncounter, pick it up today", "Your parcel is waiting at the counter, pick it up today")]
    [InlineData("王老师\n家长们好", "王老师\n家长们好")] // a short line is a name or a title, not a wrap
    [InlineData("今天下午三点开家长会。\n请准时到。", "今天下午三点开家长会。\n请准时到。")] // a finished sentence keeps its line
    [InlineData("14:32 下午开会\n地点在村委会", "14:32 下午开会\n地点在村委会")] // a time inside the message stays
    [InlineData("请在 jiaoguan-ns.cn 上办理。\n中国联通HD 5G\n下午3:05 62%", "请在 jiaoguan-ns.cn 上办理。")] // a status bar read in pieces, after the text
    public void Wrapped_lines_join_and_the_rest_stay(string read, string cleaned) =>
        Assert.Equal(cleaned, OcrText.Clean(read));
}
