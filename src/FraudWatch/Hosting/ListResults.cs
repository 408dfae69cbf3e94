using System.Globalization;
using System.Reflection;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Http.Metadata;

namespace FraudWatch;

/// <summary>Every list answers JSON, or CSV with <c>?format=csv</c>: streamed, UTF-8 with a BOM so spreadsheets open it cleanly.</summary>
public static class ListResults
{
    public static bool WantsCsv(this HttpContext http) =>
        string.Equals(http.Request.Query["format"], "csv", StringComparison.OrdinalIgnoreCase);

    public static IResult Csv<T>(IAsyncEnumerable<T> rows, string name) => new CsvResult<T>(rows, name);

    sealed class CsvResult<T>(IAsyncEnumerable<T> rows, string name) : IResult
    {
        // Columns are the public properties, in declaration order, named as in the JSON.
        static readonly PropertyInfo[] Columns = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance);

        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.csv\"";
            await using var text = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16);
            // Escape keeps a cell such as "=HYPERLINK(...)" from running as a formula in a spreadsheet.
            await using var csv = CsvWriter.Create(text, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
            foreach (var column in Columns)
                csv.WriteField(JsonName(column.Name));
            await csv.EndRecordAsync(http.RequestAborted);
            var count = 0;
            await foreach (var row in rows.WithCancellation(http.RequestAborted))
            {
                foreach (var column in Columns)
                    WriteCell(csv, column.GetValue(row));
                await csv.EndRecordAsync(http.RequestAborted);
                if (++count % 5000 == 0)
                    await csv.FlushAsync(http.RequestAborted);
            }

            await csv.FlushAsync(http.RequestAborted);
        }

        // Numbers are written as numbers: only text cells are escaped against formula injection.
        static void WriteCell(CsvWriter csv, object? value)
        {
            switch (value)
            {
                case long l:
                    csv.WriteField(l, default);
                    break;
                case int i:
                    csv.WriteField(i, default);
                    break;
                case decimal m:
                    csv.WriteField(m, default);
                    break;
                case double d:
                    csv.WriteField(d, default);
                    break;
                default:
                    csv.WriteField(Format(value));
                    break;
            }
        }

        static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];

        static string Format(object? value) => value switch
        {
            null => "",
            string s => s,
            IEnumerable<string> list => string.Join(' ', list),
            DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            DateTimeOffset d => d.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }
}

/// <summary>A list as CSV (Hosting/ListResults), typed so a handler can name it among its results; ApiDocument adds text/csv and ?format=csv.</summary>
public sealed class CsvList<T>(IAsyncEnumerable<T> rows, string name) : IResult, IEndpointMetadataProvider
{
    public CsvList(IEnumerable<T> rows, string name)
        : this(rows.ToAsyncEnumerable(), name)
    {
    }

    public Task ExecuteAsync(HttpContext httpContext) => ListResults.Csv(rows, name).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new CsvListMetadata());
}
