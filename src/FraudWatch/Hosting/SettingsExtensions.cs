using Microsoft.Extensions.Options;

namespace FraudWatch;

public static class SettingsExtensions
{
    public static void AddSettings(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<FraudWatchOptions, FraudWatchOptionsValidator>(FraudWatchOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
    }

    /// <summary>
    /// Binds a settings section, validated at start, and also validates it right away so that a bad
    /// value stops start-up before anything (the database, Hangfire) is touched.
    /// </summary>
    public static TOptions AddValidatedOptions<TOptions, TValidator>(this WebApplicationBuilder builder, string section)
        where TOptions : class, new()
        where TValidator : class, IValidateOptions<TOptions>, new()
    {
        builder.Services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        var options = new TOptions();
        try
        {
            builder.Configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            var key = e.Message.Split('\'').Skip(3).FirstOrDefault()?.Replace(":", "__", StringComparison.Ordinal) ?? section;
            throw new StartupException($"{key}: {e.InnerException?.Message ?? e.Message}");
        }

        var result = new TValidator().Validate(null, options);
        if (result.Failed)
            throw new OptionsValidationException(section, typeof(TOptions), result.Failures);
        return options;
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
