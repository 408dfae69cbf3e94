using System.Text.Json.Nodes;

namespace FraudWatch.IntegrationTests.FakeTelegram;

/// <summary>Everything the fake knows about one chat. Callers lock the instance while they read or change it.</summary>
internal sealed class FakeChat(long id)
{
    // Telegram's supergroup and channel ids are -100xxxxxxxxxx; basic groups are small negatives.
    private const long SupergroupIdCeiling = -1_000_000_000_000;

    public long Id { get; } = id;
    public string Type { get; set; } = id > 0 ? "private" : id <= SupergroupIdCeiling ? "supergroup" : "group";
    public string? Title { get; set; }
    public int MemberCount { get; set; }
    public long LastMessageId { get; set; }
    public long? PinnedMessageId { get; set; }

    /// <summary>"member", "administrator", "left" or "kicked": what getChatMember answers for the bot.</summary>
    public string BotStatus { get; set; } = "member";
    public long? MigratedTo { get; set; }
    public Dictionary<long, JsonObject> Messages { get; } = [];
    public List<SentMessage> Sent { get; } = [];
    public Dictionary<long, int> SentIndex { get; } = [];
    public Dictionary<long, string> MemberStatus { get; } = [];
    public List<ScriptedFault> Faults { get; } = [];
    public Queue<long> SendTicks { get; } = new();

    public JsonObject Json() => Type == "private"
        ? new JsonObject { ["id"] = Id, ["first_name"] = FakeUsers.FirstName(Id), ["username"] = FakeUsers.Username(Id), ["type"] = "private" }
        : new JsonObject { ["id"] = Id, ["title"] = Title ?? $"Test group {Id}", ["type"] = Type };

    /// <summary>The error Telegram gives for a chat the bot has left, was kicked from, or that became a supergroup.</summary>
    public BotAnswer? StateError()
    {
        if (MigratedTo is { } to)
            return BotAnswer.From(FaultKind.Migrated(to));
        return BotStatus switch
        {
            "kicked" => BotAnswer.From(FaultKind.Kicked),
            "left" => BotAnswer.From(FaultKind.NotMember),
            _ => null,
        };
    }

    public FaultKind? TakeFault()
    {
        for (var i = 0; i < Faults.Count; i++)
        {
            var fault = Faults[i];
            if (fault.Remaining <= 0)
                continue;
            fault.Remaining--;
            return fault.Kind;
        }
        return null;
    }
}

internal sealed class ScriptedFault(FaultKind kind, int times)
{
    public FaultKind Kind { get; } = kind;
    public int Remaining { get; set; } = times;
}

internal static class FakeUsers
{
    public static string FirstName(long userId) => $"User{userId}";
    public static string Username(long userId) => $"user{userId}";

    public static JsonObject Json(long userId, string languageCode) => new()
    {
        ["id"] = userId,
        ["is_bot"] = false,
        ["first_name"] = FirstName(userId),
        ["username"] = Username(userId),
        ["language_code"] = languageCode,
    };
}
