using System.Buffers;
using System.Text.RegularExpressions;
using Fluid;
using FraudWatch.Telegram;

namespace FraudWatch.Campaigns;

/// <summary>
/// The warning templates under one directory (<c>zh-CN/*.liquid</c>, <c>en/*.liquid</c>), parsed once at
/// construction. Immutable afterwards, so one instance serves all threads.
/// </summary>
public sealed partial class TemplateCatalog
{
    public const string DefaultLanguage = "zh-CN";

    // FluidParser and parsed templates are thread-safe; a TemplateContext is made per render.
    private static readonly FluidParser Parser = new();

    private static readonly TemplateOptions Options = new()
    {
        StrictVariables = true,
        StrictFilters = true,
        MaxSteps = 10_000,
        MaxRecursion = 10,
    };

    private readonly Dictionary<string, Dictionary<string, CompiledTemplate>> _byLanguage = new(StringComparer.OrdinalIgnoreCase);
    private readonly SortedSet<string> _names = new(StringComparer.Ordinal);

    public TemplateCatalog(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Template directory '{directory}' does not exist; set it to the folder holding zh-CN/ and en/.");
        }

        foreach (var languageDirectory in Directory.GetDirectories(directory).Order(StringComparer.Ordinal))
        {
            var language = Path.GetFileName(languageDirectory);
            var templates = new Dictionary<string, CompiledTemplate>(StringComparer.Ordinal);
            foreach (var file in Directory.GetFiles(languageDirectory, "*.liquid").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                templates[name] = Compile(name, language, File.ReadAllText(file), $"Template {language}/{name}");
                _names.Add(name);
            }

            _byLanguage[language] = templates;
        }
    }

    public IReadOnlyList<TemplateInfo> List(string? language = null) =>
        _byLanguage
            .Where(pair => language is null || string.Equals(pair.Key, language, StringComparison.OrdinalIgnoreCase))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .SelectMany(pair => pair.Value.Values.Select(template => template.Info))
            .OrderBy(info => info.Language, StringComparer.Ordinal)
            .ThenBy(info => info.Name, StringComparer.Ordinal)
            .ToList();

    public bool Exists(string name) => _names.Contains(name);

    /// <summary>Renders a template in the group's language, or in zh-CN when that language lacks it.</summary>
    public RenderResult Render(string name, string language, WarningModel model)
    {
        if (!_names.Contains(name))
        {
            return RenderResult.Failure($"Unknown template '{name}'; known templates: {string.Join(", ", _names)}.");
        }

        var template = Find(language, name) ?? Find(DefaultLanguage, name);
        if (template is not null)
            return template.Render(model);
        return RenderResult.Failure(string.Equals(language, DefaultLanguage, StringComparison.OrdinalIgnoreCase)
            ? $"Template '{name}' has no {DefaultLanguage} version, which {DefaultLanguage} groups get; add templates/{DefaultLanguage}/{name}.liquid."
            : $"Template '{name}' has no {language} version, which {language} groups get, and no {DefaultLanguage} one to fall back on; add templates/{language}/{name}.liquid.");
    }

    /// <summary>Checks a template text (front matter and Liquid) by parsing it and rendering it with a sample model.</summary>
    public RenderResult Validate(string liquidSource) =>
        Compile("(submitted)", DefaultLanguage, liquidSource, "The template").Render(TemplateVariables.Sample);

    /// <summary>An officer's own words as a message: HTML-encoded, never run as Liquid.</summary>
    public static RenderResult FreeText(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return RenderResult.Failure("The message is empty; type the warning text after the command.");
        }

        var html = TelegramHtml.Encode(text.Trim());
        return html.Length > TelegramHtml.MaxMessageLength
            ? RenderResult.Failure($"The message is {html.Length} characters once encoded; Telegram allows {TelegramHtml.MaxMessageLength}. Shorten it.")
            : RenderResult.Success(html);
    }

    private CompiledTemplate? Find(string language, string name) =>
        _byLanguage.TryGetValue(language, out var templates) && templates.TryGetValue(name, out var template) ? template : null;

    private static CompiledTemplate Compile(string name, string language, string source, string label)
    {
        var (title, body) = FrontMatter.Split(source);
        title ??= name;

        if (!Parser.TryParse(body, out var template, out var parseError))
        {
            // Fluid appends the source on further lines; keep the first line, with its position as a line number.
            var message = parseError.ReplaceLineEndings("\n").Split('\n')[0].Trim();
            var position = Position().Match(message);
            var where = position.Success ? $" at line {position.Groups["line"].Value}" : "";
            message = Position().Replace(message, "").Trim();
            return CompiledTemplate.Broken(new TemplateInfo(name, language, title, []), $"{label} does not parse{where}: {message}.", label);
        }

        var (used, includes) = VariableCollector.Collect(template);
        var info = new TemplateInfo(name, language, title, used);
        if (includes)
        {
            return CompiledTemplate.Broken(info, $"{label} uses include or render; warning templates must stand alone.", label);
        }

        if (used.FirstOrDefault(path => !TemplateVariables.IsKnown(path)) is { } unknown)
        {
            return CompiledTemplate.Broken(info,
                $"{label} uses unknown variable '{unknown}'{LineOf(body, unknown)}; known variables: {string.Join(", ", TemplateVariables.All)}.", label);
        }

        return new CompiledTemplate(info, template, null, label);
    }

    private static string LineOf(string body, string path)
    {
        var match = Regex.Match(body, $@"(?<![\w.]){Regex.Escape(path)}(?![\w])");
        return match.Success ? $" at line {body.AsSpan(0, match.Index).Count('\n') + 1}" : "";
    }

    [GeneratedRegex(@"(?:\s+at)?\s*\((?<line>\d+):(?<column>\d+)\)")]
    private static partial Regex Position();

    private sealed record CompiledTemplate(TemplateInfo Info, IFluidTemplate? Template, string? Error, string Label)
    {
        public static CompiledTemplate Broken(TemplateInfo info, string error, string label) =>
            new(info with { Error = error }, null, error, label);

        public RenderResult Render(WarningModel model)
        {
            if (Template is null)
            {
                return RenderResult.Failure(Error ?? $"{Label} is not loaded.");
            }

            var label = Label;
            if (model.Alert is null && Info.Variables.Any(TemplateVariables.IsAlert))
            {
                return RenderResult.Failure($"{label} needs an alert (the number or link); send it with /alert instead.");
            }

            string text;
            try
            {
                var context = new TemplateContext(Options);
                TemplateVariables.Bind(context, model);
                text = Tidy(Template.Render(context, NullEncoder.Default));
            }
            catch (Exception exception)
            {
                // Anything Liquid throws while rendering refuses this message instead of failing a broadcast.
                return RenderResult.Failure($"{label} failed to render: {exception.Message}");
            }

            if (text.Length > TelegramHtml.MaxMessageLength)
            {
                return RenderResult.Failure(
                    $"{label} renders {text.Length} characters; Telegram allows {TelegramHtml.MaxMessageLength}. Shorten the template.");
            }

            if (TelegramHtml.CheckMarkup(text) is { } markupError)
                return RenderResult.Failure($"{label} {markupError}.");
            // Telegram refuses a message with no visible text, so a broadcast of it would fail in every group.
            return TelegramHtml.IsBlank(text)
                ? RenderResult.Failure($"{label} renders no text here (only blanks or tags); Telegram refuses an empty message. Make it print a warning whatever its conditions.")
                : RenderResult.Success(text, Info.Title);
        }

        private static string Tidy(string text)
        {
            // Only a template saved with other line endings needs the copy.
            if (text.AsSpan().IndexOfAny(OtherLineEndings) >= 0)
                text = text.ReplaceLineEndings("\n");
            return BlankLines().Replace(text, "\n\n").Trim();
        }

        private static readonly SearchValues<char> OtherLineEndings = SearchValues.Create("\r\f\u0085\u2028\u2029");
    }

    [GeneratedRegex(@"\n[ \t]*\n(?:[ \t]*\n)+")]
    private static partial Regex BlankLines();
}
