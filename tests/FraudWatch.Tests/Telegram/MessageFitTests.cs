using System.Text;
using System.Text.RegularExpressions;
using FraudWatch.Telegram;

namespace FraudWatch.Tests.Telegram;

public sealed partial class MessageFitTests
{
    [Fact]
    public void A_message_that_fits_is_left_as_it_is()
    {
        // 4,096 visible characters, and longer than that as markup: Telegram takes it, so nothing is cut.
        var html = "<b>" + new string('好', 4000) + "</b>" + string.Concat(Enumerable.Repeat("&lt;", 96));
        Assert.Equal(4096, MessageFit.VisibleLength(html));
        Assert.Same(html, MessageFit.Fit(html));
    }

    [Fact]
    public void A_long_list_is_cut_at_a_whole_line_with_its_tags_closed()
    {
        var html = new StringBuilder("⚠️ <b>这很像诈骗</b>\n找到：\n");
        for (var i = 0; i < 400; i++)
            html.Append("• 号码：<code>0577 8888 ").Append(i.ToString("0000", System.Globalization.CultureInfo.InvariantCulture)).Append("</code>\n");
        var fitted = MessageFit.Fit(html.ToString());

        Assert.True(MessageFit.VisibleLength(fitted) <= MessageFit.MaxVisible, $"{MessageFit.VisibleLength(fitted)} visible");
        Assert.True(MessageFit.VisibleLength(fitted) > 3_900, "most of the message is kept");
        Assert.StartsWith("⚠️ <b>这很像诈骗</b>", fitted, StringComparison.Ordinal);
        Assert.EndsWith("</code>\n…", fitted, StringComparison.Ordinal); // the last line kept is whole
        Assert.Equal(Tags(fitted).Count(t => t == "<code>"), Tags(fitted).Count(t => t == "</code>"));
    }

    [Fact]
    public void One_long_line_is_cut_between_characters_never_inside_a_tag_an_entity_or_a_pair()
    {
        // A picture's text in italics, one line, with escaped markup and characters outside the basic plane.
        var html = "<i>" + string.Concat(Enumerable.Repeat("a&amp;b😀c", 1_000)) + "</i>";
        var fitted = MessageFit.Fit(html);

        Assert.True(MessageFit.VisibleLength(fitted) <= MessageFit.MaxVisible);
        Assert.EndsWith("</i>\n…", fitted, StringComparison.Ordinal);
        var body = fitted[3..^"</i>\n…".Length];
        Assert.DoesNotMatch("&[a-z]*$", body); // no half entity
        Assert.False(char.IsHighSurrogate(body[^1]), "a surrogate pair was split");
    }

    [Fact]
    public void A_character_written_as_a_number_counts_as_Telegram_counts_it()
    {
        // Telegram counts UTF-16 units after parsing: &#128512; is 😀, two units; &#20013; and &#x4E2D; are 中, one.
        Assert.Equal(2, MessageFit.VisibleLength("&#128512;"));
        Assert.Equal(2, MessageFit.VisibleLength("&#x1F600;"));
        Assert.Equal(2, MessageFit.VisibleLength("&#20013;&#x4E2D;"));

        var html = string.Concat(Enumerable.Repeat("&#128512;", 2_100)); // 4,200 units: too long
        var fitted = MessageFit.Fit(html);
        Assert.True(MessageFit.VisibleLength(fitted) <= MessageFit.MaxVisible, $"{MessageFit.VisibleLength(fitted)} visible");
        Assert.True(MessageFit.VisibleLength(fitted) > 4_000, "most of the message is kept");
    }

    [Fact]
    public void Tags_opened_before_the_cut_are_closed_innermost_first()
    {
        var html = "<b>标题 <a href=\"https://example.org\">" + new string('字', 5_000) + "</a></b>";
        var fitted = MessageFit.Fit(html);
        Assert.EndsWith("</a></b>\n…", fitted, StringComparison.Ordinal);
        Assert.True(MessageFit.VisibleLength(fitted) <= MessageFit.MaxVisible);
    }

    static IEnumerable<string> Tags(string html) => TagPattern().Matches(html).Select(m => m.Value);

    [GeneratedRegex("</?[a-z]+>")]
    private static partial Regex TagPattern();
}
