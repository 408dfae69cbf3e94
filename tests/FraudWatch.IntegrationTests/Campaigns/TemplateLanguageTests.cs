using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Campaigns;

/// <summary>
/// A county whose templates folder holds one template in English only: an English group (first by id) and a Chinese one
/// (no language set: the county default, zh-CN). Dry-run.
/// </summary>
public sealed class TemplateLanguageTests : IAsyncLifetime
{
    readonly string templates = Path.Combine(Path.GetTempPath(), "fraudwatch-templates-" + Guid.NewGuid().ToString("N"));
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "templates"), "*.liquid", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(templates, Path.GetRelativePath(Path.Combine(AppContext.BaseDirectory, "templates"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        await File.WriteAllTextAsync(Path.Combine(templates, "en", "only_en.liquid"), "---\ntitle: English only\n---\nBeware, {{ group.village }}: call {{ hotline }}.\n");
        host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["FraudWatch:TemplatesDirectory"] = templates });
        await using var connection = await host.Db.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO groups (chat_id, title, status, township, village, members, language) VALUES
              (-11, 'Yutang group', 'active', '灵溪镇', '渔塘村', 50, 'en'),
              (-12, '中兴村反诈群', 'active', '灵溪镇', '中兴村', 80, NULL);
            """);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        Directory.Delete(templates, recursive: true);
    }

    // Before, only the first matching group (the English one) was rendered: the campaign was created (201) and every Chinese
    // group's delivery then failed with "no zh-CN version".
    [Fact]
    public async Task A_template_missing_in_a_targeted_groups_language_is_refused_naming_the_file()
    {
        using var client = host.Client("officer");

        var response = await client.PostAsJsonAsync("/api/v1/campaigns", new { template = "only_en", target = "township:灵溪镇", schedule = "now" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("templates/zh-CN/only_en.liquid", problem.GetProperty("errors").GetProperty("template")[0].GetString());
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM campaigns"));

        var english = await client.PostAsJsonAsync("/api/v1/campaigns", new { template = "only_en", target = "village:渔塘村", schedule = "now" });
        Assert.Equal(HttpStatusCode.Created, english.StatusCode);
    }
}
