using FraudWatch.Reports;
using Microsoft.Extensions.Options;

namespace FraudWatch.Tests.Reports;

public sealed class OfficialNumberTests
{
    static OfficialNumbers With(string configured) => new(Options.Create(new ReportsOptions { OfficialNumbers = configured }));

    [Theory]
    [InlineData("110")]
    [InlineData("96110")]
    [InlineData("+8696110")]
    [InlineData("12110")]
    [InlineData("12381")]
    [InlineData("95588")]
    [InlineData("95533")]
    [InlineData("95555")]
    [InlineData("95566")]
    [InlineData("95599")]
    [InlineData("95528")]
    [InlineData("95559")]
    [InlineData("10086")]
    [InlineData("10010")]
    [InlineData("10000")]
    public void Built_in_police_bank_and_carrier_numbers_are_official(string value) => Assert.True(With("").IsOfficial("phone", value));

    [Fact]
    public void Configured_numbers_match_the_extractors_form_and_add_to_the_defaults()
    {
        var official = With("0577-6412 3456, 95300");
        Assert.True(official.IsOfficial("phone", "+8657764123456"));
        Assert.True(official.IsOfficial("phone", "95300"));
        Assert.True(official.IsOfficial("phone", "96110"));
        Assert.False(official.IsOfficial("phone", "+8657788889999"));
        Assert.False(official.IsOfficial("phone", "95301"));
        Assert.False(official.IsOfficial("url", "95300"));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("12")]
    [InlineData("95588;96110")]
    public void A_bad_entry_stops_start_up_naming_the_key(string configured)
    {
        var result = new ReportsOptionsValidator().Validate(null, new ReportsOptions { OfficialNumbers = configured });
        Assert.True(result.Failed);
        Assert.Contains("Reports__OfficialNumbers", result.FailureMessage);
    }

    [Fact]
    public void A_duty_cap_below_one_is_refused() =>
        Assert.Contains("Reports__DutyPostsPerReporterPerHour",
            new ReportsOptionsValidator().Validate(null, new ReportsOptions { DutyPostsPerReporterPerHour = 0 }).FailureMessage);
}
