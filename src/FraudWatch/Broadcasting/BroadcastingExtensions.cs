using FraudWatch.Telegram;
using Microsoft.Extensions.Options;

namespace FraudWatch.Broadcasting;

public static class BroadcastingExtensions
{
    /// <summary>The delivery engine and Telegram's shared send limits; the renderer comes from Campaigns.</summary>
    public static void AddBroadcasting(this WebApplicationBuilder builder)
    {
        BroadcastOptions.CheckShape(builder.Configuration);
        builder.AddValidatedOptions<BroadcastOptions, BroadcastOptionsValidator>(BroadcastOptions.Section);

        builder.Services.AddSingleton<SendRateLimiter>();
        builder.Services.AddSingleton<ISendThrottle>(sp => sp.GetRequiredService<SendRateLimiter>());
        builder.Services.AddSingleton<DeliveryStore>();
        builder.Services.AddSingleton<Groups.IGroupHistory>(sp => sp.GetRequiredService<DeliveryStore>());
        builder.Services.AddSingleton<DeliverySender>();
        builder.Services.AddSingleton<BroadcastEngine>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BroadcastEngine>());
    }
}
