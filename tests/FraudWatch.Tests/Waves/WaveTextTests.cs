using System.Text.Json;
using FraudWatch.Waves;

namespace FraudWatch.Tests.Waves;

public sealed class WaveTextTests
{
    [Fact]
    public void Normalize_masks_phones_links_amounts_and_accounts()
    {
        var text = WaveText.Normalize("民警说您涉嫌洗钱，请拨打 0577-8888 9999，或访问 https://safe-gov.top/a 转账5000元，QQ号：2876541230");

        Assert.Equal("民警说您涉嫌洗钱 请拨打 tel 或访问 url 转账 amt acct", text);
    }

    [Fact]
    public void Normalize_makes_copies_with_other_numbers_identical()
    {
        var first = WaveText.Normalize("【顺丰快递】您的快递丢失，我们将理赔300元，请点击 http://sf-pei.cn/a 填写信息，客服13812345678");
        var second = WaveText.Normalize("【顺丰快递】您的快递丢失，我们将理赔¥88，请点击www.sfkd.vip填写信息，客服 +86 139 8765 4321");

        Assert.Equal(first, second);
    }

    [Fact]
    public void Normalize_reads_a_copy_with_characters_that_show_nothing_as_the_plain_one()
    {
        const string plain = "【顺丰快递】您的快递丢失，我们将理赔300元，请点击 http://sf-pei.cn/a 填写信息，客服13812345678";
        var hidden = string.Join("\u200B", plain.ToCharArray()); // a zero-width space between every two characters

        Assert.Equal(WaveText.Normalize(plain), WaveText.Normalize(hidden));
        Assert.Equal(-1, WaveText.Mask(hidden).IndexOf('\u200B')); // ordinal: culture-aware search ignores it
    }

    [Fact]
    public void Normalize_masks_bank_cards_ids_and_codes()
    {
        var text = WaveText.Normalize("案件编号ZJ20230815，请转入安全账户6222020200112233446，验证码 482913");

        Assert.DoesNotContain("2023", text);
        Assert.DoesNotContain("6222", text);
        Assert.DoesNotContain("482913", text);
        Assert.Contains("card", text);
        Assert.Contains("num", text);
    }

    [Theory]
    [InlineData("您好张三，您的贷款已到账", "您好 name 您的贷款已到账")]
    [InlineData("尊敬的李建国：您的积分即将清零", "尊敬的 name 您的积分即将清零")]
    [InlineData("王秀英您好，您的快递丢失", "name 您好 您的快递丢失")]
    [InlineData("请联系李先生办理", "请联系 name 先生办理")]
    [InlineData("Dear John Smith, your parcel is held", "dear name your parcel is held")]
    public void Normalize_masks_the_addressee_s_name(string input, string expected) =>
        Assert.Equal(expected, WaveText.Normalize(input));

    [Fact]
    public void Normalize_folds_width_case_punctuation_and_spaces()
    {
        Assert.Equal("abc 刷单 返利 ok", WaveText.Normalize("ＡＢＣ！！刷单　　返利……ＯＫ"));
        Assert.Equal("hello world", WaveText.Normalize("  Hello,\n\tWORLD!!  "));
        Assert.Equal("", WaveText.Normalize(""));
    }

    [Fact]
    public void Mask_keeps_the_text_readable()
    {
        Assert.Equal("您好 name ,请拨打 tel 领取 amt 补贴。", WaveText.Mask("您好张三，请拨打13812345678领取500元补贴。"));
    }

    [Theory]
    [InlineData("tel 骗子", false)]
    [InlineData("tel url 冒充公安", false)]
    [InlineData("民警说您涉嫌洗钱 请拨打 tel 转入安全账户", true)]
    [InlineData("call tel now", false)]
    [InlineData("your parcel is held at customs call tel", true)]
    public void IsMatchable_needs_words_besides_placeholders(string normalized, bool expected) =>
        Assert.Equal(expected, WaveText.IsMatchable(normalized));

    [Fact]
    public void Every_labelled_pair_is_matchable_and_holds_no_number_after_normalizing()
    {
        var pairs = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Waves", "Data", "pairs.jsonl")).Skip(1)
            .Select(line => JsonDocument.Parse(line).RootElement).ToList();

        Assert.True(pairs.Count >= 300, $"{pairs.Count} pairs");
        Assert.True(pairs.Count(p => p.GetProperty("same").GetBoolean()) >= 100);
        foreach (var text in pairs.SelectMany(p => new[] { p.GetProperty("a").GetString()!, p.GetProperty("b").GetString()! }))
        {
            var normalized = WaveText.Normalize(text);
            Assert.True(WaveText.IsMatchable(normalized), normalized);
            Assert.False(normalized.Any(char.IsAsciiDigit), $"{text} -> {normalized}");
        }
    }
}
