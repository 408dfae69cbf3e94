using System.Net;
using System.Text.RegularExpressions;
using FraudWatch.Access;
using FraudWatch.Audit;
using FraudWatch.Telegram;

namespace FraudWatch.Groups;

public sealed partial class GroupCommands(GroupStore groups, AuditLog audit) : ICommandModule
{
    public IEnumerable<CommandSpec> Commands =>
    [
        new("bind", Role.Officer, CommandScope.GroupOnly, "/bind <township> <village> [#tag ...]", "bind this group to its village / 绑定本群到乡镇和村", BindAsync),
        new("unbind", Role.Officer, CommandScope.GroupOnly, "/unbind", "stop warnings to this group / 解除绑定", UnbindAsync),
        new("duty", Role.Officer, CommandScope.GroupOnly, "/duty", "make this the duty group for new reports / 设为值班群", DutyAsync),
    ];

    async Task BindAsync(CommandContext context, CancellationToken ct)
    {
        var words = context.Words;
        var places = words.TakeWhile(w => !w.StartsWith('#')).ToArray();
        var tags = words.Skip(places.Length).ToArray();
        if (places.Length != 2 || !places.All(IsPlaceName) || !tags.All(t => TagShape().IsMatch(t)))
        {
            await context.ReplyAsync("Usage: /bind &lt;township&gt; &lt;village&gt; [#tag ...] — e.g. /bind 灵溪镇 渎浦村 #沿海 (names up to 40 characters, tags like #elderly).", ct: ct);
            return;
        }

        var tagValues = tags.Select(t => t[1..].ToLowerInvariant()).Distinct().ToArray();
        var group = await groups.BindVillageAsync(context.ChatId, places[0], places[1], tagValues, context.UserId, ct);
        await audit.WriteAsync(context.Actor, "group.bind", $"group:{context.ChatId}", new { township = places[0], village = places[1], tags = tagValues }, ct);
        var tagText = tagValues.Length == 0 ? "" : $"，标签 {string.Join(' ', tagValues.Select(t => "#" + t))}";
        await context.ReplyAsync($"已绑定：{Html(group!.Township)} {Html(group.Village)}{Html(tagText)}。本群将接收反诈预警，居民可用 /report 举报。 Bound: warnings will reach this group.", ct: ct);
    }

    async Task UnbindAsync(CommandContext context, CancellationToken ct)
    {
        await groups.UnbindAsync(context.ChatId, ct);
        await audit.WriteAsync(context.Actor, "group.unbind", $"group:{context.ChatId}", null, ct);
        await context.ReplyAsync("已解除绑定，本群暂停接收预警。 Unbound: no more warnings here until an officer uses /bind again.", ct: ct);
    }

    async Task DutyAsync(CommandContext context, CancellationToken ct)
    {
        await groups.SetDutyAsync(context.ChatId, ct);
        await audit.WriteAsync(context.Actor, "group.duty", $"group:{context.ChatId}", null, ct);
        await context.ReplyAsync("本群已设为值班群：新的举报会发到这里。 This is now the duty group: new reports will be posted here.", ct: ct);
    }

    internal static bool IsPlaceName(string name) => name.Length is > 0 and <= 40 && !name.Any(c => char.IsControl(c) || c is '<' or '>' or '#');

    static string Html(string? text) => WebUtility.HtmlEncode(text ?? "");

    [GeneratedRegex(@"^#[\p{L}\p{N}_-]{1,32}$")]
    internal static partial Regex TagShape();
}
