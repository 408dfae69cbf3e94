using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FraudWatch.IntegrationTests.FakeTelegram;

/// <summary>
/// A Bot API server on loopback that answers like api.telegram.org: the real TelegramBotClient and our raw
/// getUpdates poller talk to it over HTTP. Tests script incoming updates and failures, then assert on calls.
/// </summary>
public sealed partial class FakeBotApi : IAsyncDisposable
{
    public const string DefaultToken = "123456789:TEST-fraudwatch-token";

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, FakeChat> _chats = new();
    private readonly Lock _callsLock = new();
    private readonly List<RecordedCall> _calls = [];
    private static readonly JsonObject NoContent = [];
    private int _sendCount;

    private FakeBotApi(WebApplication app, string token)
    {
        _app = app;
        Token = token;
        BotId = long.TryParse(token.Split(':')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : 123456789;
        _webhookClient = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>"http://127.0.0.1:port": the value for Telegram__ApiBaseUrl.</summary>
    public string BaseUrl { get; private set; } = "";
    public string Token { get; }
    public long BotId { get; }
    public string BotUsername { get; } = "FraudWatchTestBot";

    /// <summary>True as after /revoke in @BotFather: every call is answered 401 Unauthorized, as for a wrong token.</summary>
    public bool TokenRevoked { get; set; }

    /// <summary>Added before every answer except getUpdates; zero by default so load tests measure the bot, not the fake.</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>
    /// False keeps only each call's method, status and time, and no sent message's content: for load runs in which
    /// the fake shares the process with the bot, so that what the fake holds on to does not lengthen the bot's GC
    /// pauses (Telegram keeps its copies elsewhere). Replies to, edits and pins of earlier messages then fail.
    /// </summary>
    public bool KeepContent { get; set; } = true;

    /// <summary>Accepted sendMessage calls since start or the last Reset.</summary>
    public int SendCount => Volatile.Read(ref _sendCount);

    public IReadOnlyList<RecordedCall> Calls
    {
        get
        {
            lock (_callsLock)
                return _calls.ToArray();
        }
    }

    public static async Task<FakeBotApi> StartAsync(string token = DefaultToken, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeBotApi(app, token);
        app.Run(fake.HandleAsync);
        await app.StartAsync(cancellationToken);
        fake.BaseUrl = app.Urls.First().TrimEnd('/');
        return fake;
    }

    public IReadOnlyList<SentMessage> SentTo(long chatId)
    {
        if (!_chats.TryGetValue(chatId, out var chat))
            return [];
        lock (chat)
            return chat.Sent.ToArray();
    }

    /// <summary>Gives the chat a title and, optionally, a type other than the one its id implies.</summary>
    public void RegisterChat(long chatId, string title, string? type = null, int? memberCount = null)
    {
        var chat = Chat(chatId);
        lock (chat)
        {
            chat.Title = title;
            chat.Type = type ?? chat.Type;
            chat.MemberCount = memberCount ?? chat.MemberCount;
        }
    }

    public void SetChatMemberCount(long chatId, int count)
    {
        var chat = Chat(chatId);
        lock (chat)
            chat.MemberCount = count;
    }

    /// <summary>What getChatMember answers for this user: creator, administrator, member, restricted, left or kicked.</summary>
    public void SetChatMember(long chatId, long userId, string status)
    {
        var chat = Chat(chatId);
        lock (chat)
        {
            if (userId == BotId)
                chat.BotStatus = status;
            else
                chat.MemberStatus[userId] = status;
        }
    }

    public long? PinnedMessageId(long chatId)
    {
        if (!_chats.TryGetValue(chatId, out var chat))
            return null;
        lock (chat)
            return chat.PinnedMessageId;
    }

    /// <summary>Polls <paramref name="probe"/> until it returns non-null.</summary>
    public Task<T> WaitForAsync<T>(Func<FakeBotApi, T?> probe, TimeSpan timeout) where T : class =>
        WaitCoreAsync(() => probe(this) is { } value ? (true, value) : (false, default!), timeout);

    /// <summary>Polls <paramref name="probe"/> until it returns a value.</summary>
    public Task<T> WaitForAsync<T>(Func<FakeBotApi, T?> probe, TimeSpan timeout) where T : struct =>
        WaitCoreAsync(() => probe(this) is { } value ? (true, value) : (false, default), timeout);

    /// <summary>Forgets chats, calls, faults, limits, updates and the webhook. Update ids keep growing so a running poller's offset stays valid.</summary>
    public void Reset()
    {
        _chats.Clear();
        lock (_callsLock)
            _calls.Clear();
        Interlocked.Exchange(ref _sendCount, 0);
        ResetUpdates();
        ResetLimits();
        ResponseDelay = TimeSpan.Zero;
        CallbackQueryLifetime = null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await StopWebhookAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _webhookClient.Dispose();
        _stopping.Dispose();
    }

    private FakeChat Chat(long chatId) => _chats.GetOrAdd(chatId, id => new FakeChat(id));

    private async Task<T> WaitCoreAsync<T>(Func<(bool Found, T Value)> probe, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (ok, value) = probe();
            if (ok)
                return value;
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"FakeBotApi: condition not met within {timeout.TotalSeconds:0.#} s. {Summary()}");
            await Task.Delay(20);
        }
    }

    private string Summary()
    {
        var calls = Calls;
        var recent = string.Join(", ", calls.TakeLast(12).Select(c => $"{c.Method}→{c.StatusCode}"));
        return $"{calls.Count} calls, {SendCount} accepted sends, {PendingUpdateCount} pending updates; last calls: [{recent}]";
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (await TryServeFileAsync(context))
            return;
        var path = context.Request.Path.Value ?? "";
        var slash = path.LastIndexOf('/');
        if (!path.StartsWith("/bot", StringComparison.Ordinal) || slash <= 4)
        {
            await WriteAsync(context, BotAnswer.Error(404, "Not Found"));
            return;
        }

        var method = path[(slash + 1)..];
        var request = await BotRequest.ReadAsync(context, method);
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        BotAnswer answer;
        try
        {
            answer = !TokenRevoked && path.AsSpan(4, slash - 4).SequenceEqual(Token)
                ? await DispatchAsync(request, aborted.Token)
                : BotAnswer.Error(401, "Unauthorized");
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            Record(request, 499);
            return;
        }
        Record(request, answer.StatusCode);
        await WriteAsync(context, answer);
    }

    private void Record(BotRequest request, int status)
    {
        var call = KeepContent
            ? new RecordedCall(request.Method, request.Params, request.RawBody, status, DateTime.UtcNow)
            : new RecordedCall(request.Method, NoContent, "", status, DateTime.UtcNow);
        lock (_callsLock)
            _calls.Add(call);
    }

    private static Task WriteAsync(HttpContext context, BotAnswer answer)
    {
        var response = context.Response;
        response.StatusCode = answer.StatusCode;
        response.ContentType = answer.Html ? "text/html" : "application/json";
        if (answer.RetryAfter is { } after)
            response.Headers.RetryAfter = after.ToString(CultureInfo.InvariantCulture);
        return response.WriteAsync(answer.Body);
    }

    private static long UnixNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private JsonObject BotUserJson() => new()
    {
        ["id"] = BotId,
        ["is_bot"] = true,
        ["first_name"] = "FraudWatch Test Bot",
        ["username"] = BotUsername,
    };
}
