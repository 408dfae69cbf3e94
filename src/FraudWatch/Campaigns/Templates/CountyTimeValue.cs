using System.Globalization;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Values;

namespace FraudWatch.Campaigns;

/// <summary>
/// <c>now</c> in a template: a date for Liquid's filters, printed alone as the county's local time. Fluid's own
/// DateTimeValue prints a DateTimeOffset with the "u" format, which converts it to UTC, so <c>{{ now }}</c> said
/// 01:30 in a group whose clocks said 09:30.
/// </summary>
internal sealed class CountyTimeValue(DateTimeOffset value) : FluidValue
{
    public const string Format = "yyyy-MM-dd HH:mm";

    public override FluidValues Type => FluidValues.DateTime;

    public override bool Equals(FluidValue other) => other.Type == FluidValues.DateTime && other.ToObjectValue() is DateTimeOffset moment && moment.Equals(value);

    public override bool ToBooleanValue() => true;

    public override decimal ToNumberValue() => value.Ticks;

    public override string ToStringValue() => value.ToString(Format, CultureInfo.InvariantCulture);

    public override object ToObjectValue() => value;

    [Obsolete("WriteTo is obsolete, prefer the WriteToAsync method.")]
    public override void WriteTo(TextWriter writer, TextEncoder encoder, CultureInfo cultureInfo) => writer.Write(ToStringValue());

    public override ValueTask WriteToAsync(TextWriter writer, TextEncoder encoder, CultureInfo cultureInfo) => new(writer.WriteAsync(ToStringValue()));

    public override bool Equals(object? obj) => obj is DateTimeOffset moment && moment.Equals(value);

    public override int GetHashCode() => value.GetHashCode();
}
