using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FraudWatch.IntegrationTests.FakeTelegramTests;

/// <summary>A bare HTTP endpoint on loopback that records what the fake POSTs and answers the scripted statuses in turn.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _statuses;

    private WebhookReceiver(WebApplication app, IEnumerable<int> statuses)
    {
        _app = app;
        _statuses = new ConcurrentQueue<int>(statuses);
    }

    public string Url { get; private set; } = "";
    public ConcurrentQueue<(string? Secret, string Body)> Received { get; } = new();

    /// <summary>Answers each status in <paramref name="statuses"/> once, then 200 forever.</summary>
    public static async Task<WebhookReceiver> StartAsync(params int[] statuses)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, statuses);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            receiver.Received.Enqueue((context.Request.Headers["X-Telegram-Bot-Api-Secret-Token"].FirstOrDefault(), await reader.ReadToEndAsync()));
            context.Response.StatusCode = receiver._statuses.TryDequeue(out var status) ? status : 200;
        });
        await app.StartAsync();
        receiver.Url = app.Urls.First().TrimEnd('/') + "/telegram/webhook";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
