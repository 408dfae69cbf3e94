using FraudWatch.Access;
using Microsoft.AspNetCore.Http;

namespace FraudWatch.Tests.Access;

public sealed class KeysTests
{
    [Fact]
    public void NewKey_is_long_url_safe_and_never_repeats()
    {
        var keys = Enumerable.Range(0, 1000).Select(_ => ApiKeyStore.NewKey()).ToList();

        Assert.All(keys, k => Assert.Matches("^fw_[A-Za-z0-9_-]{43}$", k));
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("officer", "duty desk", true)]
    [InlineData("ADMIN", "  station lead  ", true)]
    [InlineData("sheriff", "x", false)]
    [InlineData(null, "x", false)]
    [InlineData("analyst", "", false)]
    [InlineData("analyst", "   ", false)]
    [InlineData("analyst", "two\nlines", false)]
    public void Validate_takes_a_known_role_and_a_one_line_label(string? role, string? label, bool valid)
    {
        var errors = KeysApi.Validate(new CreateKeyRequest(role, label), out _, out var trimmed);

        Assert.Equal(valid, errors.Count == 0);
        if (valid)
            Assert.Equal(label!.Trim(), trimmed);
    }

    [Fact]
    public void Validate_refuses_a_label_over_the_limit()
    {
        var errors = KeysApi.Validate(new CreateKeyRequest("officer", new string('a', KeysApi.MaxLabelLength + 1)), out _, out _);

        Assert.Contains("label", errors.Keys);
    }

    [Theory]
    [InlineData("/console/reports", true)]
    [InlineData("/hangfire", true)]
    [InlineData("/hangfire/jobs/enqueued", true)]
    [InlineData("/api/v1/keys", false)]
    [InlineData("/consolex", false)]
    [InlineData("/health/ready", false)]
    public void Cookie_is_read_only_on_the_console_and_hangfire(string path, bool accepted) =>
        Assert.Equal(accepted, ApiKeyAuthenticationHandler.AcceptsCookie(new PathString(path)));
}
