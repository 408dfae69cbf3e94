using FraudWatch.Access;
using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;

namespace FraudWatch.Jobs;

public static class JobsExtensions
{
    /// <summary>Hangfire on PostgreSQL in its own schema, sharing the app's NpgsqlDataSource.</summary>
    public static void AddJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseConnectionFactory(new DataSourceConnectionFactory(sp.GetRequiredService<NpgsqlDataSource>())), new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                PrepareSchemaIfNecessary = true,
                QueuePollInterval = TimeSpan.FromSeconds(1),
                InvisibilityTimeout = TimeSpan.FromMinutes(30),
            }));
        builder.Services.AddHangfireServer(options =>
        {
            options.WorkerCount = Math.Max(4, Environment.ProcessorCount * 2);
            options.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            options.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });
    }

    /// <summary>The dashboard, for admins only (API key header or the console's key cookie).</summary>
    public static void MapJobsDashboard(this WebApplication app) =>
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [], DisplayStorageConnectionString = false, AppPath = "/" })
            .RequireRole(Role.Admin);
}

sealed class DataSourceConnectionFactory(NpgsqlDataSource db) : IConnectionFactory
{
    public NpgsqlConnection GetOrCreateConnection() => db.CreateConnection();
}
