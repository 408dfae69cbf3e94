using FraudWatch.Broadcasting;

namespace FraudWatch.Campaigns;

/// <summary>What Broadcasting asks of a campaign: its message as one group gets it, with the township's figures.</summary>
public sealed class CampaignDeliveryRenderer(WarningRenderer renderer, TownshipStats stats) : IDeliveryRenderer
{
    public async Task<RenderedDelivery> RenderAsync(ClaimedDelivery d, CancellationToken ct)
    {
        var rendered = renderer.Render(d.Template, d.Body, d.Township, d.Village, d.Title, d.Language, d.OfficerName, d.OfficerPhone,
            d.AlertValue is null ? null : new AlertModel(d.AlertValue, d.AlertKind ?? "", d.AlertNote ?? ""),
            d.Template is null ? null : await stats.ThisMonthAsync(d.Township, ct));
        return rendered.Ok ? new RenderedDelivery(rendered.Text) : new RenderedDelivery(null, rendered.Error);
    }
}
