using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FraudWatch;

/// <summary>
/// Every 4xx the API gives says what to change: a body or parameter the framework could not bind is answered
/// 400 with the parameter and the JSON position (not 500, and not a bare "Bad Request"), and answers written by
/// the status-code pages (unknown route, wrong method or content type, no key) get a one-line next step.
/// </summary>
static class ProblemAnswers
{
    public static void Register(IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            if (!string.IsNullOrEmpty(context.ProblemDetails.Detail) || context.ProblemDetails.Extensions.ContainsKey("errors"))
                return;
            var request = context.HttpContext.Request;
            context.ProblemDetails.Detail = context.ProblemDetails.Status switch
            {
                400 => "The request could not be read; compare it with /openapi/v1.json.",
                401 => "Send an API key: Authorization: Bearer <key>.",
                403 => "This API key's role does not allow this; ask an admin for a key with the needed role.",
                404 => $"Nothing at {request.Method} {request.Path}: see /openapi/v1.json for the routes; ids are whole numbers.",
                405 => $"{request.Path} does not take {request.Method}; see /openapi/v1.json.",
                413 => "The body is too large.",
                415 => "Send the body as JSON with Content-Type: application/json.",
                _ => null,
            };
        });
        // Binding failures become exceptions so BadRequestHandler can say which parameter and where; in Production
        // the framework would otherwise answer a bare 400, in Development a 500.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestHandler>();
        services.AddExceptionHandler<DatabaseDownHandler>();
    }
}

/// <summary>
/// PostgreSQL unreachable (stopped, restarting, failing over, pool exhausted): 503 with Retry-After, so Telegram, scripts
/// and proxies try again instead of taking a 500 as a fault of the request. Nothing was stored.
/// </summary>
sealed class DatabaseDownHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is not Npgsql.NpgsqlException { IsTransient: true })
                continue;
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                Exception = exception,
                ProblemDetails = new ProblemDetails
                {
                    Status = 503,
                    Title = "Database unavailable",
                    Detail = $"The database cannot be reached just now; nothing was stored. Try again in {RetryAfterSeconds} s.",
                },
            });
        }

        return false;
    }
}

sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is Npgsql.PostgresException { SqlState: "22021" or "22P05" })
        {
            // PostgreSQL refuses U+0000 in text; whichever field carried it, nothing was stored.
            http.Response.StatusCode = 400;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                Exception = exception,
                ProblemDetails = new ProblemDetails { Status = 400, Title = "Invalid text", Detail = "Text must not contain the NUL character (U+0000); remove it and send again." },
            });
        }

        if (exception is not BadHttpRequestException bad)
            return false;
        var detail = bad.InnerException switch
        {
            JsonException { Path: { Length: > 1 } path } => $"{bad.Message} Check the value at {path}: it has the wrong type or shape.",
            JsonException json when json.InnerException?.GetType().Name == "JsonReaderException" =>
                $"{bad.Message} The body is not well-formed JSON (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}).",
            JsonException => $"{bad.Message} The body must be one JSON object with the fields listed in /openapi/v1.json.",
            _ => bad.Message,
        };
        http.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = bad.StatusCode, Title = "Invalid request", Detail = detail },
        });
    }
}
