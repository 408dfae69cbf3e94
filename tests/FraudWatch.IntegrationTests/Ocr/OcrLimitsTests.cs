using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
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
    public async Task A_picture_being_read_in_private_never_holds_up_a_village_group()
    {
        var slow = Pictures.FakeTesseract(directory, "cat > /dev/null; sleep 12; echo 'nothing'");
        await using var telegram = await FakeBotApi.StartAsync();
        await using var host = await TestHost.StartAsync(telegram, new Dictionary<string, string?> { ["Ocr:TesseractPath"] = slow });
        const long group = -601, resident = 3001; // the same lane number, had groups and private chats shared lanes
        await host.HandledAsync(telegram.BotAdded(group, "渎浦村反诈群", TestHost.AdminUserId));
        await host.HandledAsync(telegram.GroupText(group, TestHost.AdminUserId, "/bind 灵溪镇 渎浦村"));

        var photo = telegram.PrivatePhoto(resident, Image);
        await host.WaitForAsync<long>("SELECT count(*) FROM telegram_updates WHERE update_id = @photo", new { photo }, until: n => n == 1);
        await host.HandledAsync(telegram.GroupText(group, 4444, "/check 0577-8888 9999"));

        // The group was answered while the picture was still being read.
        Assert.Contains(telegram.SentTo(group), m => m.Text.Contains("0577", StringComparison.Ordinal));
        Assert.Empty(telegram.SentTo(resident));
        Assert.Equal("done", await host.HandledAsync(photo, seconds: 60));
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
        // Each reading waits for its own gate (go.1, go.2, … in the order the readings start), so the order the reader
        // serves its line in is seen one reading at a time. (One gate for all let the next reading finish before the
        // previous caller's continuation ran: "b1" was once recorded before "a1".)
        var fake = Pictures.FakeTesseract(directory, $"""
            cat > /dev/null
            n=$(( $(cat {directory}/started 2>/dev/null || echo 0) + 1 ))
            echo $n > {directory}/started
            while [ ! -e {directory}/go.$n ] && [ ! -e {directory}/go.all ]; do sleep 0.05; done
            echo 96110
            """);
        var reader = ImageTextReaderTests.Reader(o => (o.TesseractPath, o.QueuePerUser, o.MaxConcurrency) = (fake, 3, 1));
        Assert.True((await reader.CheckAvailabilityAsync()).Available);

        var a1 = reader.ReadAsync(1, Image, CancellationToken.None);
        var a2 = reader.ReadAsync(1, Image, CancellationToken.None);
        var a3 = reader.ReadAsync(1, Image, CancellationToken.None);
        var a4 = await reader.ReadAsync(1, Image, CancellationToken.None);
        var b1 = reader.ReadAsync(2, Image, CancellationToken.None);

        Assert.Equal(OcrOutcome.Busy, a4.Outcome);
        Assert.Equal((3, 1), (reader.QueueDepth, reader.Reading));
        var waiting = new Dictionary<Task<OcrResult>, string> { [a1] = "a1", [a2] = "a2", [a3] = "a3", [b1] = "b1" };
        Assert.DoesNotContain(waiting.Keys, t => t.IsCompleted);
        var served = new List<string>();
        for (var gate = 1; gate <= 4; gate++)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, $"go.{gate}"), "");
            var done = await Task.WhenAny(waiting.Keys);
            Assert.Equal(new OcrResult(OcrOutcome.Text, "96110"), await done);
            served.Add(waiting[done]);
            waiting.Remove(done);
        }

        Assert.Equal(["a1", "b1", "a2", "a3"], served);
        Assert.Equal((0, 0), (reader.QueueDepth, reader.Reading));
        await File.WriteAllTextAsync(Path.Combine(directory, "go.all"), "");
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
