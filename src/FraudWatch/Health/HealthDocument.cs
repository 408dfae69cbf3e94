using Microsoft.OpenApi;

namespace FraudWatch.Health;

/// <summary>/health/live and /health/ready in the OpenAPI document: open to all, 200 when healthy, 503 when not.</summary>
static class HealthDocument
{
    public static void Describe(OpenApiDocument document)
    {
        document.Paths ??= [];
        document.Paths["/health/live"] = Path("GetLiveness", "Liveness: the process answers");
        document.Paths["/health/ready"] = Path("GetReadiness", "Readiness: the database answers, and Telegram takes the token and answers (or dry-run); degraded while new reports have no duty group");
        document.Tags ??= new HashSet<OpenApiTag>();
        if (!document.Tags.Any(t => t.Name == "Health"))
            document.Tags.Add(new OpenApiTag { Name = "Health", Description = "Liveness and readiness probes; no key needed." });
    }

    static OpenApiPathItem Path(string operationId, string summary) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new()
            {
                OperationId = operationId,
                Summary = summary,
                Description = "Everyone gets the status; the checks' descriptions only with an admin key as Bearer.",
                Tags = new HashSet<OpenApiTagReference> { new("Health") },
                Security = [],
                Responses = new OpenApiResponses
                {
                    ["200"] = Answer("Healthy (or degraded)"),
                    ["503"] = Answer("Unhealthy"),
                },
            },
        },
    };

    static OpenApiResponse Answer(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/json"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "status" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["status"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["Healthy", "Degraded", "Unhealthy"] },
                        ["checks"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Description = "Admin key only: each check's status and description.",
                            AdditionalProperties = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object,
                                Properties = new Dictionary<string, IOpenApiSchema>
                                {
                                    ["status"] = new OpenApiSchema { Type = JsonSchemaType.String },
                                    ["description"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                                },
                            },
                        },
                    },
                },
            },
        },
    };
}
