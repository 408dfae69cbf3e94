using FraudWatch.IntegrationTests.FakeTelegram;
using Telegram.Bot;

namespace FraudWatch.IntegrationTests.FakeTelegramTests;

/// <summary>A fresh fake per test, and the real Telegram.Bot client pointed at it.</summary>
public abstract class FakeBotApiTest : IAsyncLifetime
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    protected FakeBotApi Fake { get; private set; } = null!;
    protected TelegramBotClient Bot { get; private set; } = null!;
    protected HttpClient Http { get; } = new();

    public async Task InitializeAsync()
    {
        Fake = await FakeBotApi.StartAsync();
        Bot = NewClient();
    }

    public async Task DisposeAsync()
    {
        await Fake.DisposeAsync();
        Http.Dispose();
    }

    /// <summary>Automatic 429 retries are off so each answer surfaces exactly as the fake gave it.</summary>
    protected TelegramBotClient NewClient(HttpClient? http = null, string? token = null) =>
        new(new TelegramBotClientOptions(token ?? Fake.Token, Fake.BaseUrl) { RetryThreshold = 0 }, http);

    protected Task<HttpResponseMessage> PostJsonAsync(string method, string json) =>
        Http.PostAsync($"{Fake.BaseUrl}/bot{Fake.Token}/{method}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
}
