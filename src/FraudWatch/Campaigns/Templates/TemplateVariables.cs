using Fluid;
using Fluid.Values;
using FraudWatch.Telegram;

namespace FraudWatch.Campaigns;

/// <summary>The only names a warning template may read, and how a <see cref="WarningModel"/> fills them.</summary>
public static class TemplateVariables
{
    public const string DefaultHotline = "96110";

    public static IReadOnlyList<string> All { get; } =
    [
        "group.township", "group.village", "group.title",
        "officer.name", "officer.phone",
        "hotline", "now",
        "stats.reports_this_month", "stats.prevented_this_month",
        "alert.value", "alert.kind", "alert.note",
    ];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    public static bool IsKnown(string path) => Known.Contains(path);

    public static bool IsAlert(string path) => path.StartsWith("alert.", StringComparison.Ordinal);

    /// <summary>A model with plausible values, used to check a template's rendered length and markup.</summary>
    public static WarningModel Sample { get; } = new(
        new GroupModel("灵溪镇", "中兴村", "灵溪镇中兴村平安群"),
        new OfficerModel("庄海伦", "0577-6478 0110"),
        DefaultHotline,
        new DateTimeOffset(2025, 3, 17, 9, 30, 0, TimeSpan.FromHours(8)),
        new StatsModel(12, 5),
        new AlertModel("https://example-refund-service.top/claim?id=123456", "url", "自称快递理赔，让人下载会议软件共享屏幕"));

    // Values are HTML-encoded here rather than by a Fluid encoder: HtmlEncoder also escapes '+' and
    // apostrophes as numeric entities, which would make "+86 ..." unreadable in previews and logs.
    internal static void Bind(TemplateContext context, WarningModel model)
    {
        context.SetValue("group", Object(context,
            ("township", model.Group.Township), ("village", model.Group.Village), ("title", model.Group.Title)));
        context.SetValue("officer", Object(context, ("name", model.Officer.Name), ("phone", model.Officer.Phone)));
        context.SetValue("hotline", new StringValue(
            TelegramHtml.Encode(string.IsNullOrWhiteSpace(model.Hotline) ? DefaultHotline : model.Hotline)));
        context.SetValue("now", new CountyTimeValue(model.Now));
        context.Now = () => model.Now;
        context.SetValue("stats", FluidValue.Create(new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["reports_this_month"] = model.Stats.ReportsThisMonth,
            ["prevented_this_month"] = model.Stats.PreventedThisMonth,
        }, context.Options));
        if (model.Alert is { } alert)
        {
            context.SetValue("alert", Object(context, ("value", alert.Value), ("kind", alert.Kind), ("note", alert.Note)));
        }
    }

    private static FluidValue Object(TemplateContext context, params (string Name, string? Value)[] members)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, value) in members)
        {
            values[name] = TelegramHtml.Encode(value ?? "");
        }

        return FluidValue.Create(values, context.Options);
    }
}
