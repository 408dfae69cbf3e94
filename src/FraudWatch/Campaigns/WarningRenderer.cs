using Microsoft.Extensions.Options;

namespace FraudWatch.Campaigns;

/// <summary>Renders a campaign's message as one group will get it: template in the group's language (else the county's), or free text.</summary>
public sealed class WarningRenderer(TemplateCatalog catalog, IOptions<FraudWatchOptions> options, TimeProvider clock)
{
    /// <summary>No name: the Chinese templates already say 社区民警 before it.</summary>
    public const string DefaultOfficerName = "";
    public const string DefaultOfficerNameEn = "the duty officer";
    public const string DefaultOfficerPhone = "110";

    readonly TimeZoneInfo zone = options.Value.Zone;
    readonly string countyLanguage = options.Value.CountyLanguage;

    public TemplateCatalog Catalog => catalog;

    public RenderResult Render(string? template, string? body, string? township, string? village, string title, string? language,
        string? officerName, string? officerPhone, AlertModel? alert = null, StatsModel? stats = null)
    {
        if (template is null)
            return TemplateCatalog.FreeText(body ?? "");
        var lang = ReplyLanguage.Parse(language) ?? countyLanguage;
        var model = new WarningModel(
            new GroupModel(township ?? "", village ?? "", title),
            new OfficerModel(string.IsNullOrWhiteSpace(officerName) ? (ReplyLanguage.IsEnglish(lang) ? DefaultOfficerNameEn : DefaultOfficerName) : officerName,
                string.IsNullOrWhiteSpace(officerPhone) ? DefaultOfficerPhone : officerPhone),
            TemplateVariables.DefaultHotline,
            TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone),
            stats ?? new StatsModel(0, 0),
            // Residents read a phone as they would dial it (0577 8888 9999), not in its stored +86 form.
            alert is { Kind: "phone" } ? alert with { Value = Reports.ResidentText.Phone(alert.Value) } : alert);
        return catalog.Render(template, lang, model);
    }
}
