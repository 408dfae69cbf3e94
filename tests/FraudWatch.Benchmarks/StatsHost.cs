using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FraudWatch.Benchmarks;

/// <summary>The real program (dotnet FraudWatch.dll) as a child process, so its memory can be read from /proc while it serves.</summary>
sealed class StatsHost : IDisposable
{
    readonly Process process;

    StatsHost(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static StatsHost Start(string connectionString, string analystKey)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FraudWatch.dll"));
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Urls"] = $"http://127.0.0.1:{port}";
        info.Environment["ConnectionStrings__FraudWatch"] = connectionString;
        info.Environment["FraudWatch__ApiKeys"] = $"{analystKey}:analyst";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) Console.WriteLine("[host] " + line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.WriteLine("[host] " + line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new StatsHost(process, new Uri($"http://127.0.0.1:{port}"));
    }

    public async Task WaitReadyAsync(HttpClient http)
    {
        for (var i = 0; i < 600; i++)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"FraudWatch exited with {process.ExitCode}");
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("FraudWatch not ready after 120 s");
    }

    /// <summary>Resident set size now (VmRSS).</summary>
    public long ResidentMiB() => Status("VmRSS:");

    /// <summary>The most resident memory the process has had (VmHWM).</summary>
    public long HighWaterMiB() => Status("VmHWM:");

    long Status(string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public void Stop()
    {
        if (process.HasExited)
            return;
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill!.WaitForExit();
        if (!process.WaitForExit(30_000))
            process.Kill();
    }

    public void Dispose()
    {
        Stop();
        process.Dispose();
    }
}
