using System.Diagnostics;
using System.Net;
using System.Text;

namespace FraudWatch.IntegrationTests.Infrastructure;

/// <summary>
/// The real FraudWatch program as a child process (dotnet FraudWatch.dll), for tests of start-up,
/// shutdown and crashes. Settings go in as environment variables, exactly as an operator sets them.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    readonly Process process;
    readonly StringBuilder output = new();

    HostProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public int Port { get; }
    public Uri BaseAddress { get; }
    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;

    public string Output
    {
        get
        {
            lock (output)
                return output.ToString();
        }
    }

    public static HostProcess Start(IDictionary<string, string?> environment, string? workingDirectory = null, int? port = null, params string[] arguments)
    {
        var chosenPort = port ?? TestPorts.Free();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? NewWorkingDirectory(),
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FraudWatch.dll"));
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("FraudWatch__", StringComparison.Ordinal) || k.StartsWith("Telegram__", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(key);
        info.Environment["Urls"] = $"http://127.0.0.1:{chosenPort}";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
            info.Environment[key] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var host = new HostProcess(process, chosenPort);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>
    /// Starts the program and waits until it is ready. A port <see cref="TestPorts"/> found free can still be taken by
    /// another process before the child binds it: then it is started again on another port (three tries).
    /// </summary>
    public static async Task<HostProcess> StartReadyAsync(IDictionary<string, string?> environment, int seconds = 90)
    {
        for (var attempt = 1; ; attempt++)
        {
            var host = Start(environment);
            try
            {
                await host.WaitReadyAsync(seconds);
                return host;
            }
            catch (InvalidOperationException) when (attempt < 3 && host.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await host.DisposeAsync();
            }
        }
    }

    void Append(string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
    }

    /// <summary>Waits until /health/ready answers 200; throws with the process output otherwise.</summary>
    public async Task WaitReadyAsync(int seconds = 60)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(3) };
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"FraudWatch exited with {process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"FraudWatch not ready after {seconds}s:\n{Output}");
    }

    /// <summary>SIGTERM (what docker stop and systemd send; Ctrl+C in a terminal sends SIGINT, which the host treats alike) and wait for a clean exit.</summary>
    public async Task<int> StopAsync(int seconds = 30)
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    /// <summary>SIGKILL: the process dies at once, mid-whatever, as in a power cut.</summary>
    public void Kill()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: false);
        process.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(int seconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            try
            {
                await StopAsync(20);
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }

        process.Dispose();
    }

    /// <summary>A fresh folder the postgres OS user can enter (the embedded cluster runs as it under root).</summary>
    public static string NewWorkingDirectory()
    {
        var folder = Directory.CreateTempSubdirectory("fraudwatch-proc-");
        if (!OperatingSystem.IsWindows())
            folder.UnixFileMode |= UnixFileMode.GroupExecute | UnixFileMode.GroupRead | UnixFileMode.OtherExecute | UnixFileMode.OtherRead;
        return folder.FullName;
    }
}
