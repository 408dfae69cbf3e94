using System.Net.Http.Json;
using System.Text.Json;
using FraudWatch.Groups;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Campaigns;

/// <summary>Shared steps for campaign tests: bound groups, creating campaigns over HTTP, waiting for runs.</summary>
public static class CampaignKit
{
    public const long Officer = 2001;

    /// <summary>Makes active groups through the real group store, the way /bind does.</summary>
    public static async Task<long[]> BindGroupsAsync(TestHost host, string township, int count, long firstChatId, string? tag = null, int members = 10)
    {
        var groups = host.Get<GroupStore>();
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            var chatId = firstChatId - i;
            await groups.JoinedAsync(chatId, $"{township} group {i}", "group", Officer);
            await groups.BindVillageAsync(chatId, township, $"{township}村{i}", tag is null ? [] : [tag], Officer);
            await groups.SetMembersAsync(chatId, members);
            ids[i] = chatId;
        }

        return ids;
    }

    public static async Task<JsonElement> CreateAsync(TestHost host, object body)
    {
        using var client = host.Client("officer");
        var response = await client.PostAsJsonAsync("/api/v1/campaigns", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetAsync(TestHost host, long id)
    {
        using var client = host.Client("officer");
        return (await client.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}")).Clone();
    }

    /// <summary>Waits until every run of the campaign has finished (or the given count of runs exist and finished).</summary>
    public static Task<long> FinishedAsync(TestHost host, long campaignId, int runs = 1, int seconds = 60) =>
        host.WaitForAsync<long>(
            "SELECT count(*) FROM campaign_runs WHERE campaign_id = @campaignId AND status <> 'running'",
            new { campaignId }, n => n >= runs, seconds);

    public static Task<IReadOnlyList<(long ChatId, string Status, string? Error)>> DeliveriesAsync(TestHost host, long campaignId) =>
        host.QueryAsync<(long, string, string?)>(
            "SELECT d.chat_id, d.status, d.error FROM deliveries d JOIN campaign_runs r ON r.id = d.run_id WHERE r.campaign_id = @campaignId ORDER BY d.chat_id",
            new { campaignId });

    public static Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Broadcast:MessagesPerSecond"] = "200",
            ["Broadcast:RetryBaseSeconds"] = "0.1",
            ["Broadcast:MaxAttempts"] = "3",
            ["Broadcast:SendTimeoutSeconds"] = "2",
        };
        foreach (var (key, value) in extra)
            settings[key] = value;
        return settings;
    }
}
