using System.Diagnostics;

namespace FraudWatch.IntegrationTests.Ocr;

/// <summary>Real images with Chinese text, drawn by ImageMagick in the Noto CJK font and read from its stdout.</summary>
static class Pictures
{
    const string Font = "Noto-Sans-CJK-SC";
    const string Missing = "ImageMagick's convert, Debian's fonts-noto-cjk and tesseract-ocr with tesseract-ocr-chi-sim are needed (see .ci/run)";

    /// <summary>A phone's SMS screen: grey header, one received message in a white bubble.</summary>
    public static string[] Sms =>
    [
        "-size", "1080x900", "xc:#ededed", "-font", Font,
        "-fill", "white", "-draw", "roundrectangle 40,200 1000,620 30,30",
        "-fill", "#888888", "-pointsize", "30", "-annotate", "+420+140", "短信 今天 14:32",
        "-fill", "black", "-pointsize", "40",
        "-annotate", "+80+280", "【顺丰】您的快递异常，请联系",
        "-annotate", "+80+350", "客服 0577-8888 9999 办理退款，",
        "-annotate", "+80+420", "逾期将影响您的征信。回T退订",
    ];

    /// <summary>A chat app: the caller's message in a white bubble, the resident's answer in a green one.</summary>
    public static string[] Chat =>
    [
        "-size", "720x1000", "xc:#f5f5f5", "-font", Font,
        "-fill", "white", "-draw", "roundrectangle 30,80 640,300 16,16",
        "-fill", "#95ec69", "-draw", "roundrectangle 200,360 690,470 16,16",
        "-fill", "black", "-pointsize", "30",
        "-annotate", "+50+140", "我是县公安局民警，你的银行卡",
        "-annotate", "+50+190", "涉嫌洗钱，请把钱转到安全账户。",
        "-annotate", "+50+240", "电话 138 1234 5678",
        "-annotate", "+220+425", "好的，我马上去银行",
    ];

    /// <summary>The same kind of screen in dark mode: light text on dark grey.</summary>
    public static string[] Dark =>
    [
        "-size", "720x600", "xc:#111111", "-font", Font,
        "-fill", "#2c2c2c", "-draw", "roundrectangle 30,80 660,300 16,16",
        "-fill", "#e0e0e0", "-pointsize", "30",
        "-annotate", "+50+140", "您的医保卡已被冻结，请点击",
        "-annotate", "+50+190", "http://ybk-gov.top 解冻",
        "-annotate", "+50+240", "客服电话 400 123 4567",
    ];

    public static string[] Hotline =>
        ["-size", "480x160", "xc:white", "-font", Font, "-fill", "black", "-pointsize", "40", "-annotate", "+30+100", "反诈热线 96110"];

    public static string[] Blank => ["-size", "800x600", "xc:white"];

    /// <summary>Draws with <paramref name="drawing"/>, then applies <paramref name="then"/> (e.g. Telegram's shrinking), as <paramref name="format"/>.</summary>
    public static byte[] Render(string[] drawing, string format = "png", params string[] then)
    {
        var info = new ProcessStartInfo("convert") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in drawing.Concat(then).Append($"{format}:-"))
            info.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{Missing}: {e.Message}", e);
        }

        using (process)
        {
            using var image = new MemoryStream();
            var error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.BaseStream.CopyTo(image);
            process.WaitForExit();
            Assert.True(process.ExitCode == 0 && image.Length > 0, $"convert failed ({Missing}): {error.Result}");
            return image.ToArray();
        }
    }

    /// <summary>A stand-in tesseract: a shell script that answers --list-langs like the real one, then runs <paramref name="body"/>.</summary>
    public static string FakeTesseract(string directory, string body)
    {
        var path = Path.Combine(directory, "tesseract");
        File.WriteAllText(path, $"""
            #!/bin/sh
            if [ "$1" = "--list-langs" ]; then printf 'List of available languages in "/fake/" (2):\nchi_sim\neng\n'; exit 0; fi
            {body}
            """.ReplaceLineEndings("\n"));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "fraudwatch-ocr-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }
}
