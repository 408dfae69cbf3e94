namespace FraudWatch;

/// <summary>Whether a browser request came from a page of this host (Origin, else Referer): the check against cross-site forms.</summary>
public static class RequestOrigin
{
    public static bool IsSameOrigin(HttpRequest request)
    {
        var source = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(source))
            source = request.Headers.Referer.ToString();
        return Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
