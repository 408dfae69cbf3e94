using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Npgsql;
using Telegram.Bot;

namespace FraudWatch.Telegram;

public static class TelegramExtensions
{
    public static void AddTelegram(this WebApplicationBuilder builder)
    {
        var options = builder.AddValidatedOptions<TelegramOptions, TelegramOptionsValidator>(TelegramOptions.Section);

        // Our own HttpClient, outside IHttpClientFactory's logging: request URLs carry the bot token.
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 256 })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        builder.Services.AddSingleton(sp => new TelegramStatus(sp.GetRequiredService<TimeProvider>()) { DryRun = options.DryRun });
        builder.Services.AddSingleton(sp => new TelegramTransport(http, sp.GetRequiredService<IOptions<TelegramOptions>>()));
        // The one Telegram.Bot client, held by the gateway only. No automatic retries: a 429 must reach our limiter,
        // which pauses every send on every instance (Telegram.Bot would otherwise retry it alone).
        builder.Services.AddSingleton(sp => options.DryRun
            ? ActivatorUtilities.CreateInstance<BotGateway>(sp)
            : ActivatorUtilities.CreateInstance<BotGateway>(sp, (ITelegramBotClient)new TelegramBotClient(
                new TelegramBotClientOptions(options.BotToken!, options.ApiBaseUrl.TrimEnd('/')) { RetryThreshold = 0, RetryCount = 0 }, http)));

        builder.Services.AddSingleton<UpdateInbox>();
        builder.Services.AddSingleton<BotMessageStore>();
        builder.Services.AddSingleton<ChatSender>();
        builder.Services.AddHostedService<Outbox>();
        builder.Services.AddSingleton<ICommandModule, BotCommands>();
        builder.Services.AddSingleton<CommandMenu>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CommandMenu>());
        builder.Services.AddSingleton<CommandRouter>();
        builder.Services.AddSingleton<ChatLanguage>();
        builder.Services.AddSingleton<UpdateHandler>();
        builder.Services.AddSingleton<WebhookWatch>();
        builder.Services.AddHostedService<TelegramStartup>();
        builder.Services.AddHostedService<UpdateProcessor>();
        if (!options.DryRun && options.UpdateMode == UpdateMode.Polling)
            builder.Services.AddHostedService<PollingService>();
    }

    /// <summary>POST /telegram/webhook: stores the update and answers at once; 401 without the secret.</summary>
    public static void MapTelegramWebhook(this IEndpointRouteBuilder app) =>
        app.MapPost("/telegram/webhook", ReceiveUpdate).WithName(nameof(ReceiveUpdate)).WithTags("Telegram")
            .Accepts<JsonElement>("application/json").ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Webhook mode only: Telegram posts one update, with the secret in X-Telegram-Bot-Api-Secret-Token")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // Read from the request itself (compared in constant time), so the document learns of it here.
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = SecretHeader,
                    In = ParameterLocation.Header,
                    Required = true,
                    Description = "Telegram__WebhookSecret, which FraudWatch gave Telegram in setWebhook.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
                return Task.CompletedTask;
            });

    const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static async Task<Results<Ok, UnauthorizedHttpResult, ProblemHttpResult>> ReceiveUpdate(
        HttpContext http, UpdateInbox inbox, IOptions<TelegramOptions> options, CancellationToken ct)
    {
        var o = options.Value;
        if (o.DryRun || o.UpdateMode != UpdateMode.Webhook)
            return TypedResults.Problem(statusCode: 404, title: "Webhook mode is off", detail: "Set Telegram__UpdateMode=Webhook to receive updates here.");
        var given = Encoding.UTF8.GetBytes(http.Request.Headers[SecretHeader].ToString());
        var expected = Encoding.UTF8.GetBytes(o.WebhookSecret!);
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(given), SHA256.HashData(expected)))
            return TypedResults.Unauthorized();

        string body;
        using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8))
            body = await reader.ReadToEndAsync(ct);
        long? updateId;
        try
        {
            using var document = JsonDocument.Parse(body);
            updateId = UpdateInbox.ReadUpdateId(document.RootElement);
        }
        catch (JsonException)
        {
            return TypedResults.Problem(statusCode: 400, title: "Not an update", detail: "The body is not JSON.");
        }

        if (updateId is null)
            return TypedResults.Problem(statusCode: 400, title: "Not an update", detail: "The body has no numeric update_id.");
        await inbox.StoreAsync(updateId.Value, body, ct);
        return TypedResults.Ok();
    }
}

/// <summary>Says at start whether messages leave the machine; learns the bot's name; registers the webhook and command list.</summary>
sealed class TelegramStartup(
    IOptions<TelegramOptions> options, TelegramStatus status, TelegramTransport transport, CommandMenu menu, WebhookWatch webhook,
    ILogger<TelegramStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.DryRun)
        {
            status.Role = "dry-run";
            logger.LogWarning("Telegram: DRY-RUN (no Telegram__BotToken): nothing is sent to Telegram; every message is recorded with status dry_run and its exact text.");
            return;
        }

        logger.LogInformation("Telegram: live, {Mode} mode, Bot API at {Api}", o.UpdateMode, new Uri(o.ApiBaseUrl).GetLeftPart(UriPartial.Authority));
        var backoff = new Backoff();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var me = await transport.CallAsync("getMe", new { }, stoppingToken);
                status.BotId = me.GetProperty("id").GetInt64();
                status.BotUsername = me.GetProperty("username").GetString();
                status.Reached();
                if (o.UpdateMode == UpdateMode.Webhook)
                {
                    await webhook.SetAsync(stoppingToken);
                    status.Role = "webhook";
                }

                status.SignedIn = true;
                await menu.SetAllAsync(stoppingToken);
                logger.LogInformation("Telegram: signed in as @{Username}", status.BotUsername);
                break;
            }
            catch (Exception e) when (e is TelegramApiException or HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException && !stoppingToken.IsCancellationRequested)
            {
                status.Failed(e);
                // A 429's retry_after is how long Telegram wants the bot to wait; asking sooner only gets another 429.
                var delay = backoff.Next();
                if (e is TelegramApiException { RetryAfter: { } seconds } && TimeSpan.FromSeconds(seconds) > delay)
                    delay = TimeSpan.FromSeconds(seconds);
                logger.LogWarning("Telegram start-up call failed ({Error}); retrying in {Delay}", e.Message, delay);
                await Task.Delay(delay, stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                // The command menus read the roles: a database that is down is waited out, as every worker does.
                logger.LogWarning("Telegram start-up paused: database unavailable ({Error}); retrying in {Delay}", e.Message, backoff.Peek);
                await Task.Delay(backoff.Next(), stoppingToken);
            }
        }

        if (o.UpdateMode == UpdateMode.Webhook)
            await webhook.RunAsync(stoppingToken);
    }
}
