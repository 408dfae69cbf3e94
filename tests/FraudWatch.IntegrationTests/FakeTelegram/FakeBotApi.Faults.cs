using System.Diagnostics;

namespace FraudWatch.IntegrationTests.FakeTelegram;

public sealed partial class FakeBotApi
{
    private static readonly long TicksPerSecond = Stopwatch.Frequency;

    /// <summary>
    /// The fake reads a send's time when it arrives, in the test process. Sends the product paced can arrive together:
    /// the first sends of a run each open a connection (the one before has not answered yet), and on a machine busy with
    /// other tests those connections were accepted together. Seen (thirty-eighth session, with three other builds
    /// running): three sends on three new connections within 2 ms, then every send 100-105 ms apart on one connection;
    /// the window was squeezed by 176 ms (and by up to 250 ms with the cores also kept busy by loops). So a window counts a
    /// send only if it is more than this much inside it. Telegram's own limits are approximate ("about 30 a second").
    /// A real burst (sends back to back) is still a violation, and still answered 429 when limits are enforced; so is
    /// a pace more than a quarter above the limit. The limiter's exact spacing is checked without a network by
    /// SlotMath's unit tests.
    /// </summary>
    internal static readonly TimeSpan SchedulingTolerance = TimeSpan.FromMilliseconds(200);

    private long _toleranceTicks = (long)(SchedulingTolerance.TotalSeconds * Stopwatch.Frequency);

    /// <summary>
    /// This fake's arrival tolerance (default <see cref="SchedulingTolerance"/>). The broadcast benchmark keeps the 50 ms
    /// its recorded figures were counted with.
    /// </summary>
    public TimeSpan ArrivalTolerance
    {
        get => TimeSpan.FromSeconds((double)Interlocked.Read(ref _toleranceTicks) / Stopwatch.Frequency);
        set => Interlocked.Exchange(ref _toleranceTicks, (long)(value.TotalSeconds * Stopwatch.Frequency));
    }
    private readonly Lock _rateLock = new();
    private readonly Queue<long> _globalSendTicks = new();
    private readonly Lock _mixLock = new();
    private int? _globalPerSecond;
    private int? _perChatPerMinute;
    private int _rateViolations;
    private readonly List<string> _rateViolationDetails = [];
    private readonly Queue<string> _recentConnections = new();
    private FaultMix? _mix;
    private readonly Lock _methodFaultsLock = new();
    private readonly Dictionary<string, List<ScriptedFault>> _methodFaults = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Which scripted behaviour a chat method gets: sends are faulted, mixed and rate-limited.</summary>
    private enum ChatCall { Send, Faulted, Plain }

    /// <summary>When true, a send above a configured limit is answered 429 like Telegram; otherwise it is only counted.</summary>
    public bool EnforceLimits { get; set; }

    /// <summary>Sends (sendMessage, editMessageText, pinChatMessage) that went over a configured limit.</summary>
    public int RateViolations => Volatile.Read(ref _rateViolations);

    /// <summary>What each violation saw: the sends in the full window, as milliseconds before the one that broke it.</summary>
    public string RateViolationDetails
    {
        get
        {
            lock (_rateLock)
                return string.Join("; ", _rateViolationDetails);
        }
    }

    /// <summary>The next <paramref name="times"/> faultable calls for this chat fail this way; faults queue in order.</summary>
    public void Fault(long chatId, FaultKind kind, int times = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        var chat = Chat(chatId);
        lock (chat)
            chat.Faults.Add(new ScriptedFault(kind, times));
    }

    public void ClearFaults(long chatId)
    {
        var chat = Chat(chatId);
        lock (chat)
            chat.Faults.Clear();
    }

    /// <summary>
    /// The next <paramref name="times"/> calls of a method, whatever the chat (getMe, getUpdates, setWebhook,
    /// setMyCommands, ...), fail this way; faults queue in order. Checked before the chat's own faults.
    /// </summary>
    public void FaultMethod(string method, FaultKind kind, int times = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (_methodFaultsLock)
        {
            if (!_methodFaults.TryGetValue(method, out var faults))
                _methodFaults[method] = faults = [];
            faults.Add(new ScriptedFault(kind, times));
        }
    }

    public void ClearMethodFaults(string method)
    {
        lock (_methodFaultsLock)
            _methodFaults.Remove(method);
    }

    private FaultKind? TakeMethodFault(string method)
    {
        lock (_methodFaultsLock)
        {
            if (!_methodFaults.TryGetValue(method, out var faults))
                return null;
            var fault = faults.FirstOrDefault(f => f.Remaining > 0);
            if (fault is not null)
                fault.Remaining--;
            return fault?.Kind;
        }
    }

    /// <summary>Random failures for every send in every chat, reproducible from <paramref name="seed"/>.</summary>
    public void SetFaultMix(double p429, int retryAfterMin, int retryAfterMax, double p502json, double p502html, double pTimeout,
        int seed, TimeSpan? timeoutDelay = null)
    {
        if (p429 + p502json + p502html + pTimeout > 1)
            throw new ArgumentException("Fault probabilities add up to more than 1; lower them.");
        _mix = new FaultMix(p429, retryAfterMin, retryAfterMax, p502json, p502html, pTimeout,
            timeoutDelay ?? TimeSpan.FromSeconds(5), new Random(seed));
    }

    public void ClearFaultMix() => _mix = null;

    /// <summary>Telegram's real limits are about 30 messages/s overall and 20 messages/min per group.</summary>
    public void ConfigureLimits(int? globalPerSecond, int? perChatPerMinute)
    {
        lock (_rateLock)
        {
            _globalPerSecond = globalPerSecond;
            _perChatPerMinute = perChatPerMinute;
            _globalSendTicks.Clear();
        }
    }

    private void ResetLimits()
    {
        lock (_methodFaultsLock)
            _methodFaults.Clear();
        TokenRevoked = false;
        ConfigureLimits(null, null);
        EnforceLimits = false;
        Interlocked.Exchange(ref _rateViolations, 0);
        lock (_rateLock)
            _rateViolationDetails.Clear();
        _mix = null;
    }

    private async Task<BotAnswer> ChatCallAsync(BotRequest request, ChatCall kind, Func<BotRequest, BotAnswer?>? validate,
        Func<BotRequest, FakeChat, BotAnswer> action, CancellationToken cancellationToken)
    {
        if (request.Long("chat_id") is not { } chatId)
            return request.String("chat_id") is null ? BotAnswer.BadRequest("chat_id is empty") : BotAnswer.BadRequest("chat not found");
        if (validate?.Invoke(request) is { } invalid)
            return invalid;

        var chat = Chat(chatId);
        FaultKind? fault = null;
        BotAnswer? stateError;
        lock (chat)
        {
            if (kind != ChatCall.Plain)
                fault = chat.TakeFault();
            stateError = chat.StateError();
        }
        if (fault is null && kind == ChatCall.Send)
            fault = NextMixFault();
        if (fault is not null)
        {
            if (fault.Delay is { } delay)
                await Task.Delay(delay, cancellationToken);
            return BotAnswer.From(fault);
        }
        if (stateError is { } error)
            return error;

        lock (chat)
        {
            if (kind == ChatCall.Send && RateLimited(chat, request) is { } limited)
                return limited;
            return action(request, chat);
        }
    }

    /// <summary>Counts the send in the sliding windows; caller holds the chat's lock.</summary>
    private BotAnswer? RateLimited(FakeChat chat, BotRequest request)
    {
        int? perChat, global;
        lock (_rateLock)
            (perChat, global) = (_perChatPerMinute, _globalPerSecond);
        if (perChat is null && global is null)
            return null;

        var now = Stopwatch.GetTimestamp();
        var retryAfter = 0;
        var overChat = 0;
        if (perChat is { } chatLimit)
            retryAfter = overChat = Over(chat.SendTicks, chatLimit, now, 60 * TicksPerSecond, Interlocked.Read(ref _toleranceTicks));
        lock (_rateLock)
        {
            if (global is { } globalLimit)
                retryAfter = Math.Max(retryAfter, Over(_globalSendTicks, globalLimit, now, TicksPerSecond, Interlocked.Read(ref _toleranceTicks)));
            if (retryAfter > 0)
            {
                Interlocked.Increment(ref _rateViolations);
                var window = overChat > 0 ? chat.SendTicks : _globalSendTicks;
                _rateViolationDetails.Add($"{(overChat > 0 ? $"chat {chat.Id}" : "global")}: {window.Count} sends at -"
                    + string.Join(",", window.Select(t => ((now - t) * 1000 / TicksPerSecond).ToString(System.Globalization.CultureInfo.InvariantCulture)))
                    + $" ms (this one arrived {(now - request.ArrivedTicks) * 1000 / TicksPerSecond} ms ago on {request.Connection}; connections {string.Join(",", _recentConnections)})");
                if (EnforceLimits)
                    return BotAnswer.TooManyRequests(retryAfter);
            }
            if (global is not null)
            {
                _globalSendTicks.Enqueue(now);
                _recentConnections.Enqueue(request.Connection[^4..]);
                if (_recentConnections.Count > 12)
                    _recentConnections.Dequeue();
            }
        }
        if (perChat is not null)
            chat.SendTicks.Enqueue(now);
        return null;
    }

    /// <summary>Seconds until the window has room again, or 0 when it has room now.</summary>
    private static int Over(Queue<long> ticks, int limit, long now, long window, long toleranceTicks)
    {
        while (ticks.Count > 0 && ticks.Peek() <= now - window)
            ticks.Dequeue();
        if (ticks.Count < limit)
            return 0;
        // Full window: a violation only if the oldest send in it is more than the tolerance inside it.
        if (ticks.Peek() <= now - window + toleranceTicks)
            return 0;
        var wait = ticks.Peek() + window - now;
        return (int)Math.Max(1, (wait + TicksPerSecond - 1) / TicksPerSecond);
    }

    private FaultKind? NextMixFault()
    {
        var mix = _mix;
        if (mix is null)
            return null;
        double roll;
        int retryAfter;
        lock (_mixLock)
        {
            roll = mix.Random.NextDouble();
            retryAfter = mix.Random.Next(mix.RetryAfterMin, mix.RetryAfterMax + 1);
        }
        if ((roll -= mix.P429) < 0)
            return FaultKind.TooManyRequests(retryAfter);
        if ((roll -= mix.P502Json) < 0)
            return FaultKind.BadGatewayJson;
        if ((roll -= mix.P502Html) < 0)
            return FaultKind.BadGatewayHtml;
        return roll - mix.PTimeout < 0 ? FaultKind.Timeout(mix.TimeoutDelay) : null;
    }

    private sealed record FaultMix(double P429, int RetryAfterMin, int RetryAfterMax, double P502Json, double P502Html,
        double PTimeout, TimeSpan TimeoutDelay, Random Random);
}
