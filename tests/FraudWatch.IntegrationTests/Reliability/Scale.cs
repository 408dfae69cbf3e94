using System.Globalization;

namespace FraudWatch.IntegrationTests.Reliability;

/// <summary>Run sizes: CI defaults that fit its budget, raised by environment variables for the full figures.</summary>
static class Scale
{
    public static int Int(string variable, int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : ciDefault;
}
