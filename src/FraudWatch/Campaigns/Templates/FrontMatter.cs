namespace FraudWatch.Campaigns;

/// <summary>Splits "---\ntitle: ...\n---\n" from a template, keeping the body on its original line numbers.</summary>
internal static class FrontMatter
{
    public static (string? Title, string Body) Split(string source)
    {
        var lines = source.ReplaceLineEndings("\n").Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            return (null, string.Join('\n', lines));
        }

        var end = Array.FindIndex(lines, 1, line => line.Trim() == "---");
        if (end < 0)
        {
            return (null, string.Join('\n', lines));
        }

        string? title = null;
        for (var i = 1; i < end; i++)
        {
            var colon = lines[i].IndexOf(':');
            if (colon > 0 && lines[i][..colon].Trim() == "title")
            {
                title = lines[i][(colon + 1)..].Trim().Trim('"', '\'');
            }
        }

        // Blank lines in place of the front matter, so Fluid's line numbers are the file's.
        var body = new string('\n', end + 1) + string.Join('\n', lines[(end + 1)..]);
        return (title, body);
    }
}
