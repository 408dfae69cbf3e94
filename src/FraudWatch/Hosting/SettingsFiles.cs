using Microsoft.Extensions.Configuration.Json;

namespace FraudWatch;

/// <summary>
/// appsettings.json is read from the working directory (ASP.NET Core's content root) and, beneath it, from the
/// program's own folder, where the build and <c>dotnet publish</c> put it. A published FraudWatch started from another
/// folder (a systemd unit's WorkingDirectory, where its data directory lives) keeps the shipped settings, such as
/// Urls http://127.0.0.1:5080 rather than ASP.NET Core's http://localhost:5000. The working directory's file wins.
/// </summary>
public static class SettingsFiles
{
    const string FileName = "appsettings.json";

    static string BesideProgram => Path.Combine(AppContext.BaseDirectory, FileName);

    /// <summary>For the host: the program folder's file goes just below the working directory's.</summary>
    public static void AddProgramFolderSettings(this ConfigurationManager configuration, string contentRoot)
    {
        if (SameFile(contentRoot))
            return;
        var sources = configuration.Sources;
        var index = 0;
        while (index < sources.Count && sources[index] is not JsonConfigurationSource { Path: FileName })
            index++;
        var source = new JsonConfigurationSource { Path = BesideProgram, Optional = true, ReloadOnChange = false };
        source.ResolveFileProvider();
        sources.Insert(index == sources.Count ? 0 : index, source);
    }

    /// <summary>For the --health probe, which reads settings without a host: both files, the working directory's on top.</summary>
    public static IConfigurationBuilder AddSettingsFiles(this IConfigurationBuilder configuration, string workingDirectory)
    {
        if (!SameFile(workingDirectory))
            configuration.AddJsonFile(BesideProgram, optional: true, reloadOnChange: false);
        return configuration.AddJsonFile(Path.Combine(workingDirectory, FileName), optional: true, reloadOnChange: false);
    }

    static bool SameFile(string folder) =>
        string.Equals(Path.GetFullPath(Path.Combine(folder, FileName)), Path.GetFullPath(BesideProgram), StringComparison.Ordinal);
}
