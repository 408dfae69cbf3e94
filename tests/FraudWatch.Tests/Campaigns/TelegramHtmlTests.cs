using System.Text;
using System.Text.RegularExpressions;
using FraudWatch.Campaigns;
using FraudWatch.Telegram;

namespace FraudWatch.Tests.Campaigns;

public sealed partial class TelegramHtmlTests
{
    [Theory]
    [InlineData("中兴村平安群", "中兴村平安群")]
    [InlineData("", "")]
    [InlineData("A&B <村> \"群\"", "A&amp;B &lt;村&gt; &quot;群&quot;")]
    [InlineData("灵溪镇 & 龙港", "灵溪镇 &amp; 龙港")]
    [InlineData("it's ok", "it's ok")]
    public void Encode_escapes_the_four_markup_characters_and_nothing_else(string text, string expected) =>
        Assert.Equal(expected, TelegramHtml.Encode(text));

    [Fact]
    public void Encode_returns_text_without_markup_as_it_is() =>
        Assert.Same("中兴村", TelegramHtml.Encode("中兴村"));

    [Theory]
    [InlineData("<b>注意</b>防骗 <i>96110</i>", null)]
    [InlineData("<B>大写</B> and <b><i>nested</i></b>", null)]
    [InlineData("a < b, 3<5, <3, </ b>, <", null)]
    [InlineData("<b>粗", "leaves <b> unclosed")]
    [InlineData("</i>", "closes </i> that is not open")]
    [InlineData("<b><i>x</b></i>", "closes </b> that is not open")]
    [InlineData("<a href=\"x\">link</a>", "uses the tag <a href=\"x\">; only <b> and <i> are allowed")]
    [InlineData("<b class=x>x</b>", "uses the tag <b class=x>; only <b> and <i> are allowed")]
    [InlineData("<b >x</b\n>", null)]
    [InlineData("<br/>", "uses the tag <br/>; only <b> and <i> are allowed")]
    [InlineData("<b <i>x</b>", "uses the tag <b <i>; only <b> and <i> are allowed")]
    public void CheckMarkup_allows_balanced_b_and_i_only(string html, string? expected) =>
        Assert.Equal(expected, TelegramHtml.CheckMarkup(html));

    /// <summary>The scanner replaced a regular expression; on random markup it must say exactly what the expression did.</summary>
    [Fact]
    public void CheckMarkup_agrees_with_the_tag_expression_on_random_markup()
    {
        var random = new Random(20261203);
        string[] pieces = ["<", ">", "/", "b", "i", "B", "a", "-", "1", " ", "\n", "x", "村", "<b>", "</b>", "<i>", "</i>", "=\"", "&"];
        for (var n = 0; n < 20_000; n++)
        {
            var text = new StringBuilder();
            for (var k = random.Next(0, 12); k > 0; k--)
                text.Append(pieces[random.Next(pieces.Length)]);
            var html = text.ToString();
            Assert.True(Reference(html) == TelegramHtml.CheckMarkup(html), $"differs on \"{html}\"");
        }
    }

    // The former implementation, kept as the specification.
    private static string? Reference(string html)
    {
        var open = new Stack<string>();
        foreach (Match tag in Tag().Matches(html))
        {
            var name = tag.Groups["name"].Value.ToLowerInvariant();
            if (name is not ("b" or "i") || tag.Groups["attrs"].Value.Trim().Length > 0)
                return $"uses the tag {tag.Value}; only <b> and <i> are allowed";
            if (tag.Groups["close"].Success)
            {
                if (open.Count == 0 || open.Pop() != name)
                    return $"closes </{name}> that is not open";
            }
            else
            {
                open.Push(name);
            }
        }

        return open.Count == 0 ? null : $"leaves <{open.Peek()}> unclosed";
    }

    [GeneratedRegex(@"<(?<close>/)?(?<name>[a-zA-Z][a-zA-Z0-9-]*)(?<attrs>[^>]*)>")]
    private static partial Regex Tag();
}
