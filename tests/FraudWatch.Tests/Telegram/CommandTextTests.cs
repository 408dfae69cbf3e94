using FraudWatch.Telegram;
using Telegram.Bot.Types;

namespace FraudWatch.Tests.Telegram;

public sealed class CommandTextTests
{
    static (string Name, string Args)? Parse(string text, string? bot = "FraudWatchBot") =>
        CommandText.Parse(Translate.Message(new Message { Text = text, Chat = new Chat { Id = -1 } }), bot);

    [Theory]
    [InlineData("/report 138 0000 1234", "report", "138 0000 1234")]
    [InlineData("/report@FraudWatchBot 骗子电话", "report", "骗子电话")]
    [InlineData("/REPORT@fraudwatchbot", "report", "")]
    [InlineData("/bind   灵溪镇  渎浦村  ", "bind", "灵溪镇  渎浦村")]
    [InlineData("/report\n138 0000 1234", "report", "138 0000 1234")]
    [InlineData("/report　骗子电话", "report", "骗子电话")]
    // As Telegram reads a command: it ends at the first character that is not a Latin letter, a digit or _.
    [InlineData("/report骗子电话13800001234", "report", "骗子电话13800001234")]
    [InlineData("/check，13800001234", "check", "，13800001234")]
    [InlineData("/report@FraudWatchBot骗子电话", "report", "骗子电话")]
    // A Chinese input method in full-width mode types ／ and full-width letters.
    [InlineData("／report 骗子电话", "report", "骗子电话")]
    [InlineData("／ｃｈｅｃｋ　13800001234", "check", "13800001234")]
    [InlineData("／check＠FraudWatchBot 13800001234", "check", "13800001234")]
    public void Command_for_this_bot_is_parsed(string text, string name, string args) =>
        Assert.Equal((name, args), Parse(text));

    [Theory]
    [InlineData("/report@OtherBot 123")]
    [InlineData("/report@OtherBot骗子")]
    [InlineData("／report＠OtherBot 123")]
    [InlineData("/骗子电话")]
    [InlineData("/ report")]
    [InlineData("report 123")]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/@FraudWatchBot")]
    public void Other_text_is_not_a_command_for_this_bot(string text) => Assert.Null(Parse(text));

    [Fact]
    public void Addressed_command_is_ignored_while_the_bot_name_is_unknown() =>
        Assert.Null(Parse("/help@FraudWatchBot", bot: null));
}
