using System.Text.RegularExpressions;
using FraudWatch.Access;
using FraudWatch.Audit;
using FraudWatch.Telegram;

namespace FraudWatch.Groups;

public sealed partial class GroupCommands(GroupStore groups, AuditLog audit, Microsoft.Extensions.Options.IOptions<FraudWatchOptions> options) : ICommandModule
{
    public IEnumerable<CommandSpec> Commands =>
    [
        new("bind", Role.Officer, CommandScope.GroupOnly, "/bind <township> <village> [#tag ...] [lang:zh|en]", "bind this group to its village / 绑定本群到乡镇和村", BindAsync)
            { ZhUsage = "/bind <乡镇> <村> [#标签 ...] [lang:zh|en]", WorksInLeftGroup = true },
        new("unbind", Role.Officer, CommandScope.GroupOnly, "/unbind", "stop warnings to this group / 解除绑定", UnbindAsync),
        new("duty", Role.Officer, CommandScope.GroupOnly, "/duty", "make this the duty group for new reports / 设为值班群", DutyAsync),
    ];

    async Task BindAsync(CommandContext context, CancellationToken ct)
    {
        var languageWords = context.Words.Where(w => w.StartsWith(LanguagePrefix, StringComparison.OrdinalIgnoreCase)).ToArray();
        var words = context.Words.Except(languageWords).ToArray();
        string? language = null;
        if (languageWords.Length > 0)
        {
            language = languageWords.Length == 1 ? ParseLanguage(languageWords[0][LanguagePrefix.Length..]) : null;
            if (language is null)
            {
                await context.ReplyAsync(BotText.BadLanguage(string.Join(' ', languageWords), context.Language), ct: ct);
                return;
            }
        }

        var places = words.TakeWhile(w => !w.StartsWith('#')).ToArray();
        var tags = words.Skip(places.Length).ToArray();
        if (places.Length != 2 || !places.All(IsPlaceName) || !tags.All(t => TagShape().IsMatch(t)))
        {
            await context.ReplyAsync(BotText.BindUsage(context.Language), ct: ct);
            return;
        }

        var tagValues = tags.Select(t => t[1..].ToLowerInvariant()).Distinct().ToArray();
        var group = await groups.BindVillageAsync(context.ChatId, places[0], places[1], tagValues, context.UserId, language, ct);
        await audit.WriteAsync(context.Actor, "group.bind", $"group:{context.ChatId}", new { township = places[0], village = places[1], tags = tagValues, language }, ct);
        var answerIn = ReplyLanguage.Choose(group!.Language, null, options.Value.CountyLanguage);
        await context.ReplyAsync(BotText.Bound(group.Township, group.Village, tagValues, answerIn), ct: ct);
    }

    async Task UnbindAsync(CommandContext context, CancellationToken ct)
    {
        await groups.UnbindAsync(context.ChatId, ct);
        await audit.WriteAsync(context.Actor, "group.unbind", $"group:{context.ChatId}", null, ct);
        await context.ReplyAsync(BotText.Unbound(context.Language), ct: ct);
    }

    async Task DutyAsync(CommandContext context, CancellationToken ct)
    {
        // The duty group sees every report: who reported what, from which village. A village group's residents must not.
        if (await groups.GetAsync(context.ChatId, ct) is { Status: "active" } village)
        {
            await context.ReplyAsync(BotText.DutyNotInVillageGroup(village.Township, village.Village, context.Language), ct: ct);
            return;
        }

        await groups.SetDutyAsync(context.ChatId, ct);
        await audit.WriteAsync(context.Actor, "group.duty", $"group:{context.ChatId}", null, ct);
        await context.ReplyAsync(BotText.DutySet(context.Language), ct: ct);
    }

    const string LanguagePrefix = "lang:";

    /// <summary>A group language as officers write it (zh, zh-CN, en) in its stored form, or null.</summary>
    internal static string? ParseLanguage(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "zh" or "zh-cn" => ReplyLanguage.Chinese,
        "en" => ReplyLanguage.English,
        _ => null,
    };

    internal static bool IsPlaceName(string name) => name.Length is > 0 and <= 40 && !name.Any(c => char.IsControl(c) || c is '<' or '>' or '#');

    [GeneratedRegex(@"^#[\p{L}\p{N}_-]{1,32}$")]
    internal static partial Regex TagShape();
}
