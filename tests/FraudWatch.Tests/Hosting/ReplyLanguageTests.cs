namespace FraudWatch.Tests.Hosting;

public sealed class ReplyLanguageTests
{
    [Theory]
    [InlineData("en", "zh-hans", "zh-CN", "en")]         // the chat's language first
    [InlineData(null, "zh-hans", "en", "zh-CN")]         // then the user's Telegram language
    [InlineData(null, "en-GB", "zh-CN", "en")]
    [InlineData(null, "ru", "en", "en")]                 // a language the bot does not speak: the county's
    [InlineData(null, null, "zh-CN", "zh-CN")]
    [InlineData("fr", null, "en", "en")]
    public void Choose_takes_the_chat_then_the_user_then_the_county(string? chat, string? user, string county, string expected) =>
        Assert.Equal(expected, ReplyLanguage.Choose(chat, user, county));

    [Theory]
    [InlineData("fr")]
    [InlineData("chinese")]
    [InlineData("")]
    public void A_default_language_the_bot_does_not_speak_stops_start_up_naming_the_key(string value)
    {
        var result = new FraudWatchOptionsValidator().Validate(null, new FraudWatchOptions { DefaultLanguage = value });
        Assert.True(result.Failed);
        Assert.Contains("FraudWatch__DefaultLanguage", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh-CN", "zh-CN")]
    [InlineData("zh", "zh-CN")]
    [InlineData("en", "en")]
    public void Default_language_is_read_in_canonical_form(string value, string expected)
    {
        var options = new FraudWatchOptions { DefaultLanguage = value };
        Assert.False(new FraudWatchOptionsValidator().Validate(null, options).Failed);
        Assert.Equal(expected, options.CountyLanguage);
    }
}
