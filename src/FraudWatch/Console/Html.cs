using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace FraudWatch.WebConsole;

/// <summary>Markup that is already safe to send. Only <see cref="H"/> and the constants in this folder make it.</summary>
public readonly record struct Html(string Value)
{
    public static readonly Html Empty = new("");

    public override string ToString() => Value;
}

/// <summary>
/// Builds <see cref="Html"/> from an interpolated string: literal parts are markup, every hole is
/// HTML-encoded unless it is already <see cref="Html"/>. A forgotten encode cannot happen.
/// </summary>
[InterpolatedStringHandler]
public readonly ref struct HtmlBuilder
{
    // Only the characters HTML gives meaning to are encoded; Chinese stays readable in the source.
    internal static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    readonly StringBuilder text;

    public HtmlBuilder(int literalLength, int formattedCount) => text = new StringBuilder(literalLength + (formattedCount * 16));

    public void AppendLiteral(string value) => text.Append(value);

    public void AppendFormatted(Html value) => text.Append(value.Value);

    public void AppendFormatted(string? value) => text.Append(Encoder.Encode(value ?? ""));

    public void AppendFormatted<T>(T value) => AppendFormatted(Convert.ToString(value, CultureInfo.InvariantCulture));

    public void AppendFormatted<T>(T value, string format) where T : IFormattable => AppendFormatted(value.ToString(format, CultureInfo.InvariantCulture));

    internal Html Build() => new(text.ToString());
}

public static class H
{
    public static Html Of(ref HtmlBuilder builder) => builder.Build();

    public static Html Join(IEnumerable<Html> parts) => new(string.Concat(parts.Select(p => p.Value)));

    public static Html Join<T>(IEnumerable<T> items, Func<T, Html> render) => Join(items.Select(render));

    public static string Encode(string text) => HtmlBuilder.Encoder.Encode(text);

    public static Html If(bool condition, Html html) => condition ? html : Html.Empty;
}
