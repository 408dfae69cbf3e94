using FraudWatch.Ocr;

namespace FraudWatch.Tests.Ocr;

public sealed class OcrOptionsTests
{
    [Fact]
    public void Defaults_are_valid() => Assert.True(new OcrOptionsValidator().Validate(null, new OcrOptions()).Succeeded);

    [Theory]
    [InlineData(nameof(OcrOptions.MaxBytes), 10)]
    [InlineData(nameof(OcrOptions.MaxPixels), 0)]
    [InlineData(nameof(OcrOptions.TimeoutSeconds), 0)]
    [InlineData(nameof(OcrOptions.PageSegmentationMode), 2)]
    [InlineData(nameof(OcrOptions.QueuePerUser), 0)]
    [InlineData(nameof(OcrOptions.MaxQueued), -1)]
    [InlineData(nameof(OcrOptions.MaxConcurrency), 100)]
    public void Out_of_range_number_names_its_key(string key, int value)
    {
        var options = new OcrOptions();
        typeof(OcrOptions).GetProperty(key)!.SetValue(options, value);
        Assert.StartsWith($"Ocr__{key}:", Assert.Single(new OcrOptionsValidator().Validate(null, options).Failures!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("chi_sim --psm 0")]
    [InlineData("chi_sim+")]
    public void Languages_must_be_a_plus_joined_list(string languages) =>
        Assert.StartsWith("Ocr__Languages:", Assert.Single(new OcrOptionsValidator().Validate(null, new OcrOptions { Languages = languages }).Failures!));
}
