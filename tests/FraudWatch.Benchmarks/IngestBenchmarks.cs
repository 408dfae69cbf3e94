using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Dapper;
using FraudWatch.Storage;
using Npgsql;

namespace FraudWatch.Benchmarks;

/// <summary>
/// End-to-end ingest: the real FraudWatch program (dotnet FraudWatch.dll, webhook mode) on its own PostgreSQL
/// database, a Bot API that answers at once, and N /report updates POSTed to /telegram/webhook by several
/// concurrent senders, as Telegram does. Measures reports per second (first POST to last report row) and the
/// latency from each POST to its report row (reports.created_at, the start of the storing transaction).
/// Each report is answered in the group and posted to the duty group, as in production.
/// INGEST_LIMITS=lifted (send limits out of the way; default: Telegram's), INGEST_N (default 2000), INGEST_WARMUP (reports sent and stored before the measured run, default 1000), INGEST_CONCURRENCY (default 16) and INGEST_RATE (POSTs/s, default unpaced) change the load.
/// INGEST_PROFILE=1 loads pg_stat_statements and prints, after each burst, the statements that took the most PostgreSQL time.
/// INGEST_BURSTS (default 1) repeats the measured burst, a soak: each burst's line ends with the host's resident memory,
/// threads and open files and PostgreSQL's connections, so growth from burst to burst (a leak) shows.
/// </summary>
[Config(typeof(IngestConfig))]
public class IngestBenchmarks
{
    const long Group = -100_001;
    const int Groups = 200;
    const long DutyGroup = -200_000;
    const long Admin = 1;
    const string Secret = "ingest-benchmark-secret";

    static readonly string[] Scripts =
    [
        "自称县公安局民警，说我涉嫌洗钱，让我转到安全账户，电话 0577-8888 {0}",
        "快递客服说包裹丢了双倍理赔，让我点 http://kuaidi-lipei{0}.top 填银行卡",
        "网上老师带单炒股稳赚不赔，让我下载app充值，客服 138 1234 {0}",
        "有人加我微信说刷单返利，先垫付 500 元，群里电话 0571-8765 {0}",
        "Caller said my loan is approved but I must pay a fee first, number +86 139 1234 {0}",
    ];

    readonly int n = int.TryParse(Environment.GetEnvironmentVariable("INGEST_N"), out var value) ? value : 2000;
    readonly int warmup = int.TryParse(Environment.GetEnvironmentVariable("INGEST_WARMUP"), out var w) ? w : 1000;
    // INGEST_LIMITS=lifted raises the send limits out of the way; by default Telegram's own (30 msg/s, 20 per group a minute).
    readonly bool liftLimits = Environment.GetEnvironmentVariable("INGEST_LIMITS") == "lifted";
    readonly int concurrency = int.TryParse(Environment.GetEnvironmentVariable("INGEST_CONCURRENCY"), out var c) ? c : 16;
    // Optional pacing in POSTs per second: below capacity, latency shows the service time rather than the queue.
    readonly double rate = double.TryParse(Environment.GetEnvironmentVariable("INGEST_RATE"), CultureInfo.InvariantCulture, out var r) ? r : 0;
    readonly bool profile = Environment.GetEnvironmentVariable("INGEST_PROFILE") == "1";
    readonly int bursts = int.TryParse(Environment.GetEnvironmentVariable("INGEST_BURSTS"), out var b) ? b : 1;
    EmbeddedPostgres postgres = null!;
    string dataDirectory = "";
    IngestFakeBotApi telegram = null!;
    Process host = null!;
    HttpClient http = null!;
    string connectionString = "";
    long nextUpdateId = 1;
    long nextMessageId = 1;
    int run;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    async Task SetupAsync()
    {
        dataDirectory = Path.Combine(Path.GetTempPath(), $"fraudwatch-ingest-{Environment.ProcessId}");
        postgres = EmbeddedPostgres.Start(dataDirectory, durable: false);
        postgres.CreateDatabase("ingest");
        connectionString = postgres.ConnectionStringFor("ingest");
        if (profile)
        {
            await using (var admin = new NpgsqlConnection(connectionString))
                await admin.ExecuteAsync("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
            postgres.Stop();
            postgres.Resume();
            await using var again = new NpgsqlConnection(connectionString);
            await again.ExecuteAsync("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        }

        telegram = await IngestFakeBotApi.StartAsync();
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FraudWatch.dll"));
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Urls"] = $"http://127.0.0.1:{port}";
        info.Environment["ConnectionStrings__FraudWatch"] = connectionString;
        info.Environment["FraudWatch__Admins"] = Admin.ToString(CultureInfo.InvariantCulture);
        info.Environment["Telegram__BotToken"] = IngestFakeBotApi.Token;
        info.Environment["Telegram__ApiBaseUrl"] = telegram.BaseUrl;
        info.Environment["Telegram__UpdateMode"] = "Webhook";
        info.Environment["Telegram__WebhookUrl"] = $"http://127.0.0.1:{port}/telegram/webhook";
        info.Environment["Telegram__WebhookSecret"] = Secret;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        if (liftLimits)
        {
            // Every answer can go out at once, so every report's answer is sent while its update is handled.
            info.Environment["Broadcast__MessagesPerSecond"] = "10000";
            info.Environment["Broadcast__GroupMessagesPerMinute"] = "600";
        }
        host = Process.Start(info)!;
        host.OutputDataReceived += (_, e) => { if (e.Data is { } line) Console.WriteLine("[host] " + line); };
        host.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.WriteLine("[host] " + line); };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();

        http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Add("X-Telegram-Bot-Api-Secret-Token", Secret);
        await WaitAsync(async () => (await TryGetAsync("/health/ready")) == HttpStatusCode.OK, "host ready", 120);
        // The webhook answers 404 until the host has signed in; then bind the village group and pick a duty group.
        await WaitAsync(async () => (await http.PostAsync("/telegram/webhook", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode == HttpStatusCode.BadRequest, "webhook on", 60);
        // Reports come from many village groups, as in a county: Telegram's per-group limit (a reply per
        // report) would otherwise pace a single group's replies, whatever the host can do.
        for (var g = 0; g < Groups; g++)
            await PostAsync(Update(Group - g, Admin, $"/bind 灵溪镇 村{g}"));
        await PostAsync(Update(DutyGroup, Admin, "/duty"));
        await WaitAsync(async () => await ScalarAsync("SELECT count(*) FROM groups WHERE (status = 'active') OR is_duty") == Groups + 1, "groups bound", 120);
        // A host that has just started runs unoptimised code (tiered JIT) and has cold caches: a first burst warms it,
        // as hours of normal traffic would have, so the measured run shows the steady state.
        if (warmup > 0)
            await BurstAsync(warmup, "warm-up");
    }

    [Benchmark]
    public void Ingest()
    {
        for (var burst = 1; burst <= bursts; burst++)
            BurstAsync(n, bursts == 1 ? $"run {++run}" : $"burst {burst} of {bursts}").GetAwaiter().GetResult();
    }

    /// <summary>POSTs <paramref name="count"/> /report updates, waits until every report is stored and prints the figures.</summary>
    async Task BurstAsync(int count, string label)
    {
        var n = count;
        var firstMessage = nextMessageId;
        var updates = Enumerable.Range(0, n).Select(i =>
        {
            var reporter = 100_000 + ((run * n) + i) % 5000; // at most a few reports each, well under the hourly limit
            var text = "/report " + string.Format(CultureInfo.InvariantCulture, Scripts[i % Scripts.Length], (1000 + i % 9000).ToString(CultureInfo.InvariantCulture));
            return (MessageId: nextMessageId, Json: Update(Group - (i % Groups), reporter, text));
        }).ToList();
        var postedAt = new DateTime[n];
        var ackMs = new double[n];

        var cpuBefore = CpuTimes();
        var clock = Stopwatch.StartNew();
        var start = DateTime.UtcNow;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < n)
            {
                if (rate > 0 && TimeSpan.FromSeconds(i / rate) - clock.Elapsed is { Ticks: > 0 } wait)
                    await Task.Delay(wait);
                postedAt[i] = DateTime.UtcNow;
                var t = Stopwatch.GetTimestamp();
                await PostAsync(updates[i].Json);
                ackMs[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            }
        }));
        var postSeconds = clock.Elapsed.TotalSeconds;
        await WaitAsync(async () => await ScalarAsync("SELECT count(*) FROM reports WHERE message_id >= @firstMessage", new { firstMessage }) >= n,
            $"{n} reports stored", 60 + n / 20);
        // Reports whose answers wait join their wave in the background (migration 0024): the burst's work ends when the last
        // has joined, and the CPU figures include that work. Older code (no such column) joins while it stores.
        var wavesSeconds = double.NaN;
        if (await ScalarAsync("SELECT count(*) FROM information_schema.columns WHERE table_name = 'reports' AND column_name = 'wave_pending'") > 0)
        {
            await WaitAsync(async () => await ScalarAsync("SELECT count(*) FROM reports WHERE message_id >= @firstMessage AND wave_pending", new { firstMessage }) == 0,
                "every report joined to its wave", 120 + n / 20);
            wavesSeconds = (DateTime.UtcNow - start).TotalSeconds;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        var cpu = CpuTimes() - cpuBefore;
        var rows = (await connection.QueryAsync<(long MessageId, DateTime CreatedAt)>(
            "SELECT message_id, created_at FROM reports WHERE message_id >= @firstMessage", new { firstMessage })).ToDictionary(r => r.MessageId, r => r.CreatedAt);
        var latencies = updates.Select((u, i) => (DateTime.SpecifyKind(rows[u.MessageId], DateTimeKind.Utc) - postedAt[i]).TotalMilliseconds).Order().ToArray();
        var last = rows.Values.Max();
        var seconds = (DateTime.SpecifyKind(last, DateTimeKind.Utc) - start).TotalSeconds;
        var duty = await ScalarAsync("SELECT count(*) FROM reports WHERE message_id >= @firstMessage AND duty_message_id IS NOT NULL", new { firstMessage });
        var queued = await ScalarAsync("SELECT count(*) FROM reports WHERE message_id >= @firstMessage AND answer_pending", new { firstMessage });
        Array.Sort(ackMs);
        var resources = await ResourcesAsync(connection);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"INGEST {label}: {n} reports, {(liftLimits ? "send limits lifted" : "Telegram's send limits")}, {concurrency} concurrent POSTs{(rate > 0 ? $" paced at {rate:0}/s" : "")}, {Environment.ProcessorCount} cores: {n / seconds:0} reports/s " +
            $"(all POSTed in {postSeconds:0.00} s, last row at {seconds:0.00} s{(double.IsNaN(wavesSeconds) ? "" : $", every wave joined by {wavesSeconds:0.00} s")}); POST→row p50 {Pct(latencies, 50):0} ms, p99 {Pct(latencies, 99):0} ms, max {latencies[^1]:0} ms; " +
            $"webhook ack p50 {Pct(ackMs, 50):0.0} ms, p99 {Pct(ackMs, 99):0.0} ms; duty posts {duty}/{n}; answers queued {queued}/{n}; Bot API sends so far {telegram.Sends}; " +
            $"CPU per report: host {cpu.Host / n:0.00} ms, PostgreSQL {cpu.Postgres / n:0.00} ms, this process (senders + Bot API) {cpu.Self / n:0.00} ms " +
            $"→ {n / (cpu.Host / 1000):0} reports per host CPU-second; {resources}");
        Console.WriteLine(summary);
        await File.AppendAllTextAsync(Path.Combine(Path.GetTempPath(), "fraudwatch-ingest-results.txt"), summary + Environment.NewLine);
        if (profile)
            await PrintTopStatementsAsync(connection, label, n);
    }

    /// <summary>The statements that took the most PostgreSQL time since the last burst, per report of this burst.</summary>
    static async Task PrintTopStatementsAsync(NpgsqlConnection connection, string label, int n)
    {
        var top = await connection.QueryAsync<(double TotalMs, long Calls, long Blocks, string Query)>("""
            SELECT total_exec_time, calls, shared_blks_hit + shared_blks_read, left(regexp_replace(query, '\s+', ' ', 'g'), 160)
            FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12
            """);
        var lines = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"PROFILE {label}: PostgreSQL time per report (ms), calls, buffers per call, statement{Environment.NewLine}"));
        foreach (var (totalMs, calls, blocks, query) in top)
            lines.Append(CultureInfo.InvariantCulture, $"  {totalMs / n,7:0.000} ms  {calls,7}  {blocks / Math.Max(calls, 1),7}  {query}{Environment.NewLine}");
        Console.Write(lines);
        await File.AppendAllTextAsync(Path.Combine(Path.GetTempPath(), "fraudwatch-ingest-results.txt"), lines.ToString());
        await connection.ExecuteAsync("SELECT pg_stat_statements_reset()");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        http.Dispose();
        if (!host.HasExited)
        {
            host.Kill(entireProcessTree: true);
            host.WaitForExit(10_000);
        }

        telegram.DisposeAsync().AsTask().GetAwaiter().GetResult();
        postgres.Stop();
    }

    /// <summary>CPU milliseconds used so far by the host, the PostgreSQL server (postmaster and its live children) and this process.</summary>
    CpuMs CpuTimes()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postgres", "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        var postgresMs = 0.0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ProcStat(pid) is { } stat && (pid == postmaster || stat.Parent == postmaster))
                postgresMs += stat.CpuMs;
        }

        return new CpuMs(ProcStat(host.Id)?.CpuMs ?? 0, postgresMs, Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds);
    }

    /// <summary>What a leak would grow: the host's resident memory, threads and open files, and PostgreSQL's connections.</summary>
    async Task<string> ResourcesAsync(NpgsqlConnection connection)
    {
        var status = File.ReadAllLines($"/proc/{host.Id}/status");
        string Field(string name) => status.First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();
        var rssMiB = long.Parse(Field("VmRSS").Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        var files = Directory.GetFiles($"/proc/{host.Id}/fd").Length;
        var backends = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'");
        return string.Create(CultureInfo.InvariantCulture,
            $"host RSS {rssMiB:0} MiB, {Field("Threads")} threads, {files} open files; PostgreSQL client connections {backends} (this query's included)");
    }

    /// <summary>Parent pid and user+system CPU of a process from /proc/[pid]/stat (clock ticks of 10 ms).</summary>
    static (int Parent, double CpuMs)? ProcStat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1], CultureInfo.InvariantCulture),
                (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null; // the process ended meanwhile
        }
    }

    readonly record struct CpuMs(double Host, double Postgres, double Self)
    {
        public static CpuMs operator -(CpuMs a, CpuMs b) => new(a.Host - b.Host, a.Postgres - b.Postgres, a.Self - b.Self);
    }

    static double Pct(double[] sorted, int percent) => sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

    string Update(long chatId, long userId, string text)
    {
        var command = text.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? space : text.Length;
        return new JsonObject
        {
            ["update_id"] = nextUpdateId++,
            ["message"] = new JsonObject
            {
                ["message_id"] = nextMessageId++,
                ["from"] = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = $"U{userId}" },
                ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "group", ["title"] = chatId == DutyGroup ? "值班群" : "村反诈群" },
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["text"] = text,
                ["entities"] = new JsonArray(new JsonObject { ["offset"] = 0, ["length"] = command, ["type"] = "bot_command" }),
            },
        }.ToJsonString();
    }

    async Task PostAsync(string json)
    {
        using var response = await http.PostAsync("/telegram/webhook", new StringContent(json, Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    async Task<HttpStatusCode?> TryGetAsync(string path)
    {
        try
        {
            using var response = await http.GetAsync(path);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    async Task<long> ScalarAsync(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<long>(sql, args);
    }

    async Task WaitAsync(Func<Task<bool>> done, string what, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline || host.HasExited)
                throw new TimeoutException($"Ingest benchmark: gave up waiting for {what} after {seconds} s.");
            await Task.Delay(50);
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    sealed class IngestConfig : ManualConfig
    {
        public IngestConfig() =>
            // One cold run, in this process: the work under test is the child host, not this method's JIT.
            AddJob(Job.Dry.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true)).WithWarmupCount(0).WithIterationCount(1).WithId("IngestOnce"));
    }
}
