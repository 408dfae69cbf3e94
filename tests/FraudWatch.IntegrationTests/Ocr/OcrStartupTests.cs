using System.Collections.Concurrent;
using FraudWatch.Ocr;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FraudWatch.IntegrationTests.Ocr;

/// <summary><c>builder.AddOcr()</c>: settings checked at start, and one log line saying whether pictures can be read.</summary>
public sealed class OcrStartupTests
{
    [Theory]
    [InlineData(null, "OCR available: ")]
    [InlineData("/nowhere/tesseract", "OCR not available, pictures are answered with a request to type the number: no tesseract program at '/nowhere/tesseract'")]
    public async Task Start_up_says_whether_pictures_can_be_read(string? tesseractPath, string line)
    {
        var logs = new ListLoggerProvider();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Configuration["Ocr:TesseractPath"] = tesseractPath;
        builder.AddOcr();
        await using var app = builder.Build();

        foreach (var service in app.Services.GetServices<IHostedService>().OfType<OcrStartupCheck>())
            await service.StartAsync(CancellationToken.None);

        Assert.StartsWith(line, Assert.Single(logs.Lines, l => l.StartsWith("OCR ", StringComparison.Ordinal)));
        Assert.NotNull(app.Services.GetService<ImageTextReader>());
    }

    [Fact]
    public void Text_where_a_number_belongs_names_the_key()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Ocr:MaxBytes"] = "ten megabytes";
        Assert.StartsWith("Ocr__MaxBytes:", Assert.Throws<StartupException>(builder.AddOcr).Message);
    }

    [Fact]
    public void Out_of_range_value_names_the_key()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Ocr:TimeoutSeconds"] = "0";
        Assert.StartsWith("Ocr__TimeoutSeconds:", Assert.Single(Assert.Throws<OptionsValidationException>(builder.AddOcr).Failures));
    }

    sealed class ListLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new ListLogger(Lines);

        public void Dispose()
        {
        }
    }

    sealed class ListLogger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}
