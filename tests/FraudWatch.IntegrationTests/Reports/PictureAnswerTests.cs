using System.Text.RegularExpressions;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.IntegrationTests.Ocr;

namespace FraudWatch.IntegrationTests.Reports;

/// <summary>What a resident reads after sending a picture, with a stand-in tesseract that reads what the test says.</summary>
public sealed class PictureAnswerTests : IDisposable
{
    static readonly byte[] Image = Pictures.Render(Pictures.Hotline);
    readonly string directory = Pictures.NewDirectory();

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task The_text_read_from_a_picture_is_shown_with_its_link_and_number_not_tappable()
    {
        // Telegram makes a link or a phone in a message's text tappable unless it is in <code>: the bot's own answer must
        // not turn the scammer's link into one tap away, beside its advice not to open it.
        var reads = Pictures.FakeTesseract(directory, "cat > /dev/null; echo '【顺丰】您的包裹丢失，理赔请点击 http://sf-lp.top/a 或致电 0577-8888 9999'");
        await using var telegram = await FakeBotApi.StartAsync();
        telegram.SetUserLanguage(3501, "zh-hans");
        await using var host = await TestHost.StartAsync(telegram, new Dictionary<string, string?> { ["Ocr:TesseractPath"] = reads });

        await host.HandledAsync(telegram.PrivatePhoto(3501, Image), seconds: 60);

        var answer = Assert.Single(telegram.SentTo(3501)).Text;
        Assert.Contains("我从图片里读到", answer, StringComparison.Ordinal);
        var outsideCode = Regex.Replace(answer, "<code>.*?</code>", "", RegexOptions.Singleline);
        Assert.DoesNotContain("sf-lp.top", outsideCode, StringComparison.Ordinal);
        Assert.DoesNotContain("8888", outsideCode, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_picture_refused_because_the_reader_is_busy_is_not_called_unreadable()
    {
        var slow = Pictures.FakeTesseract(directory, $"cat > /dev/null; touch {directory}/reading; sleep 8; echo '明天早上七点半村口集合'");
        await using var telegram = await FakeBotApi.StartAsync();
        telegram.SetUserLanguage(3502, "zh-hans");
        await using var host = await TestHost.StartAsync(telegram, new Dictionary<string, string?> { ["Ocr:TesseractPath"] = slow, ["Ocr:MaxQueued"] = "1" });

        var first = telegram.PrivatePhoto(3501, Image); // another lane: being read while the second comes in
        for (var i = 0; i < 400 && !File.Exists(Path.Combine(directory, "reading")); i++)
            await Task.Delay(50);
        await host.HandledAsync(telegram.PrivatePhoto(3502, Image), seconds: 30);

        var answer = Assert.Single(telegram.SentTo(3502)).Text;
        Assert.DoesNotContain("看不清", answer, StringComparison.Ordinal);
        Assert.Contains("过一分钟再发", answer, StringComparison.Ordinal);
        await host.HandledAsync(first, seconds: 60);
    }
}
