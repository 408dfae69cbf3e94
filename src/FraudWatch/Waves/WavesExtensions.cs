namespace FraudWatch.Waves;

public static class WavesExtensions
{
    /// <summary>Registers <see cref="WaveStore"/> and the <c>Waves</c> settings (validated at start). Needs AddStorage and AddSettings.</summary>
    public static void AddWaves(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<WaveOptions, WaveOptionsValidator>(WaveOptions.Section);
        builder.Services.AddSingleton<WaveStore>();
    }

    /// <summary>Maps <c>GET /api/v1/waves</c> and <c>GET /api/v1/waves/{id}</c> (assistant). Needs UseHttpApi (authentication).</summary>
    public static void MapWavesApi(this IEndpointRouteBuilder app) => WavesApi.Map(app);
}
