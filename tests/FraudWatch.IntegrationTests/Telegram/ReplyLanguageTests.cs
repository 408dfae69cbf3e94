using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FraudWatch.Detection;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Telegram;

/// <summary>
/// Every reply is in one language: in a Chinese group and to Chinese users no English sentence, no internal code and
/// no score reaches the chat; an English group gets English only; /bind … lang:en and PATCH set a group's language.
/// </summary>
public sealed partial class ReplyLanguageTests : IAsyncLifetime
{
    // Ids of this class only (the admin's is every class's; the fake keeps user languages per test).
    const long Officer = 7101, Assistant = 7102, Resident = 7103, Flooder = 7104, Stranger = 7105;
    const long DutyChat = -7100, VillageChat = -7101, VillageB = -7102, VillageC = -7103, EnglishChat = -7104;
    const string Scam = "自称县公安局民警，说我涉嫌洗钱，要我把钱转到安全账户，电话 0577-8888 9999";

    static string Script(string number) =>
        $"【医保局】您的医保卡因异常消费已被冻结，请于今日内致电 {number} 联系工作人员办理解冻，逾期将移交公安机关处理。";

    FakeBotApi telegram = null!;
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        telegram = await FakeBotApi.StartAsync();
        // This fake's users only: the admin's id is every class's, and other classes expect English from it.
        foreach (var user in new[] { Officer, Assistant, Resident, Flooder, Stranger, TestHost.AdminUserId })
            telegram.SetUserLanguage(user, "zh-hans");
        host = await TestHost.StartAsync(telegram, new Dictionary<string, string?> { ["Telegram:CommandsPerMinute"] = "8" });
        await Private(TestHost.AdminUserId, $"/role {Officer} officer");
        await Private(TestHost.AdminUserId, $"/role {Assistant} 警务助理");
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await telegram.DisposeAsync();
    }

    Task<string> Private(long userId, string text) => host.HandledAsync(telegram.PrivateText(userId, text));

    Task<string> InGroup(long chatId, long userId, string text) => host.HandledAsync(telegram.GroupText(chatId, userId, text));

    async Task AddGroupAsync(long chatId, string bind)
    {
        await host.HandledAsync(telegram.BotAdded(chatId, $"群{chatId}", Officer));
        await InGroup(chatId, Officer, bind);
    }

    Task Press(long userId, long chatId, long messageId, string data) => host.HandledAsync(telegram.CallbackQuery(userId, chatId, messageId, data));

    static string Button(SentMessage message, int row = 0, int column = 0) =>
        (string)JsonNode.Parse(message.ReplyMarkupJson!)!["inline_keyboard"]![row]![column]!["callback_data"]!;

    /// <summary>Every text the bot showed: messages, edits, button labels and button answers, with the chat it went to.</summary>
    IReadOnlyList<(string Chat, string Text)> Shown() =>
        telegram.Calls.Where(c => c.StatusCode == 200).SelectMany(c =>
        {
            var chat = c.Params["chat_id"]?.ToString() ?? c.Method;
            var texts = new List<string?> { (string?)c.Params["text"] };
            if (c.Params["reply_markup"] is { } markup)
            {
                var keyboard = markup is JsonValue raw ? JsonNode.Parse((string)raw!) : markup;
                texts.AddRange(keyboard?["inline_keyboard"]?.AsArray().SelectMany(row => row!.AsArray()).Select(b => (string?)b?["text"]) ?? []);
            }

            return c.Method is "sendMessage" or "editMessageText" or "answerCallbackQuery"
                ? texts.OfType<string>().Where(t => t.Length > 0).Select(t => (chat, t))
                : [];
        }).ToList();

    [Fact]
    public async Task Every_command_and_button_in_a_Chinese_chat_answers_without_English_or_codes()
    {
        await host.HandledAsync(telegram.BotAdded(DutyChat, "值班群", Officer));
        await InGroup(DutyChat, Officer, "/duty");
        await host.HandledAsync(telegram.BotAdded(VillageChat, "渎浦村反诈群", Officer));
        await InGroup(VillageChat, Resident, "/report " + Scam);       // not bound yet
        await InGroup(VillageChat, Officer, "/bind 灵溪镇");            // usage
        await InGroup(VillageChat, Officer, "/bind 灵溪镇 渎浦村 lang:fr");
        await InGroup(VillageChat, Officer, "/bind 灵溪镇 渎浦村 #沿海");
        await AddGroupAsync(VillageB, "/bind 灵溪镇 观美村");
        await AddGroupAsync(VillageC, "/bind 马站镇 城门村");

        // Residents in the group.
        foreach (var command in new[] { "/help", "/start", "/report", "/check", "/check 0577-8888 9999", "/check " + Scam, "/stats", "/bind 灵溪镇 渎浦村", "/broadcast" })
            await InGroup(VillageChat, Resident, command);
        await InGroup(VillageChat, Resident, "/report " + Scam);
        var reportId = await host.ScalarAsync<long>("SELECT max(id) FROM reports");
        await InGroup(VillageChat, 7121, "/report " + Script("0577-6123 4567"));
        await InGroup(VillageB, 7122, "/report " + Script("0577-6999 1234"));
        await InGroup(VillageC, 7123, "/report " + Script("021-5555 0101"));
        await InGroup(VillageB, Assistant, "/report 他又打来了 0577-8888 9999");
        await InGroup(VillageC, Officer, "/report 这个号码是骗子 0577-8888 9999");
        await InGroup(VillageChat, 7110, "大家注意这个号码 0577-8888 9999 是不是骗子");   // the warning

        // Officers and assistants, in the group and in private.
        foreach (var command in new[] { "/help", "/stats", "/stats 灵溪镇 week", "/stats 不存在村", "/outcome", $"/outcome {reportId} 劝阻 5000", $"/outcome {reportId} 劝阻",
                     "/outcome 99999 loss", $"/outcome {reportId} not_fraud 100", "/type", $"/type {reportId} 虚假贷款",
                     $"/type {reportId} 虚假贷款", "/type 99999 其他", $"/type {reportId} 传销", "/alert", "/alert 96110 all", "/alert 骗子 all", "/alert 0577-8888 9999 village:渎浦村" })
            await InGroup(VillageChat, Officer, command);
        foreach (var command in new[] { "/start", "/help", "/role", $"/role {Stranger} 居民", "/broadcast", "/broadcast no_such_template all now",
                     "/broadcast romance village:渎浦村 now", "/broadcast romance township:灵溪镇 at 2099-06-01 09:00", "/campaigns", "/cancel", "/cancel 99999",
                     "/preview", "/preview romance", $"/preview romance {VillageChat}", "/preview nothing_here", "/bind 灵溪镇 渎浦村", "/unknown", "/stats" })
            await Private(Officer, command);
        var scheduled = await host.ScalarAsync<long>("SELECT max(id) FROM campaigns");
        await Private(Officer, $"/cancel {scheduled}");
        await Private(Officer, $"/cancel {scheduled}");
        await Private(Assistant, "/role 7199 admin");

        // A resident in private: a forwarded check, its buttons, the link to follow a report, /report.
        await Private(Resident, "/start");
        await Private(Resident, "您的快递丢失，请联系理赔客服 0577-8888 9999 退款");
        var check = telegram.SentTo(Resident).Last();
        await Press(Resident, Resident, check.MessageId, Button(check));
        await Press(Resident, Resident, check.MessageId, "chk:r:999999");
        await Private(Resident, $"/start r{reportId}");
        await Private(Stranger, $"/start r{reportId}");
        await Private(Resident, "/report 刚才有人冒充客服让我退款 0577-6111 2222");

        // The duty post's buttons: a resident, an assistant, a second press, a broken one; the wave alert's button.
        var newId = await host.ScalarAsync<long>("SELECT max(id) FROM reports");
        var post = await telegram.WaitForAsync(t => t.SentTo(DutyChat).LastOrDefault(m => m.Text.Contains($"#{newId}</b>", StringComparison.Ordinal)), TimeSpan.FromSeconds(20));
        await Press(Resident, DutyChat, post.MessageId, Button(post));
        await Press(Assistant, DutyChat, post.MessageId, Button(post, 0, 1));
        await Press(Officer, DutyChat, post.MessageId, Button(post));
        await Press(Officer, DutyChat, post.MessageId, "rep:x:y");
        var wave = telegram.SentTo(DutyChat).Single(m => m.Text.Contains("🌊", StringComparison.Ordinal));
        await Press(Resident, DutyChat, wave.MessageId, Button(wave));
        await Press(Officer, DutyChat, wave.MessageId, Button(wave));

        // A resident flooding commands gets one polite line; the group is unbound at the end.
        for (var i = 0; i < 10; i++)
            await InGroup(VillageChat, Flooder, "/check 110");
        await InGroup(VillageChat, Officer, "/unbind");
        await host.HandledAsync(telegram.BotRemoved(VillageB, kicked: true));
        await host.HandledAsync(telegram.BotAdded(VillageB, "观美村", Officer));

        var shown = Shown();
        Assert.True(shown.Count > 90, $"only {shown.Count} texts were shown");
        Assert.Contains(shown, s => s.Text.Contains("太频繁", StringComparison.Ordinal));
        Assert.Contains(shown, s => s.Text.Contains("反诈提醒", StringComparison.Ordinal));
        Assert.Contains(shown, s => s.Text.Contains("诈骗波次", StringComparison.Ordinal));
        Assert.Contains(shown, s => s.Text.Contains("已记录", StringComparison.Ordinal));
        var problems = shown.SelectMany(s => Problems(s.Text).Select(p => $"{s.Chat}: {p} in «{s.Text}»")).Distinct().ToList();
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
        // Phones as people write them, never in the stored E.164 form.
        Assert.Contains(shown, s => s.Text.Contains("0577 8888 9999", StringComparison.Ordinal));
        Assert.DoesNotContain(shown, s => Regex.IsMatch(s.Text, @"\+86\d{9,}"));
    }

    [Fact]
    public async Task An_English_group_gets_English_only_and_English_warnings()
    {
        await host.HandledAsync(telegram.BotAdded(DutyChat, "duty", Officer));
        await InGroup(DutyChat, Officer, "/duty");
        await AddGroupAsync(EnglishChat, "/bind Lingxi Dupu lang:en");
        foreach (var command in new[] { "/help", "/start", "/report", "/check", "/report A man said he was a police officer and told me to pay 5000 to a safe account, call 0577-8888 9999",
                     "/check 0577-8888 9999", "/stats", "/outcome 1 劝阻", "/unknown_for_another_bot" })
            await InGroup(EnglishChat, Resident, command);
        await InGroup(EnglishChat, Officer, "/outcome 1 dissuaded");
        await InGroup(EnglishChat, Officer, "/bind Lingxi Dupu");

        // Every answer after the hello, which went out before the group was bound (in the county's language).
        var answers = telegram.SentTo(EnglishChat).Where(m => m.ReplyToMessageId is not null).Select(m => m.Text).ToList();
        Assert.True(answers.Count >= 9, string.Join("\n", answers));
        Assert.All(answers, text => Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", text));
        Assert.Contains(answers, a => Regex.IsMatch(a, "Report <b>#[0-9]+</b> received"));
        Assert.Contains(answers, a => a.Contains("0577 8888 9999", StringComparison.Ordinal));
        // /bind without lang: keeps the group's language.
        Assert.Contains("Bound to Lingxi Dupu", answers[^1], StringComparison.Ordinal);

        // Warning templates follow the group's language too.
        using var officer = host.Client("officer");
        var preview = await officer.PostAsJsonAsync("/api/v1/campaigns/preview", new { template = "impersonate_police", chatId = EnglishChat });
        var text = (await preview.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString()!;
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}{3}", text.Replace("Lingxi", "", StringComparison.Ordinal));
        Assert.Contains("police", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Bind_lang_and_patch_set_the_group_language_and_refuse_bad_values()
    {
        await host.HandledAsync(telegram.BotAdded(VillageChat, "渎浦村反诈群", Officer));
        await InGroup(VillageChat, Officer, "/bind 灵溪镇 渎浦村 lang:xx");
        Assert.Equal("pending", await host.ScalarAsync<string>("SELECT status FROM groups WHERE chat_id = @VillageChat", new { VillageChat }));
        Assert.Contains("lang:en", telegram.SentTo(VillageChat).Last().Text, StringComparison.Ordinal);

        await InGroup(VillageChat, Officer, "/bind 灵溪镇 渎浦村 lang:en");
        Assert.Equal("en", await host.ScalarAsync<string>("SELECT language FROM groups WHERE chat_id = @VillageChat", new { VillageChat }));
        Assert.StartsWith("Bound to 灵溪镇 渎浦村", telegram.SentTo(VillageChat).Last().Text, StringComparison.Ordinal);

        using var analyst = host.Client("analyst");
        Assert.Contains((await analyst.GetFromJsonAsync<JsonElement>("/api/v1/groups")).EnumerateArray(),
            g => g.GetProperty("chatId").GetInt64() == VillageChat && g.GetProperty("language").GetString() == "en");
        var csv = await analyst.GetStringAsync("/api/v1/groups?format=csv");
        Assert.Contains(",en,", csv.Split('\n').Single(l => l.StartsWith(VillageChat.ToString(CultureInfo.InvariantCulture) + ",", StringComparison.Ordinal)), StringComparison.Ordinal);

        using var officer = host.Client("officer");
        var bad = await officer.PatchAsJsonAsync($"/api/v1/groups/{VillageChat}", new { language = "fr", village = "别的村" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("language", out _));
        Assert.Equal(("en", "渎浦村"), Assert.Single(await host.QueryAsync<(string, string)>("SELECT language, village FROM groups WHERE chat_id = @VillageChat", new { VillageChat })));

        var patched = await officer.PatchAsJsonAsync($"/api/v1/groups/{VillageChat}", new { language = "zh" });
        Assert.Equal("zh-CN", (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("language").GetString());
        await InGroup(VillageChat, Resident, "/help");
        Assert.StartsWith("反诈助手", telegram.SentTo(VillageChat).Last().Text, StringComparison.Ordinal);
    }

    /// <summary>What a Chinese reader should not meet: English words, snake_case or fraud-type codes, scores.</summary>
    static IEnumerable<string> Problems(string text)
    {
        var plain = WebUtility.HtmlDecode(Tags().Replace(text, " "));
        if (Score().Match(plain) is { Success: true } score)
            yield return $"a score ({score.Value})";
        if (SnakeCase().Match(plain) is { Success: true } snake)
            yield return $"a code ({snake.Value})";
        foreach (var code in FraudTypes.All.Append(FraudTypes.Other))
        {
            if (Regex.IsMatch(plain, $@"\b{code}\b"))
                yield return $"a fraud type code ({code})";
        }

        // What an officer types stays (commands, targets, lang:en, tags), as do links, ids, pseudonyms and names of test users.
        var words = Literals().Replace(plain, " ");
        foreach (Match word in AsciiWord().Matches(words))
        {
            if (!Allowed.Contains(word.Value))
                yield return $"an English word ({word.Value})";
        }
    }

    static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "Telegram", "FraudWatch", "App", "all", "now", "at", "cron", "hxxp" };

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"(?<![\d.])[01]\.\d{1,4}(?![\d.万])")]
    private static partial Regex Score();

    [GeneratedRegex(@"\b[a-z]+_[a-z_]+\b")]
    private static partial Regex SnakeCase();

    [GeneratedRegex(@"https?://\S+|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|/[a-z_]+|#[\w-]+|\b(?:lang|township|village|tag|group):\S*|@\w+|\bR-[A-Z0-9]{8}\b|[A-Za-z0-9_]*[0-9][A-Za-z0-9_]*")]
    private static partial Regex Literals();

    [GeneratedRegex("[A-Za-z]+")]
    private static partial Regex AsciiWord();
}
