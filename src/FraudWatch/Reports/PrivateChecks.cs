using FraudWatch.Detection;
using FraudWatch.Ocr;
using FraudWatch.Telegram;
using Microsoft.Extensions.Options;

namespace FraudWatch.Reports;

/// <summary>
/// In a private chat, anything that is not a command (text, a forward, a caption, a photo or an image file) is
/// checked as /check would, answered in the resident's language with two buttons: Report, and Not a scam. A picture
/// is read with OCR first and the answer shows what was read. Past a per-user limit the bot answers once, then
/// stays silent for the rest of the minute.
/// </summary>
public sealed class PrivateChecks(
    Checker checker, WaveDesk waves, PrivateCheckStore checks, ChatSender sender, BotGateway gateway, ImageTextReader ocr,
    ChatLanguage languages, OfficialNumbers official, IOptions<ReportsOptions> options, ILogger<PrivateChecks> logger) : IMessageWatcher
{
    public const string Prefix = "chk:";
    readonly FloodGate flood = new(options.Value.PrivateChecksPerMinute);

    public async Task OnMessageAsync(IncomingMessage message, ChatPlace? group, CancellationToken ct)
    {
        if (message.InGroup || message.From is not { IsBot: false } from)
            return;
        var lang = languages.Of(inGroup: false, null, from.LanguageCode);
        switch (flood.Count(from.Id))
        {
            case FloodCount.Allowed:
                break;
            case FloodCount.Over:
                await sender.ReplyAsync(message.ChatId, ResidentText.TooMany(lang), ct: ct);
                return;
            default:
                return;
        }

        var text = ReportText.WithHiddenLinks(message);
        string? read = null, unread = null;
        if (message.Image is { } image)
        {
            var (outcome, picture) = await ReadPictureAsync(from.Id, image, lang, ct);
            if (picture is null && text.Length == 0)
            {
                await sender.ReplyAsync(message.ChatId, outcome, ct: ct);
                return;
            }

            if (picture is null)
            {
                unread = outcome; // the caption is still checked, as /check would, after the line on the picture
            }
            else
            {
                read = picture;
                text = string.Join('\n', new[] { text, picture }.Where(t => t.Length > 0));
            }
        }

        if (text.Length == 0)
        {
            await sender.ReplyAsync(message.ChatId, ResidentText.SendTextOrPicture(lang), ct: ct);
            return;
        }

        // 110 or a bank's 95588 alone, as /check answers it: official, but the number a call shows can be faked.
        if (read is null && official.IsBareOfficial(text))
        {
            await sender.ReplyAsync(message.ChatId, ReportText.OfficialNumberChecked(text.Trim(), lang), message.MessageId, ct: ct);
            return;
        }

        text = TextCut.Head(text, 10_000);
        var result = await checker.CheckAsync(text, bareValueAlone: false, ct);
        var c = result.Detection!.Classification;
        var id = await checks.AddAsync(from.Id, message.ChatId, message.MessageId, text, message.ForwardedFrom, lang,
            c.Verdict.ToCode(), c.Verdict == Verdict.Fraud ? c.Type : FraudTypes.Other, ct);
        Button[] buttons = [new(ResidentText.ReportButton(lang), $"{Prefix}r:{id}"), new(ResidentText.NotScamButton(lang), $"{Prefix}n:{id}")];
        var answer = ResidentText.CheckAnswer(result.Detection!, result.Reputation, lang, read);
        if (unread is not null)
            answer = unread + "\n" + answer;
        if (await waves.SpreadLineAsync(text, lang, ct) is { } spread)
            answer += "\n" + spread;
        await sender.ReplyAsync(message.ChatId, answer, message.MessageId, [buttons], ct);
    }

    /// <summary>The text read from a picture, or null with the sentence to answer instead.</summary>
    async Task<(string Answer, string? Text)> ReadPictureAsync(long userId, IncomingImage image, string lang, CancellationToken ct)
    {
        if (image.FileSize is { } size && !ocr.FitsSize(size))
            return (ResidentText.PictureUnreadable(lang), null);
        var (download, bytes) = await gateway.DownloadAsync(image.FileId, ocr.MaxBytes, ct);
        if (bytes is null)
        {
            logger.LogInformation("Picture from {UserId} not downloaded: {Reason}", userId, download.Reason);
            return (download.Kind == SendOutcomeKind.DryRun ? ResidentText.CannotReadPictures(lang) : ResidentText.PictureUnreadable(lang), null);
        }

        var read = await ocr.ReadAsync(userId, bytes, ct);
        return read.Outcome switch
        {
            OcrOutcome.Text => ("", TextCut.Head(read.Text, 4_000)),
            OcrOutcome.NotInstalled => (ResidentText.CannotReadPictures(lang), null),
            OcrOutcome.NoText => (ResidentText.PictureHasNoText(lang), null),
            OcrOutcome.Busy => (ResidentText.PictureBusy(lang), null),
            _ => (ResidentText.PictureUnreadable(lang), null),
        };
    }
}
