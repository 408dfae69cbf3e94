using System.Text.Json;
using System.Text.Json.Nodes;

namespace FraudWatch.IntegrationTests.FakeTelegram;

public sealed partial class FakeBotApi
{
    // Telegram leaves these out unless allowed_updates names them.
    private static readonly string[] OptInUpdateTypes = ["chat_member", "message_reaction", "message_reaction_count"];

    private readonly Lock _updatesLock = new();
    private readonly List<PendingUpdate> _pending = [];
    private readonly Dictionary<long, PendingUpdate> _history = [];
    private long _lastUpdateId = 10_000;
    private string[]? _allowedUpdates;
    private TaskCompletionSource _arrived = NewSignal();
    private PollTicket? _currentPoll;

    public int PendingUpdateCount
    {
        get
        {
            lock (_updatesLock)
                return _pending.Count;
        }
    }

    /// <summary>True while a long-polling getUpdates is being held open (calls are recorded only once answered).</summary>
    public bool IsPolling
    {
        get
        {
            lock (_updatesLock)
                return _currentPoll is not null;
        }
    }

    /// <summary>Queues an update; <paramref name="rawJsonWithoutId"/> is an Update object without update_id. Returns the assigned id.</summary>
    public long EnqueueUpdate(string rawJsonWithoutId)
    {
        var body = JsonNode.Parse(rawJsonWithoutId) as JsonObject
            ?? throw new ArgumentException("An update must be a JSON object such as {\"message\":{...}}.", nameof(rawJsonWithoutId));
        lock (_updatesLock)
        {
            var id = ++_lastUpdateId;
            var update = new JsonObject { ["update_id"] = id };
            foreach (var (key, value) in body.ToArray())
            {
                body.Remove(key);
                update[key] = value;
            }
            TrackMessage(update["message"] as JsonObject);
            Add(new PendingUpdate(id, update.ToJsonString(), UpdateType(update)));
            return id;
        }
    }

    /// <summary>
    /// Queues <paramref name="json"/> byte for byte, even if malformed or unparseable by Telegram.Bot. The id orders it
    /// in the queue; when not given it is read from the body's update_id, or the next id is taken.
    /// </summary>
    public long EnqueueRaw(string json, long? updateId = null)
    {
        JsonObject? parsed = null;
        try
        {
            parsed = JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
        }
        lock (_updatesLock)
        {
            var id = updateId ?? (parsed?["update_id"] is JsonValue v && v.TryGetValue<long>(out var given) ? given : _lastUpdateId + 1);
            _lastUpdateId = Math.Max(_lastUpdateId, id);
            Add(new PendingUpdate(id, json, parsed is null ? null : UpdateType(parsed)));
            return id;
        }
    }

    /// <summary>Sends an already confirmed update again, as Telegram does after a crash or a failed webhook call.</summary>
    public Task RedeliverAsync(long updateId)
    {
        lock (_updatesLock)
        {
            if (!_history.TryGetValue(updateId, out var original))
                throw new ArgumentException($"Update {updateId} was never enqueued on this fake.", nameof(updateId));
            _pending.Remove(original);
            _pending.Insert(0, new PendingUpdate(original.Id, original.Json, original.Type) { Redelivered = true });
            Signal();
        }
        return Task.CompletedTask;
    }

    private void Add(PendingUpdate update)
    {
        _history[update.Id] = update;
        var at = _pending.Count;
        while (at > 0 && _pending[at - 1].Id > update.Id)
            at--;
        _pending.Insert(at, update);
        Signal();
    }

    private async Task<BotAnswer> GetUpdatesAsync(BotRequest request, CancellationToken cancellationToken)
    {
        var offset = request.Long("offset");
        var limit = (int)Math.Clamp(request.Long("limit") ?? 100, 1, 100);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(Math.Max(0, request.Long("timeout") ?? 0));
        var ticket = new PollTicket();
        lock (_updatesLock)
        {
            if (_webhook is not null)
                return BotAnswer.Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
            if (request.Node("allowed_updates") is JsonArray allowed)
                _allowedUpdates = allowed.Select(a => (string?)a ?? "").ToArray();
            Confirm(offset);
            _currentPoll?.Terminate("Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
            _currentPoll = ticket;
        }

        try
        {
            while (true)
            {
                Task arrived;
                lock (_updatesLock)
                {
                    var batch = Take(limit, markHandedOut: true);
                    if (batch.Count > 0 || DateTime.UtcNow >= deadline)
                        return BotAnswer.OkRaw("[" + string.Join(",", batch.Select(u => u.Json)) + "]");
                    arrived = _arrived.Task;
                }
                var wait = deadline - DateTime.UtcNow;
                var woke = await Task.WhenAny(arrived, ticket.Terminated, Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
                if (woke == ticket.Terminated)
                    return BotAnswer.Error(409, await ticket.Terminated);
            }
        }
        finally
        {
            lock (_updatesLock)
                if (_currentPoll == ticket)
                    _currentPoll = null;
        }
    }

    /// <summary>An offset confirms every update below it; a redelivered update is confirmed by the next call after it went out.</summary>
    private void Confirm(long? offset)
    {
        if (offset is not { } value || value == 0)
            return;
        if (value < 0)
        {
            var keep = (int)Math.Min(-value, _pending.Count);
            _pending.RemoveRange(0, _pending.Count - keep);
            return;
        }
        _pending.RemoveAll(u => u.Redelivered ? u.HandedOut : u.Id < value);
    }

    private List<PendingUpdate> Take(int limit, bool markHandedOut)
    {
        _pending.RemoveAll(u => !Allowed(u.Type));
        var batch = _pending.Take(limit).ToList();
        if (markHandedOut)
            foreach (var update in batch)
                update.HandedOut = true;
        return batch;
    }

    private bool Allowed(string? type)
    {
        if (type is null)
            return true;
        return _allowedUpdates is { Length: > 0 } allowed ? allowed.Contains(type) : !OptInUpdateTypes.Contains(type);
    }

    private void ResetUpdates()
    {
        lock (_updatesLock)
        {
            _pending.Clear();
            _history.Clear();
            _allowedUpdates = null;
            _openCallbackQueries.Clear();
        }
        ResetWebhook();
    }

    /// <summary>Wakes every long poll and the webhook loop; caller holds the updates lock.</summary>
    private void Signal()
    {
        var old = _arrived;
        _arrived = NewSignal();
        old.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string? UpdateType(JsonObject update) =>
        update.Select(p => p.Key).FirstOrDefault(k => k != "update_id");

    private sealed class PendingUpdate(long id, string json, string? type)
    {
        public long Id { get; } = id;
        public string Json { get; } = json;
        public string? Type { get; } = type;
        public bool Redelivered { get; init; }
        public bool HandedOut { get; set; }
    }

    private sealed class PollTicket
    {
        private readonly TaskCompletionSource<string> _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> Terminated => _terminated.Task;

        public void Terminate(string reason) => _terminated.TrySetResult(reason);
    }
}
