using System.Collections.Concurrent;
using FraudWatch.Ocr;

namespace FraudWatch.IntegrationTests.Ocr;

/// <summary>Time limit, queues and a missing program, with a stand-in tesseract that is slow on purpose.</summary>
public sealed class OcrLimitsTests : IDisposable
{
    static readonly byte[] Image = Pictures.Render(Pictures.Hotline);

    readonly string directory = Pictures.NewDirectory();

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Reading_past_the_time_limit_kills_tesseract_and_what_it_started()
    {
        var fake = Pictures.FakeTesseract(directory, $"""
            sleep 600 > /dev/null 2>&1 &
            echo $! > {directory}/child
            echo $$ > {directory}/parent
            wait
            """);
        var reader = ImageTextReaderTests.Reader(o => (o.TesseractPath, o.TimeoutSeconds) = (fake, 1));

        Assert.Equal(OcrOutcome.TimedOut, (await reader.ReadAsync(1, Image, CancellationToken.None)).Outcome);

        foreach (var name in new[] { "parent", "child" })
        {
            var pid = int.Parse(File.ReadAllText(Path.Combine(directory, name)).Trim());
            Assert.True(await GoneAsync(pid), $"the {name} process {pid} still runs");
        }
    }

    [Fact]
    public async Task Tesseract_path_pointing_nowhere_means_not_installed()
    {
        var reader = ImageTextReaderTests.Reader(o => o.TesseractPath = "/nowhere/tesseract");
        var availability = await reader.CheckAvailabilityAsync();
        Assert.False(availability.Available);
        Assert.Contains("tesseract-ocr-chi-sim", availability.Description);
        Assert.Equal(OcrOutcome.NotInstalled, (await reader.ReadAsync(1, Image, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task One_users_backlog_waits_in_their_own_line_and_a_full_line_is_busy()
    {
        // Each reading waits until the test opens the gate, so the queue is seen while full.
        var fake = Pictures.FakeTesseract(directory, $"""
            cat > /dev/null
            while [ ! -e {directory}/go ]; do sleep 0.05; done
            echo 96110
            """);
        var reader = ImageTextReaderTests.Reader(o => (o.TesseractPath, o.QueuePerUser, o.MaxConcurrency) = (fake, 3, 1));
        Assert.True((await reader.CheckAvailabilityAsync()).Available);

        var finished = new ConcurrentQueue<string>();
        async Task<OcrResult> Send(string name, long user)
        {
            var result = await reader.ReadAsync(user, Image, CancellationToken.None);
            finished.Enqueue(name);
            return result;
        }

        var a1 = Send("a1", 1);
        var a2 = Send("a2", 1);
        var a3 = Send("a3", 1);
        var a4 = await Send("a4", 1);
        var b1 = Send("b1", 2);

        Assert.Equal(OcrOutcome.Busy, a4.Outcome);
        Assert.Equal((3, 1), (reader.QueueDepth, reader.Reading));
        await File.WriteAllTextAsync(Path.Combine(directory, "go"), "");
        var results = await Task.WhenAll(a1, a2, a3, b1);

        Assert.All(results, r => Assert.Equal(new OcrResult(OcrOutcome.Text, "96110"), r));
        Assert.Equal(["a4", "a1", "b1", "a2", "a3"], finished);
        Assert.Equal((0, 0), (reader.QueueDepth, reader.Reading));
        Assert.Equal(OcrOutcome.Text, (await reader.ReadAsync(1, Image, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_full_reader_is_busy_for_everyone()
    {
        var fake = Pictures.FakeTesseract(directory, $"""
            cat > /dev/null
            while [ ! -e {directory}/go ]; do sleep 0.05; done
            echo 96110
            """);
        var reader = ImageTextReaderTests.Reader(o => (o.TesseractPath, o.MaxQueued) = (fake, 2));
        Assert.True((await reader.CheckAvailabilityAsync()).Available);
        var first = reader.ReadAsync(1, Image, CancellationToken.None);
        var second = reader.ReadAsync(2, Image, CancellationToken.None);

        Assert.Equal(OcrOutcome.Busy, (await reader.ReadAsync(3, Image, CancellationToken.None)).Outcome);
        await File.WriteAllTextAsync(Path.Combine(directory, "go"), "");
        Assert.Equal([OcrOutcome.Text, OcrOutcome.Text], (await Task.WhenAll(first, second)).Select(r => r.Outcome));
    }

    [Fact]
    public async Task Cancelled_wait_gives_the_place_in_line_back()
    {
        var fake = Pictures.FakeTesseract(directory, $"""
            cat > /dev/null
            while [ ! -e {directory}/go ]; do sleep 0.05; done
            echo 96110
            """);
        var reader = ImageTextReaderTests.Reader(o => (o.TesseractPath, o.QueuePerUser) = (fake, 2));
        Assert.True((await reader.CheckAvailabilityAsync()).Available);
        var first = reader.ReadAsync(1, Image, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var second = reader.ReadAsync(1, Image, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        var third = reader.ReadAsync(1, Image, CancellationToken.None);
        Assert.Equal(OcrOutcome.Busy, (await reader.ReadAsync(1, Image, CancellationToken.None)).Outcome);
        await File.WriteAllTextAsync(Path.Combine(directory, "go"), "");
        Assert.Equal([OcrOutcome.Text, OcrOutcome.Text], (await Task.WhenAll(first, third)).Select(r => r.Outcome));
    }

    /// <summary>Waits until the process has ended (a zombie no longer runs); false if it still runs after 30 s.</summary>
    static async Task<bool> GoneAsync(int pid)
    {
        for (var i = 0; i < 300; i++)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat) || File.ReadAllText(stat).Split(')')[^1].Trim()[0] is 'Z' or 'X')
                return true;
            await Task.Delay(100);
        }

        return false;
    }
}
