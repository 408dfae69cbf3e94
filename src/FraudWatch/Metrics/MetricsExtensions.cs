using System.Diagnostics.Metrics;
using FraudWatch.Access;
using FraudWatch.Ocr;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace FraudWatch.Metrics;

/// <summary>
/// OpenTelemetry metrics: FraudWatch's own instruments (Hosting/Telemetry.cs and the gauges below), ASP.NET Core,
/// HttpClient, the runtime and Npgsql. Served as Prometheus text at GET /metrics (admin key) or on Metrics:Port;
/// pushed by OTLP only when Metrics:OtlpEndpoint is set.
/// </summary>
public static class MetricsExtensions
{
    public static void AddMetrics(this WebApplicationBuilder builder)
    {
        var options = builder.AddValidatedOptions<MetricsOptions, MetricsOptionsValidator>(MetricsOptions.Section);
        builder.Services.AddSingleton<DatabaseGauges>();
        builder.Services.AddHostedService<GaugeRegistration>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("fraudwatch"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Telemetry.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter("Npgsql"); // Npgsql's own meter: connections, commands, their durations
                if (options.Port > 0)
                    metrics.AddPrometheusHttpListener(o => (o.Host, o.Port) = (ListenHost(options.Host), options.Port));
                else
                    metrics.AddPrometheusExporter();
                if (options.OtlpEndpoint.Length > 0)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        exporter.Endpoint = new Uri(options.OtlpEndpoint.TrimEnd('/') + "/v1/metrics");
                        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = options.OtlpIntervalSeconds * 1000;
                    });
                }
            });
    }

    public static void MapMetrics(this WebApplication app)
    {
        // On a separate port the listener serves it; the app's own /metrics then does not exist.
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value.Port == 0)
            app.MapPrometheusScrapingEndpoint("/metrics").RequireRole(Role.Admin);
    }

    static string ListenHost(string host) => host is "*" or "0.0.0.0" ? "*" : host;

    /// <summary>
    /// Creates the observable gauges once the services they read exist, on a meter of this host (disposed with it),
    /// so that a stopped host's callbacks never run against its disposed data source.
    /// </summary>
    sealed class GaugeRegistration(DatabaseGauges database, ImageTextReader ocr, IMeterFactory meters) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var meter = meters.Create(Telemetry.MeterName);
            meter.CreateObservableGauge("fraudwatch.deliveries", () => new[]
            {
                new Measurement<long>(database.Current.PendingDeliveries, new KeyValuePair<string, object?>("status", "pending")),
                new Measurement<long>(database.Current.SendingDeliveries, new KeyValuePair<string, object?>("status", "sending")),
            }, "{delivery}", "Broadcast deliveries not yet sent: pending (waiting for a slot or a retry) and sending (claimed)");
            meter.CreateObservableGauge("fraudwatch.queued_replies", () => new[]
            {
                new Measurement<long>(database.Current.QueuedAnswers, new KeyValuePair<string, object?>("kind", "answer")),
                new Measurement<long>(database.Current.QueuedWarnings, new KeyValuePair<string, object?>("kind", "warning")),
            }, "{message}", "Report answers and warnings waiting for Telegram's limits");
            meter.CreateObservableGauge("fraudwatch.updates", () => new Measurement<long>(database.Current.WaitingUpdates,
                new KeyValuePair<string, object?>("status", "received")), "{update}", "Stored Telegram updates by status (received: not yet handled)");
            meter.CreateObservableGauge("fraudwatch.updates.oldest_received_age", () => database.Current.OldestWaitingSeconds,
                "s", "Age of the oldest stored update not yet handled: the lag between Telegram and the bot");
            meter.CreateObservableGauge("fraudwatch.ocr.queue_depth", () => ocr.QueueDepth, "{image}", "Pictures waiting for Tesseract");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
