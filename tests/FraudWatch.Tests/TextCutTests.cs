namespace FraudWatch.Tests;

public sealed class TextCutTests
{
    [Theory]
    [InlineData("短信", 5, "短信")]
    [InlineData("abc😀", 4, "abc")] // the cut would fall inside 😀: it is left out whole
    [InlineData("abc😀", 5, "abc😀")]
    [InlineData("ab😀c", 4, "ab😀")]
    [InlineData("😀", 1, "")]
    public void Head_never_ends_in_half_a_character(string text, int max, string head) =>
        Assert.Equal(head, TextCut.Head(text, max));

    [Fact]
    public void Shorten_marks_a_cut_and_leaves_a_short_text_alone()
    {
        Assert.Equal("abc…", TextCut.Shorten("abc😀d", 4));
        Assert.Equal("abc", TextCut.Shorten("abc", 3));
    }
}
