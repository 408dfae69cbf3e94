using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FraudWatch.IntegrationTests.FakeTelegram;

public sealed partial class FakeBotApi
{
    private readonly HttpClient _webhookClient;
    private readonly Lock _deliveriesLock = new();
    private readonly List<WebhookDelivery> _deliveries = [];
    private Webhook? _webhook;

    /// <summary>First wait after a failed webhook call; doubles per attempt up to two seconds.</summary>
    public TimeSpan WebhookRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Every POST to the webhook, in order, with the status the receiver answered.</summary>
    public IReadOnlyList<WebhookDelivery> WebhookDeliveries
    {
        get
        {
            lock (_deliveriesLock)
                return _deliveries.ToArray();
        }
    }

    private BotAnswer SetWebhook(BotRequest request)
    {
        var url = request.String("url") ?? "";
        if (url.Length == 0)
            return DeleteWebhook(request);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return BotAnswer.BadRequest("bad webhook: invalid webhook URL specified");
        if (!uri.IsLoopback)
            return BotAnswer.BadRequest("bad webhook: the fake Bot API delivers only to loopback addresses; use http://127.0.0.1:<port>/...");
        var secret = request.String("secret_token");
        if (secret is not null && !SecretToken().IsMatch(secret))
            return BotAnswer.BadRequest("secret token contains unallowed characters");

        var hook = new Webhook(uri, secret);
        Webhook? previous;
        lock (_updatesLock)
        {
            if (request.Bool("drop_pending_updates"))
                _pending.Clear();
            if (request.Node("allowed_updates") is JsonArray allowed)
                _allowedUpdates = allowed.Select(a => (string?)a ?? "").ToArray();
            _currentPoll?.Terminate("Conflict: terminated by setWebhook request");
            previous = _webhook;
            _webhook = hook;
            hook.Loop = Task.Run(() => DeliverAsync(hook));
        }
        previous?.Stop();
        return BotAnswer.Ok(true, "Webhook was set");
    }

    private BotAnswer DeleteWebhook(BotRequest request)
    {
        Webhook? previous;
        lock (_updatesLock)
        {
            if (request.Bool("drop_pending_updates"))
                _pending.Clear();
            previous = _webhook;
            _webhook = null;
        }
        previous?.Stop();
        return BotAnswer.Ok(true, previous is null ? "Webhook is already deleted" : "Webhook was deleted");
    }

    private JsonObject WebhookInfoJson()
    {
        lock (_updatesLock)
        {
            var info = new JsonObject
            {
                ["url"] = _webhook?.Url.ToString() ?? "",
                ["has_custom_certificate"] = false,
                ["pending_update_count"] = _pending.Count,
            };
            if (_webhook is { } hook)
            {
                info["ip_address"] = "127.0.0.1";
                info["max_connections"] = 40;
                if (hook.LastErrorDate is { } date)
                {
                    info["last_error_date"] = date;
                    info["last_error_message"] = hook.LastErrorMessage;
                }
                if (_allowedUpdates is { Length: > 0 } allowed)
                    info["allowed_updates"] = new JsonArray(allowed.Select(a => (JsonNode?)a).ToArray());
            }
            return info;
        }
    }

    private async Task DeliverAsync(Webhook hook)
    {
        var token = hook.Stopping.Token;
        long currentId = -1;
        var attempt = 0;
        while (!token.IsCancellationRequested)
        {
            PendingUpdate? next;
            Task arrived;
            lock (_updatesLock)
            {
                next = Take(1, markHandedOut: false).FirstOrDefault();
                arrived = _arrived.Task;
            }
            try
            {
                if (next is null)
                {
                    await arrived.WaitAsync(token);
                    continue;
                }
                attempt = next.Id == currentId ? attempt + 1 : 1;
                currentId = next.Id;
                var (status, error) = await PostAsync(hook, next.Json, token);
                lock (_deliveriesLock)
                    _deliveries.Add(new WebhookDelivery(next.Id, attempt, status, error, DateTime.UtcNow));
                if (status is >= 200 and < 300)
                {
                    lock (_updatesLock)
                        _pending.Remove(next);
                    continue;
                }
                lock (_updatesLock)
                {
                    hook.LastErrorDate = UnixNow();
                    hook.LastErrorMessage = error ?? $"Wrong response from the webhook: {status}";
                }
                var backOff = WebhookRetryDelay * Math.Pow(2, Math.Min(attempt - 1, 10));
                await Task.Delay(backOff < TimeSpan.FromSeconds(2) ? backOff : TimeSpan.FromSeconds(2), token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<(int Status, string? Error)> PostAsync(Webhook hook, string json, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, hook.Url);
        message.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (hook.Secret is not null)
            message.Headers.Add("X-Telegram-Bot-Api-Secret-Token", hook.Secret);
        try
        {
            using var response = await _webhookClient.SendAsync(message, cancellationToken);
            return ((int)response.StatusCode, null);
        }
        catch (HttpRequestException e)
        {
            return (0, "Connection failed: " + e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (0, "Read timeout expired");
        }
    }

    private async Task StopWebhookAsync()
    {
        Webhook? hook;
        lock (_updatesLock)
        {
            hook = _webhook;
            _webhook = null;
        }
        if (hook is null)
            return;
        hook.Stop();
        if (hook.Loop is { } loop)
            await loop;
    }

    private void ResetWebhook()
    {
        lock (_updatesLock)
        {
            _webhook?.Stop();
            _webhook = null;
        }
        lock (_deliveriesLock)
            _deliveries.Clear();
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretToken();

    private sealed class Webhook(Uri url, string? secret)
    {
        public Uri Url { get; } = url;
        public string? Secret { get; } = secret;
        public CancellationTokenSource Stopping { get; } = new();
        public Task? Loop { get; set; }
        public long? LastErrorDate { get; set; }
        public string? LastErrorMessage { get; set; }

        public void Stop() => Stopping.Cancel();
    }
}
