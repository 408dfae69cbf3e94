using Microsoft.Extensions.Options;

namespace FraudWatch;

public static class SettingsExtensions
{
    public static void AddSettings(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FraudWatchOptions>().BindConfiguration(FraudWatchOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FraudWatchOptions>, FraudWatchOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Audit.AuditLog>();
    }

    /// <summary>Runs the host; start-up problems the operator must fix print as single lines, not stack traces.</summary>
    public static async Task<int> RunOrExplainAsync(Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures)
                Console.Error.WriteLine($"FraudWatch cannot start: {failure}");
            return 2;
        }
        catch (StartupException e)
        {
            Console.Error.WriteLine($"FraudWatch cannot start: {e.Message}");
            return 2;
        }
    }
}
