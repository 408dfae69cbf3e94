using System.Globalization;
using FraudWatch.Access;

namespace FraudWatch.Telegram;

/// <summary>
/// What the bot says in chats about commands, roles, groups, campaigns and statistics, in one language each (zh-CN or
/// en, see <see cref="ReplyLanguage"/>). Reports, checks, warnings and duty posts are in Reports/ResidentText. Strings
/// are Telegram HTML; every value interpolated here is encoded.
/// </summary>
public static class BotText
{
    static bool En(string lang) => ReplyLanguage.IsEnglish(lang);

    static string Html(string? text) => TelegramHtml.Encode(text ?? "");

    static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    public static string RoleName(Role role, string lang) => En(lang) ? role.Name() : RoleNames.Chinese(role);

    // The command router.
    public static string TooManyCommands(string lang) => En(lang)
        ? "You are sending commands too fast. Please try again in a minute. In an emergency call 110."
        : "您发命令太频繁了，请过一分钟再试。紧急情况请拨打 110。";

    /// <summary>A group command sent in private. /duty belongs in the officers' own group, never a village group (it is refused there).</summary>
    public static string GroupOnly(string name, string lang) => (name, En(lang)) switch
    {
        ("duty", true) => "/duty works only inside a group: send it in the officers' own group, where new reports should go.",
        ("duty", false) => "/duty 只能在群里使用：请在民警自己的群里发送，新的举报会发到那里。",
        (_, true) => $"/{Html(name)} works only inside a village group.",
        _ => $"/{Html(name)} 只能在村群里使用。",
    };

    public static string GroupNotActive(string lang) => En(lang)
        ? "I am not switched on in this group: an officer can switch me on again with /bind &lt;township&gt; &lt;village&gt;."
        : "本群的反诈助手未启用：请民警发送 /bind &lt;乡镇&gt; &lt;村&gt; 重新启用。";

    public static string PrivateOnly(string name, string lang) => En(lang)
        ? $"/{Html(name)} works only in a private chat with me."
        : $"/{Html(name)} 请私聊我使用。";

    public static string NeedsRole(string name, Role role, string lang) => En(lang)
        ? $"/{Html(name)} needs the {role.Name()} role."
        : $"/{Html(name)} 需要{RoleNames.Chinese(role)}权限。";

    public static string NeedsPerson(string name, string lang) => En(lang)
        ? $"/{Html(name)} needs to know who you are, and this was sent anonymously or as a channel. Send it as yourself (an admin: turn off \"Remain anonymous\"), or in a private chat with me."
        : $"/{Html(name)} 需要知道是谁发的，但这条消息是匿名或以频道身份发出的。请以本人身份发送（管理员请关闭“匿名发言”），或私聊我。";

    public static string HelpHeading(string lang) => En(lang) ? "FraudWatch — commands you can use:" : "反诈助手 — 您可以用的命令：";

    public static string HelpFooter(string lang) => En(lang) ? "Anti-fraud hotline: 96110" : "反诈专线：96110";

    /// <summary>Command descriptions are written "English / 中文" in the command table; a reply shows one.</summary>
    public static string Describe(string description, string lang)
    {
        var at = description.LastIndexOf(" / ", StringComparison.Ordinal);
        return at < 0 ? description : En(lang) ? description[..at] : description[(at + 3)..];
    }

    // /start and /role.
    public static string Start(long userId, string lang) => En(lang)
        ? "Hello! I am the police anti-fraud helper.\n" +
          "• Forward me a suspicious message, or send a screenshot: I will tell you if it looks like a scam.\n" +
          "• /report tells the police about it.\n" +
          $"Your Telegram id is <code>{N(userId)}</code>.\n" +
          "Not sure? Call the anti-fraud hotline 96110."
        : "您好！我是派出所的反诈助手。\n" +
          "• 把可疑短信、聊天转发给我，或发截图，我帮您看看是不是诈骗；\n" +
          "• 发 /report 加内容，就能向民警举报。\n" +
          $"您的 Telegram 编号是 <code>{N(userId)}</code>。\n" +
          "拿不准请拨打反诈专线 96110。";

    public static string RoleUsage(string lang) => En(lang)
        ? "Usage: /role &lt;user-id&gt; &lt;resident|assistant|officer|analyst|admin&gt;, or reply to someone's message with /role &lt;role&gt;."
        : "用法：/role 用户编号 角色，或回复某人的消息发送 /role 角色。角色可写 居民、警务助理、民警、分析员、管理员。";

    public static string RoleNotAPerson(string lang) => En(lang)
        ? "That is not a person's account (a channel post, an anonymous admin, a bot or Telegram itself), so it cannot hold a role. Use /role &lt;user-id&gt; &lt;role&gt; instead; the person sees their id by sending /start to me in a private chat."
        : "这不是个人账号（频道消息、匿名管理员、机器人或 Telegram 官方），不能设置角色。请改用 /role 用户编号 角色；对方私聊我发送 /start 即可看到自己的编号。";

    public static string RoleSet(long userId, Role role, string lang) => En(lang)
        ? $"User {N(userId)} is now {role.Name()}."
        : $"用户 {N(userId)} 现在是{RoleNames.Chinese(role)}。";

    // Groups: /bind, /unbind, /duty, joining.
    public static string BindUsage(string lang) => En(lang)
        ? "Usage: /bind &lt;township&gt; &lt;village&gt; [#tag ...] [lang:zh|en] — e.g. /bind 灵溪镇 渎浦村 #沿海 (names up to 40 characters, tags like #elderly)."
        : "用法：/bind 乡镇 村 [#标签 ...] [lang:en]，例如 /bind 灵溪镇 渎浦村 #沿海（名称不超过 40 个字，标签如 #老人）。";

    public static string BadLanguage(string value, string lang) => En(lang)
        ? $"Unknown language '{Html(value)}': use lang:zh or lang:en. Nothing was changed."
        : $"不认识的语言“{Html(value)}”：请写 lang:zh（中文）或 lang:en（英文）。没有做任何改动。";

    public static string Bound(string? township, string? village, IReadOnlyList<string> tags, string lang)
    {
        var tagText = tags.Count == 0 ? "" : string.Join(' ', tags.Select(t => "#" + Html(t)));
        return En(lang)
            ? $"Bound to {Html(township)} {Html(village)}{(tagText.Length > 0 ? ", tags " + tagText : "")}. Warnings will reach this group, and residents can /report here."
            : $"已绑定：{Html(township)} {Html(village)}{(tagText.Length > 0 ? "，标签 " + tagText : "")}。本群将接收反诈预警，居民可用 /report 举报。";
    }

    public static string Unbound(string lang) => En(lang)
        ? "Unbound: no more warnings here until an officer uses /bind again."
        : "已解除绑定，本群暂停接收预警，直到民警再次发送 /bind。";

    public static string ButtonInvalid(string lang) => En(lang) ? "This button is no longer valid." : "这个按钮已失效。";

    public static string DutyNotInVillageGroup(string? township, string? village, string lang) => En(lang)
        ? $"This group is bound to {Html(township)} {Html(village)}: its residents would see every report in the county, with who reported it. Send /duty in the officers' own group, or /unbind this one first."
        : $"本群已绑定为 {Html(township)} {Html(village)} 的村民群；值班群会收到全县的每条举报和举报人，群里的村民都会看到。请在民警自己的群里发送 /duty，或先在本群 /unbind。";

    public static string DutySet(string lang) => En(lang)
        ? "This is now the duty group: new reports will be posted here."
        : "本群已设为值班群：新的举报会发到这里。";

    public static string Hello(string lang) => En(lang)
        ? "Hello! I am FraudWatch, the anti-fraud helper of the local police station.\n" +
          "• I post anti-fraud warnings in this group;\n" +
          "• for a suspicious call, message or link, send /report with what happened, or /check a number or link;\n" +
          "• I keep only reports and the messages that trigger a warning, never the rest of the group's talk.\n" +
          "A community officer must send /bind &lt;township&gt; &lt;village&gt; here to switch me on."
        : "您好！我是反诈助手 FraudWatch，由辖区派出所使用。\n" +
          "• 我会在本群发布防诈骗预警；\n" +
          "• 遇到可疑电话、短信、链接，请发 /report 加内容举报，或用 /check 查询号码、链接；\n" +
          "• 我只保存举报内容和触发预警的消息，不保存群里的其他聊天。\n" +
          "请社区民警在本群发送 /bind &lt;乡镇&gt; &lt;村&gt; 完成绑定后启用。";

    public static string Back(string? township, string? village, string lang) => En(lang)
        ? $"Hello, the anti-fraud helper is back. This group is still bound to {Html(township)} {Html(village)} and will keep getting warnings."
        : $"您好，反诈助手回来了。本群仍绑定 {Html(township)} {Html(village)}，将继续接收预警。";

    // Campaigns.
    public static string BroadcastUsage(string lang) => En(lang)
        ? Html("Usage: /broadcast <template> <target> [now | at yyyy-MM-dd HH:mm | cron <5 fields>], e.g. /broadcast impersonate_police township:灵溪镇 at 2025-06-01 09:00")
        : Html("用法：/broadcast 模板名 目标 [now | at 日期 时间 | cron 五段]，例如 /broadcast 模板名 township:灵溪镇 at 2025-06-01 09:00。目标可写 all、township:乡镇、village:村、tag:标签、group:群号，多个用逗号隔开；模板名可在网页控制台的推送页面查看。");

    /// <summary>Why a campaign was not created: the service's own reason in English, a plain line per field in Chinese.</summary>
    public static string NotCreated(string field, string? error, string lang, CronProblem? problem = null) => En(lang)
        ? Html($"Not created ({field}): {error}")
        : field switch
        {
            "template" => "推送没有创建：没有这个模板，或模板有误。模板名可用 /preview 试一试。",
            "target" => "推送没有创建：目标写法不对，或目标里没有已绑定的群。目标可写 all、township:乡镇、village:村、tag:标签、group:群号。",
            "schedule" when problem == CronProblem.NeverFires =>
                "推送没有创建：这个 cron 永远不会触发（比如 2 月 30 日），请检查日和月。",
            "schedule" when problem == CronProblem.TooOften =>
                "推送没有创建：这个 cron 太频繁，每个群每次都会收到一条预警；最多每 15 分钟一次。例如 cron 0 9 * * 1 是每周一 9:00。",
            "schedule" => "推送没有创建：时间写法不对。可写 now、at 2025-06-01 09:00（本地时间，不能是过去），或 cron 加五段。",
            _ => "推送没有创建，请检查命令后再试。",
        };

    public static string CampaignStarted(long id, int groups, string lang) => En(lang)
        ? $"Campaign #{N(id)} started now for {N(groups)} groups. /cancel {N(id)} stops it."
        : $"推送 #{N(id)} 已开始，发往 {N(groups)} 个群。发送 /cancel {N(id)} 可停止。";

    /// <param name="next">A recurring campaign's next run in the zone's local time, or null.</param>
    public static string CampaignScheduled(long id, string schedule, string zone, DateTimeOffset? next, string lang) => En(lang)
        ? $"Campaign #{N(id)} scheduled: {Html(schedule)} ({Zone(zone, lang)}{(next is { } n ? "; next run " + Local(n) : "")}). /cancel {N(id)} stops it."
        : $"推送 #{N(id)} 已安排：{Html(Schedule(schedule, lang))}（{Zone(zone, lang)}{(next is { } n2 ? "，下次 " + Local(n2) : "")}）。发送 /cancel {N(id)} 可取消。";

    public static string NoCampaigns(string lang) => En(lang) ? "No campaigns yet. Start one with /broadcast." : "暂无推送。用 /broadcast 发起一次。";

    public static string CampaignsHeading(string zone, string lang) => En(lang) ? $"Recent campaigns (times in {Zone(zone, lang)}):" : $"最近的推送（{Zone(zone, lang)}）：";

    /// <summary>The county's time zone as officers read it: its IANA name, or 北京时间 for Asia/Shanghai in Chinese.</summary>
    static string Zone(string zone, string lang) => En(lang) ? Html(zone) : zone == "Asia/Shanghai" ? "北京时间" : Html(zone) + " 时间";

    public static string CampaignLine(long id, string what, string target, string schedule, string status,
        int sent, int targeted, int failed, int skipped, int pending, DateTimeOffset? next, string lang) => En(lang)
        ? $"#{N(id)} {Html(what)} → {Html(target)} ({Html(schedule)}) {Html(status)}: {N(sent)}/{N(targeted)} sent, {N(failed)} failed, {N(skipped)} skipped, {N(pending)} pending{(next is { } n ? "; next run " + Local(n) : "")}"
        : $"#{N(id)} {Html(what)} → {Html(Target(target, lang))}（{Html(Schedule(schedule, lang))}）{CampaignStatus(status, lang)}：已发 {N(sent)}/{N(targeted)}，失败 {N(failed)}，跳过 {N(skipped)}，待发 {N(pending)}{(next is { } n2 ? "；下次 " + Local(n2) : "")}";

    static string Local(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string FreeTextCampaign(string lang) => En(lang) ? "own text" : "自定义内容";

    public static string CancelUsage(string lang) => En(lang)
        ? "Usage: /cancel &lt;campaign-id&gt; — the number /campaigns shows."
        : "用法：/cancel 推送编号（/campaigns 里显示的号码）。";

    public static string Cancelled(long id, bool? result, string lang) => (result, En(lang)) switch
    {
        (null, true) => $"No campaign #{N(id)}; /campaigns lists them.",
        (null, false) => $"没有推送 #{N(id)}，/campaigns 可以查看。",
        (false, true) => $"Campaign #{N(id)} had already finished or was cancelled.",
        (false, false) => $"推送 #{N(id)} 已经结束或已取消。",
        (true, true) => $"Campaign #{N(id)} cancelled: nothing more will be sent.",
        (true, false) => $"推送 #{N(id)} 已取消，不会再发送。",
    };

    public static string PreviewUsage(string lang) => En(lang)
        ? "Usage: /preview &lt;template&gt; [&lt;chat-id&gt;]"
        : "用法：/preview 模板名 [群号]";

    public static string CannotPreview(string? error, string lang) => En(lang)
        ? Html(error ?? "Cannot preview.")
        : "无法预览：没有这个模板，或找不到这个群。";

    static string CampaignStatus(string status, string lang) => status switch
    {
        "scheduled" => "已安排",
        "running" => "发送中",
        "done" => "已完成",
        "cancelled" => "已取消",
        "expired" => "已过期",
        _ => En(lang) ? status : "",
    };

    /// <summary>"township:灵溪镇,tag:沿海" as 乡镇 灵溪镇、标签 沿海.</summary>
    static string Target(string target, string lang) => En(lang) ? target : string.Join("、", target.Split(',', StringSplitOptions.TrimEntries).Select(part =>
    {
        if (part.Equals("all", StringComparison.OrdinalIgnoreCase))
            return "全部群";
        var colon = part.IndexOf(':', StringComparison.Ordinal);
        var value = colon < 0 ? part : part[(colon + 1)..];
        return (colon < 0 ? "" : part[..colon].ToLowerInvariant()) switch
        {
            "township" => "乡镇 " + value,
            "village" => "村 " + value,
            "tag" => "标签 " + value,
            "group" => "群 " + value,
            _ => part,
        };
    }));

    static string Schedule(string schedule, string lang) => En(lang) ? schedule
        : schedule == "now" ? "立即"
        : schedule.StartsWith("at ", StringComparison.Ordinal) ? "定时 " + schedule[3..]
        : schedule.StartsWith("cron ", StringComparison.Ordinal) ? "周期 " + schedule[5..]
        : schedule;

    // Statistics.
    public static string NoSuchPlace(string place, string lang) => En(lang)
        ? $"No bound group in a township or village called {Html(place)}. Usage: /stats [township|village] [day|week|month|quarter]"
        : $"没有叫“{Html(place)}”的已绑定乡镇或村。用法：/stats [乡镇或村] [今天|本周|本月|本季度]";

    public static string County(string lang) => En(lang) ? "county" : "全县";

    public static string Stats(string where, string period, long reports, string reportsDelta, long prevented, string preventedDelta, decimal protectedAmount,
        long losses, decimal lost, double? lossRate, string lang)
    {
        var money = (decimal m) => m.ToString("N0", CultureInfo.InvariantCulture);
        return En(lang)
            ? $"<b>{Html(where)} · {Html(period)}</b>\n" +
              $"reports: {N(reports)} ({reportsDelta})\n" +
              $"prevented: {N(prevented)} ({preventedDelta}), protected ¥{money(protectedAmount)}\n" +
              $"losses: {N(losses)}, lost ¥{money(lost)}" +
              (lossRate is { } rate ? $", loss rate {rate.ToString("P0", CultureInfo.InvariantCulture)}" : "")
            : $"<b>{Html(where)} · {Html(period)}</b>\n" +
              $"举报：{N(reports)}（{reportsDelta}）\n" +
              $"成功劝阻或拦截：{N(prevented)}（{preventedDelta}），保护金额 ¥{money(protectedAmount)}\n" +
              $"被骗：{N(losses)} 起，损失 ¥{money(lost)}" +
              (lossRate is { } r ? $"，损失率 {r.ToString("P0", CultureInfo.InvariantCulture)}" : "");
    }

    public static string Delta(long now, long before, string lang) => (before, En(lang)) switch
    {
        (0, true) => "same days of the previous period: 0",
        (0, false) => "上期同期为 0",
        (_, true) => string.Create(CultureInfo.InvariantCulture, $"{(now - before) * 100.0 / before:+0;-0;0}% vs the same days of the previous period"),
        _ => string.Create(CultureInfo.InvariantCulture, $"比上期同期 {(now - before) * 100.0 / before:+0;-0;0}%"),
    };
}

/// <summary>Why a cron was refused, where the Chinese answer says more than "the time is written wrong".</summary>
public enum CronProblem
{
    NeverFires,
    TooOften,
}
