using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FraudWatch;

/// <summary>
/// Shapes <c>/openapi/v1.json</c> beyond what the typed results describe: the Bearer scheme, which role each
/// operation needs (read from its <c>RequireRole</c> policy, so it cannot drift from the real check), the CSV
/// answer and <c>?format=csv</c> of every list, tag descriptions and a server URL without a trailing slash.
/// </summary>
static class ApiDocument
{
    public const string BearerScheme = "bearer";

    static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Groups"] = "Village anti-fraud groups: status, binding, tags, members.",
        ["Campaigns"] = "Warning templates and campaigns: preview, schedule, delivery counts, cancel.",
        ["Reports"] = "Residents' reports, their outcomes and types, and checks of a message, phone number or link.",
        ["Detection"] = "County models learned from officers' decisions (admin): learn, list, retire.",
        ["Waves"] = "Near-duplicate reports grouped into scam waves.",
        ["Keys"] = "API keys (admin): create, list, revoke.",
        ["Statistics"] = "Prevented fraud, losses, streaks, the effect of campaigns, and how the bot's guesses held up.",
        ["Health"] = "Liveness and readiness probes; no key needed.",
        ["Telegram"] = "The webhook Telegram calls in webhook mode.",
    };

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "FraudWatch";
            document.Info.Description = "Police anti-fraud outreach over Telegram. Send `Authorization: Bearer <api-key>`; "
                + "each operation names the roles whose keys it accepts. Errors are problem details (RFC 9457).";
            foreach (var server in document.Servers ?? [])
                server.Url = server.Url?.TrimEnd('/');
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key: from FraudWatch__ApiKeys (key:role) or POST /api/v1/keys. Each key carries one role.",
            };
            OptionalNullFields(document);
            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            {
                if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
                    tag.Description = description;
            }

            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAuthorizeData>().LastOrDefault()?.Policy is { } policy && Roles.Parse(policy) is { } role)
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
                var allowed = Roles.All.Where(r => role.Allows(r)).Select(r => r.Name()).ToList();
                var who = allowed.Count == 1 ? allowed[0] : string.Join(", ", allowed[..^1]) + " or " + allowed[^1];
                operation.Description = Join(operation.Description, $"Needs an API key of role {who}.");
            }
            else
            {
                operation.Security = [];
            }

            if (metadata.OfType<CsvListMetadata>().Any())
                DescribeCsv(operation);
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// A request body's nullable field is one the route reads as absent when it is left out (a PATCH's "any of", a campaign's
    /// "template | text"), so it is not required; the generator marks every record parameter required. A field the route
    /// cannot do without is refused with a 400 that names it.
    /// </summary>
    static void OptionalNullFields(OpenApiDocument document)
    {
        var bodies = (document.Paths ?? new OpenApiPaths()).Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            .SelectMany(o => o.RequestBody?.Content?.Values ?? []).Select(m => m.Schema)
            .SelectMany(s => s is null ? [] : s.OneOf is { Count: > 0 } any ? any : [s])
            .OfType<OpenApiSchemaReference>().Select(r => r.Reference.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var name in bodies)
        {
            if (document.Components?.Schemas?.TryGetValue(name, out var found) != true || found is not OpenApiSchema { Required: { } required, Properties: { } properties })
                continue;
            foreach (var (field, property) in properties)
            {
                if (MayBeNull(property))
                    required.Remove(field);
            }
        }
    }

    static bool MayBeNull(IOpenApiSchema schema) =>
        (schema.Type is { } type && type.HasFlag(JsonSchemaType.Null)) || (schema.OneOf?.Any(MayBeNull) ?? false);

    /// <summary>A list answers JSON, or with <c>?format=csv</c> the same rows as CSV.</summary>
    static void DescribeCsv(OpenApiOperation operation)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "format",
            In = ParameterLocation.Query,
            Description = "csv: the same list as CSV (UTF-8 with BOM, header row); anything else or nothing: JSON.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["csv"] },
        });
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
        {
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content["text/csv"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
    }

    static string Join(string? first, string second) => string.IsNullOrEmpty(first) ? second : $"{first} {second}";
}

/// <summary>Marks a route whose list also answers CSV (added by <see cref="CsvList{T}"/>).</summary>
sealed class CsvListMetadata;
