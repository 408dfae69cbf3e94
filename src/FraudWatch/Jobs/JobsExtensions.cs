using FraudWatch.Access;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Logging;
using Hangfire.PostgreSql;
using Npgsql;

namespace FraudWatch.Jobs;

public static class JobsExtensions
{
    /// <summary>
    /// Hangfire on PostgreSQL in its own schema, sharing the app's NpgsqlDataSource. The storage and job activator are
    /// this host's own services rather than Hangfire's process-wide defaults (JobStorage.Current, the global
    /// activator), so several hosts in one process (the integration tests) never run jobs against each other's
    /// database or services; logging goes through a provider that outlives a stopped host.
    /// </summary>
    public static void AddJobs(this WebApplicationBuilder builder)
    {
        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = TimeSpan.FromSeconds(1),
            InvisibilityTimeout = TimeSpan.FromMinutes(30),
        };
        builder.Services.AddSingleton<JobStorage>(sp =>
            new PostgreSqlStorage(new DataSourceConnectionFactory(sp.GetRequiredService<NpgsqlDataSource>()), storageOptions));
        builder.Services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new StoppedHostTolerantLogProvider(new AspNetCoreLogProvider(sp.GetRequiredService<ILoggerFactory>())))
            .UseStorage(sp.GetRequiredService<JobStorage>()));
        builder.Services.AddHangfireServer(options =>
        {
            options.WorkerCount = Math.Max(4, Environment.ProcessorCount * 2);
            options.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            options.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });
    }

    /// <summary>The dashboard, for admins only (API key header or the console's key cookie).</summary>
    public static void MapJobsDashboard(this WebApplication app)
    {
        // A dashboard action (retry, delete, trigger) signed in by the console's cookie must come from a page of this host,
        // as console forms must; a bearer key cannot be sent by another site, so API clients are not asked. Any other
        // Authorization header (Basic ...) leaves the cookie signing the request in, so it is asked too.
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/hangfire") && !HttpMethods.IsGet(http.Request.Method)
                && !http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                && !RequestOrigin.IsSameOrigin(http.Request))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                await http.Response.WriteAsync("Refused: this dashboard action was not sent from a FraudWatch page.");
                return;
            }

            await next(http);
        });
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [], DisplayStorageConnectionString = false, AppPath = "/" })
            .RequireRole(Role.Admin);
    }
}

sealed class DataSourceConnectionFactory(NpgsqlDataSource db) : IConnectionFactory
{
    public NpgsqlConnection GetOrCreateConnection() => db.CreateConnection();
}

/// <summary>
/// Hangfire's logging is process-wide: the last host to start supplies it. A host that has stopped must not make
/// logging throw in the hosts still running (it happens only with several hosts in one process, as in the tests).
/// </summary>
sealed class StoppedHostTolerantLogProvider(ILogProvider inner) : ILogProvider
{
    public ILog GetLogger(string name) => new Logger(inner, name);

    sealed class Logger(ILogProvider inner, string name) : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                return inner.GetLogger(name).Log(logLevel, messageFunc, exception);
            }
            catch (ObjectDisposedException)
            {
                return false; // the host that supplied logging has stopped
            }
        }
    }
}
