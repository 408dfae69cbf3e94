namespace FraudWatch;

public static class HttpApiExtensions
{
    public static void AddHttpApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemAnswers();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);
    }

    public static void UseHttpApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
    }
}
