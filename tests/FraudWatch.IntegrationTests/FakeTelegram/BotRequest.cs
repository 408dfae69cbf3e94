using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace FraudWatch.IntegrationTests.FakeTelegram;

/// <summary>
/// The parameters of one Bot API call. Telegram accepts the same parameters as query string, urlencoded or
/// multipart form, or a JSON body; form values that hold objects (reply_markup) arrive as JSON text.
/// </summary>
internal sealed class BotRequest(string method, JsonObject parameters, string rawBody)
{
    public string Method { get; } = method;
    public JsonObject Params { get; } = parameters;
    public string RawBody { get; } = rawBody;

    /// <summary>When the request reached the fake (Stopwatch ticks) and on which connection: for the rate check's report.</summary>
    public long ArrivedTicks { get; init; }

    public string Connection { get; init; } = "";

    public static async Task<BotRequest> ReadAsync(HttpContext context, string method)
    {
        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        var request = context.Request;
        var parameters = new JsonObject();
        foreach (var (key, value) in request.Query)
            parameters[key] = FromText(value);

        string raw = "";
        var contentType = request.ContentType ?? "";
        if (contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            request.EnableBuffering();
            raw = await ReadBodyAsync(request);
            request.Body.Position = 0;
            var form = await request.ReadFormAsync(context.RequestAborted);
            foreach (var (key, value) in form)
                parameters[key] = FromText(value);
            foreach (var file in form.Files)
                parameters[file.Name] = $"<file {file.FileName}, {file.Length} bytes>";
        }
        else
        {
            raw = await ReadBodyAsync(request);
            if (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var (key, value) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(raw))
                    parameters[key] = FromText(value);
            }
            else if (raw.Length > 0 && raw.TrimStart().StartsWith('{'))
            {
                // Telegram ignores a body it cannot parse and reports the missing parameters instead.
                try
                {
                    if (JsonNode.Parse(raw) is JsonObject body)
                        foreach (var (key, value) in body.ToArray())
                        {
                            body.Remove(key);
                            parameters[key] = value;
                        }
                }
                catch (JsonException)
                {
                }
            }
        }

        return new BotRequest(method, parameters, raw) { ArrivedTicks = arrived, Connection = context.Connection.Id };
    }

    public string? String(string name) => Params[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var node => node.ToJsonString(),
    };

    public long? Long(string name)
    {
        var node = Params[name];
        if (node is not JsonValue value)
            return null;
        if (value.TryGetValue<long>(out var l))
            return l;
        if (value.TryGetValue<double>(out var d))
            return (long)d;
        return value.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out l)
            ? l
            : null;
    }

    public bool Bool(string name) => Params[name] switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s is "true" or "True" or "1",
        _ => false,
    };

    /// <summary>An object or array parameter, whether it came as JSON or as JSON text in a form field.</summary>
    public JsonNode? Node(string name)
    {
        var node = Params[name];
        if (node is JsonValue v && v.TryGetValue<string>(out var text))
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                return null;
            }
        }
        return node;
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
        return await reader.ReadToEndAsync();
    }

    private static JsonNode? FromText(StringValues values)
    {
        var text = values.ToString();
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
            }
        }
        return JsonValue.Create(text);
    }
}
