using FraudWatch.Access;
using FraudWatch.Groups;
using FraudWatch.Telegram;
using Microsoft.Extensions.Options;

namespace FraudWatch.Reports;

/// <summary>
/// Disputes in the duty group: each is posted once (up to <see cref="ReportsOptions.DutyPostsPerReporterPerHour"/> a
/// resident an hour; the rest wait in the console and the API) with two buttons, data "dsp:&lt;id&gt;:ordinary" and
/// "dsp:&lt;id&gt;:fraud" (the type the bot named; the console and the API take another). A press reviews it through
/// <see cref="CheckDisputes"/> and the pressed post then shows the review, without buttons.
/// </summary>
public sealed class DisputeDesk(
    PrivateCheckStore checks, CheckDisputes disputes, GroupStore groups, Pseudonyms pseudonyms, ChatSender sender, BotGateway gateway,
    ChatLanguage languages, IOptions<ReportsOptions> reportOptions, IOptions<FraudWatchOptions> options, ILogger<DisputeDesk> logger) : ICallbackHandler
{
    public const string CallbackPrefix = "dsp:";

    public string Prefix => CallbackPrefix;

    /// <summary>Posts a new dispute to the duty group, unless there is none or its resident is over the hourly cap.</summary>
    public async Task PostAsync(long checkId, CancellationToken ct)
    {
        if (await checks.DisputeAsync(checkId, ct) is not { } dispute || await groups.GetDutyAsync(ct) is not { } duty)
            return;
        if (await checks.DisputesInLastHourAsync(dispute.UserId, ct) > reportOptions.Value.DutyPostsPerReporterPerHour)
        {
            logger.LogInformation("Dispute {CheckId} not posted to the duty group: its resident is over the hourly duty-post cap", checkId);
            return;
        }

        var lang = languages.OfGroup(duty.Language);
        var text = ReportText.DisputePost(await pseudonyms.OfAsync(dispute.UserId, ct), dispute.GuessedType, Body(dispute.Text), dispute.ForwardedFrom, lang);
        // Through the outbox when the duty group is busy: a press carries the post's id, so nothing needs it now.
        await sender.ReplyAsync(duty.ChatId, text, buttons: [Buttons(dispute.Id, lang)], ct: ct);
    }

    public async Task HandleAsync(ButtonPress press, Role presserRole, CancellationToken ct)
    {
        var lang = await languages.OfChatAsync(press.ChatId ?? press.From.Id, press.From.LanguageCode, ct);
        var parts = press.Data.Split(':');
        if (parts is not [_, var idText, CheckDisputes.Ordinary or CheckDisputes.Fraud] || ReportArgs.ParseReportId(idText) is not { } id)
        {
            await gateway.AnswerButtonAsync(press.Id, ReportText.ButtonInvalid(lang), ct);
            return;
        }

        if (!Role.Assistant.Allows(presserRole))
        {
            await gateway.AnswerButtonAsync(press.Id, ReportText.DisputeNeedsAssistant(lang), ct);
            return;
        }

        var (status, dispute) = await disputes.ReviewAsync(new DisputeReview(id, parts[2], null, $"tg:{press.From.Id}", press.From.DisplayName, OnlyIfNew: true), ct);
        if (dispute is null)
        {
            await gateway.AnswerButtonAsync(press.Id, ReportText.ButtonInvalid(lang), ct);
            return;
        }

        // The first review stands here; another officer changes it in the console or the API.
        await gateway.AnswerButtonAsync(press.Id, status == OutcomeStatus.Recorded
            ? ReportText.DisputeButtonRecorded(dispute.ReviewedAs!, dispute.ReviewedType, lang)
            : ReportText.DisputeAlreadyReviewed(dispute.ReviewedBy, dispute.ReviewedAs!, dispute.ReviewedType, lang), ct);

        if (press is { ChatId: { } chatId, MessageId: { } messageId })
        {
            var at = ReportText.LocalMinute(dispute.ReviewedAt, options.Value.Zone);
            var text = ReportText.DisputePost(await pseudonyms.OfAsync(dispute.UserId, ct), dispute.GuessedType, Body(dispute.Text), dispute.ForwardedFrom, lang)
                + "\n\n" + ReportText.DisputeReviewLine(dispute.ReviewedAs!, dispute.ReviewedType, dispute.ReviewedBy, at, lang);
            var edited = await gateway.EditAsync(chatId, messageId, text, ct);
            if (!edited.Delivered)
                logger.LogInformation("Could not update the duty post of dispute {CheckId}: {Error}", id, edited.Reason);
        }
    }

    static Button[] Buttons(long id, string lang) =>
    [
        new(ReportText.ButtonDisputeOrdinary(lang), $"{CallbackPrefix}{id}:{CheckDisputes.Ordinary}"),
        new(ReportText.ButtonDisputeFraud(lang), $"{CallbackPrefix}{id}:{CheckDisputes.Fraud}"),
    ];

    static string Body(string text) => TextCut.Shorten(text, 1500);

}
