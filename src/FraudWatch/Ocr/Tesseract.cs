using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace FraudWatch.Ocr;

/// <summary>Whether pictures can be read here, and if not, what the operator should install or set.</summary>
public sealed record OcrAvailability(bool Available, string Description);

/// <summary>
/// Runs the tesseract program, the way <see cref="Storage.EmbeddedPostgres"/> runs PostgreSQL's: found on PATH
/// (or <see cref="OcrOptions.TesseractPath"/>), one process per image. The image goes in on stdin and the
/// text comes out on stdout, so nothing is written to disk.
/// </summary>
sealed class Tesseract(OcrOptions options)
{
    public const string InstallHint = "install Debian's tesseract-ocr and tesseract-ocr-chi-sim, or set Ocr__TesseractPath";

    public string? Executable { get; } = Find(options.TesseractPath);

    public enum Exit { Done, Failed, TimedOut, Missing }

    public async Task<OcrAvailability> ProbeAsync(CancellationToken cancellationToken)
    {
        if (Executable is null)
            return new(false, $"no tesseract program at '{Where(options.TesseractPath)}'; {InstallHint}");
        var (exit, output, error) = await RunAsync(["--list-langs"], ReadOnlyMemory<byte>.Empty, TimeSpan.FromSeconds(30), cancellationToken);
        if (exit != Exit.Done)
            return new(false, $"{Executable} --list-langs failed ({exit}: {FirstLine(error)}); {InstallHint}");
        // Tesseract 5 lists languages on stdout, 4 on stderr; the first line is a heading.
        var installed = (output + "\n" + error).Split('\n', StringSplitOptions.TrimEntries).ToHashSet();
        var missing = options.LanguageList.Where(l => !installed.Contains(l)).ToList();
        return missing.Count == 0
            ? new(true, $"{Executable} with {options.Languages}")
            : new(false, $"{Executable} has no language data for {string.Join(", ", missing)}; install tesseract-ocr-{string.Join(" tesseract-ocr-", missing.Select(l => l.Replace('_', '-')))}");
    }

    public Task<(Exit Exit, string Output, string Error)> ReadAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken) =>
        RunAsync(["stdin", "stdout", "-l", options.Languages, "--psm", options.PageSegmentationMode.ToString()],
            image, TimeSpan.FromSeconds(options.TimeoutSeconds), cancellationToken);

    async Task<(Exit, string, string)> RunAsync(string[] arguments, ReadOnlyMemory<byte> input, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Executable is null)
            return (Exit.Missing, "", "");
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        // One thread per process: MaxConcurrency decides how many cores OCR takes, not OpenMP.
        info.Environment["OMP_THREAD_LIMIT"] = "1";

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception();
        }
        catch (Win32Exception)
        {
            return (Exit.Missing, "", "");
        }

        using (process)
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(timeout);
            // Killing the whole tree also ends any helper it started and closes the pipes, which ends every await below.
            using var kill = limit.Token.Register(() =>
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (Exception e) when (e is InvalidOperationException or Win32Exception)
                {
                    // Already exited; an exception here would be thrown on the timer's thread and end the app.
                }
            });
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(input, CancellationToken.None);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // It stopped reading (refused the image, or was killed); its exit code says which.
            }

            await process.WaitForExitAsync(CancellationToken.None);
            var (text, complaint) = (await output, await error);
            cancellationToken.ThrowIfCancellationRequested();
            if (limit.IsCancellationRequested)
                return (Exit.TimedOut, text, complaint);
            return (process.ExitCode == 0 ? Exit.Done : Exit.Failed, text, complaint);
        }
    }

    static string? Find(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured) && configured.Contains('/'))
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        var name = string.IsNullOrWhiteSpace(configured) ? "tesseract" : configured;
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
    }

    static string Where(string? configured) => string.IsNullOrWhiteSpace(configured) ? "tesseract on PATH" : configured;

    static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
}
