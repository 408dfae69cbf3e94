using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace FraudWatch;

/// <summary>
/// Wrong API keys per client address (after forwarded headers; an IPv6 client by its /64), as a Bearer or pasted into
/// the console's sign-in. Each key takes one of the address's tries before it is looked up and gives it back when it
/// is good, so however many arrive at once, at most <c>FraudWatch__AuthFailuresPerMinute</c> wrong keys are looked up
/// a minute; a key that finds every try taken by keys still being looked up waits for them. With the tries used up by
/// wrong keys, every request from that address with a Bearer key, and every sign-in, gets 429 with Retry-After until
/// the minute ends, good key or not, so the answer says nothing about the key being tried. Requests without a key are
/// never held up.
/// </summary>
sealed class AuthFailureLimiter(IOptions<FraudWatchOptions> options, TimeProvider clock)
{
    static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    readonly int limit = options.Value.AuthFailuresPerMinute;
    readonly ConcurrentDictionary<string, Tries> clients = new();
    long nextSweep;

    /// <summary>
    /// Looks a key up under the limit. Refused when the address has no try left this minute: the lookup is not run and
    /// the request gets 429 (from <see cref="InvokeAsync"/>, or a handler's <see cref="RefuseAsync"/>).
    /// </summary>
    public async Task<(bool Refused, T? Found)> LookUpAsync<T>(HttpContext http, Func<Task<T?>> lookUp) where T : class
    {
        if (await TakeAsync(http) is not { } tries)
            return (true, null);
        var wrong = false;
        try
        {
            var found = await lookUp();
            wrong = found is null;
            return (false, found);
        }
        finally
        {
            tries.Settle(wrong);
        }
    }

    /// <summary>Runs after authentication, where a bearer key took its try (ApiKeyAuthenticationHandler): answers 429 if it was refused.</summary>
    public static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (http.Features.Get<Refusal>() is not null)
        {
            await RefuseAsync(http);
            return;
        }

        await next(http);
    }

    /// <summary>The answer to a request <see cref="LookUpAsync"/> refused: problem details, as every 4xx but 401 and 403 (PRODUCT.md section 7).</summary>
    public static async Task RefuseAsync(HttpContext http)
    {
        var wait = http.Features.Get<Refusal>()?.RetryAfter ?? Window;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await http.Response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many failed keys or sign-ins",
            Detail = "Too many failed keys or sign-ins from this address; wait a minute and try again.",
        }, options: null, contentType: "application/problem+json", cancellationToken: http.RequestAborted);
    }

    async Task<Tries?> TakeAsync(HttpContext http)
    {
        var client = Client(http.Connection.RemoteIpAddress);
        while (true)
        {
            Sweep();
            var tries = clients.GetOrAdd(client, _ => new Tries());
            Task settled;
            lock (tries)
            {
                if (tries.Removed)
                    continue;
                var now = clock.GetUtcNow();
                if (now >= tries.Ends)
                    (tries.Ends, tries.Failed) = (now + Window, 0);
                if (tries.Failed >= limit)
                {
                    http.Features.Set(new Refusal(tries.Ends - now));
                    return null;
                }

                if (tries.Failed + tries.Pending < limit)
                {
                    tries.Pending++;
                    return tries;
                }

                settled = tries.Settled.Task;
            }

            await settled.WaitAsync(http.RequestAborted);
        }
    }

    /// <summary>Forgets addresses with nothing pending and their minute over, at most once a minute.</summary>
    void Sweep()
    {
        var now = clock.GetUtcNow();
        var due = Interlocked.Read(ref nextSweep);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref nextSweep, (now + Window).UtcTicks, due) != due)
            return;
        foreach (var (client, tries) in clients)
        {
            lock (tries)
            {
                if (tries.Pending > 0 || now < tries.Ends)
                    continue;
                tries.Removed = true;
                clients.TryRemove(new KeyValuePair<string, Tries>(client, tries));
            }
        }
    }

    /// <summary>
    /// The address a limit applies to. An IPv6 client counts by its /64, the block one subscriber or host is given and can
    /// rotate through; IPv4, also written as IPv4-mapped IPv6, by its address, as one address is often a whole household.
    /// </summary>
    static string Client(IPAddress? address) => address switch
    {
        null => "unknown",
        { IsIPv4MappedToIPv6: true } => address.MapToIPv4().ToString(),
        { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } => Prefix64(address),
        _ => address.ToString(),
    };

    static string Prefix64(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        bytes.AsSpan(8).Clear();
        return new IPAddress(bytes) + "/64";
    }

    sealed record Refusal(TimeSpan RetryAfter);

    /// <summary>One address's minute: wrong keys so far, keys being looked up, and a signal each time one is decided.</summary>
    sealed class Tries
    {
        public DateTimeOffset Ends;
        public int Failed;
        public int Pending;
        public bool Removed;
        public TaskCompletionSource Settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Settle(bool wrong)
        {
            TaskCompletionSource decided;
            lock (this)
            {
                Pending--;
                if (wrong)
                    Failed++;
                (decided, Settled) = (Settled, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }

            decided.SetResult();
        }
    }
}
