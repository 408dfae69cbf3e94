namespace FraudWatch.Ocr;

public static class OcrExtensions
{
    public static void AddOcr(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<OcrOptions, OcrOptionsValidator>(OcrOptions.Section);
        builder.Services.AddSingleton<ImageTextReader>();
        builder.Services.AddHostedService<OcrStartupCheck>();
    }
}

/// <summary>Says once at start whether pictures can be read, so the operator learns it before a resident does.</summary>
sealed class OcrStartupCheck(ImageTextReader reader, ILogger<OcrStartupCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var availability = await reader.CheckAvailabilityAsync().WaitAsync(cancellationToken);
        if (availability.Available)
            logger.LogInformation("OCR available: {Description}.", availability.Description);
        else
            logger.LogWarning("OCR not available, pictures are answered with a request to type the number: {Description}.", availability.Description);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
