using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace FraudWatch.IntegrationTests.FakeTelegramTests;

public sealed class WebhookTests : FakeBotApiTest
{
    [Fact]
    public async Task Webhook_delivery_carries_the_secret_header_in_order()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var first = Fake.PrivateText(42, "one");
        var second = Fake.PrivateText(42, "two");

        await Bot.SetWebhook(receiver.Url, secretToken: "s3cret_token-1", cancellationToken: default);
        var deliveries = await Fake.WaitForAsync(f => f.WebhookDeliveries.Count >= 2 ? f.WebhookDeliveries : null, Patience);

        Assert.Equal([(first, 200), (second, 200)], deliveries.Select(d => (d.UpdateId, d.StatusCode)));
        Assert.All(receiver.Received, r => Assert.Equal("s3cret_token-1", r.Secret));
        Assert.Contains("\"text\":\"one\"", receiver.Received.First().Body);
        Assert.Equal(0, Fake.PendingUpdateCount);
    }

    [Fact]
    public async Task Failed_webhook_calls_are_retried_and_recorded()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 502);
        await Bot.SetWebhook(receiver.Url, cancellationToken: default);

        var id = Fake.PrivateText(42, "retry me");
        var deliveries = await Fake.WaitForAsync(f => f.WebhookDeliveries.Any(d => d.StatusCode == 200) ? f.WebhookDeliveries : null, Patience);
        var info = await Bot.GetWebhookInfo(cancellationToken: default);

        Assert.Equal([(id, 1, 500), (id, 2, 502), (id, 3, 200)], deliveries.Select(d => (d.UpdateId, d.Attempt, d.StatusCode)));
        Assert.Null(receiver.Received.First().Secret);
        Assert.Equal(receiver.Url, info.Url);
        Assert.Equal(0, info.PendingUpdateCount);
        Assert.Equal("Wrong response from the webhook: 502", info.LastErrorMessage);
    }

    [Fact]
    public async Task Redelivery_reaches_the_webhook_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await Bot.SetWebhook(receiver.Url, cancellationToken: default);
        var id = Fake.PrivateText(42, "twice");
        await Fake.WaitForAsync(f => f.WebhookDeliveries.Count == 1 ? "delivered" : null, Patience);

        await Fake.RedeliverAsync(id);
        var deliveries = await Fake.WaitForAsync(f => f.WebhookDeliveries.Count == 2 ? f.WebhookDeliveries : null, Patience);

        Assert.All(deliveries, d => Assert.Equal((id, 200), (d.UpdateId, d.StatusCode)));
    }

    [Fact]
    public async Task DeleteWebhook_with_drop_pending_updates_lets_polling_resume_empty()
    {
        await Bot.SetWebhook("http://127.0.0.1:9/unreachable", cancellationToken: default);
        Fake.WebhookRetryDelay = TimeSpan.FromSeconds(1);
        Fake.PrivateText(42, "lost");

        await Bot.DeleteWebhook(dropPendingUpdates: true, cancellationToken: default);
        var info = await Bot.GetWebhookInfo(cancellationToken: default);

        Assert.Empty(await Bot.GetUpdates(cancellationToken: default));
        Assert.Equal("", info.Url);
    }

    [Fact]
    public async Task Webhook_must_point_at_loopback()
    {
        var error = await Assert.ThrowsAsync<ApiRequestException>(() => Bot.SetWebhook("https://example.com/hook", cancellationToken: default));

        Assert.Equal(400, error.ErrorCode);
        Assert.StartsWith("Bad Request: bad webhook", error.Message);
    }
}
