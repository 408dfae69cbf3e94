using FraudWatch.IntegrationTests.Infrastructure;
using OpenQA.Selenium;

namespace FraudWatch.IntegrationTests.Console;

/// <summary>The web console in a real headless Chromium against the real host on 127.0.0.1.</summary>
public sealed class ConsoleTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    readonly ConsoleHost host = fixture.Host;
    readonly Browser browser = fixture.Browser;

    static string Key(string role) => TestHost.Keys[role];

    /// <summary>How the audit trail names the settings key of a role: its id and label, so two keys stay apart.</summary>
    Task<string> KeyActorAsync(string role) =>
        host.ScalarAsync<string>("SELECT 'key:' || id || ':' || label FROM api_keys WHERE label = 'settings:' || @role", new { role });

    [Fact]
    public void Analyst_signs_in_and_reads_the_dashboard_numbers()
    {
        browser.Driver.Manage().Cookies.DeleteAllCookies();
        browser.Go(host.BaseAddress, "/console/dashboard?from=2026-04-01&to=2026-04-30");
        browser.Until(d => d.Url.Contains("/console/sign-in", StringComparison.Ordinal), "the dashboard sends a visitor without a key to sign in");
        browser.Find("#key").SendKeys(Key("analyst"));
        browser.Submit(browser.Find("form[action='/console/sign-in'] button[type=submit]"));
        browser.Until(d => d.Url.Contains("/console/dashboard?from=2026-04-01", StringComparison.Ordinal), "back on the dashboard after signing in");

        string Value(string metric) => browser.Text($"[data-metric={metric}] .value");
        string Delta(string metric) => browser.Text($"[data-metric={metric}] .delta");
        Assert.Equal(("5", "+150%"), (Value("reports"), Delta("reports")));
        Assert.Equal(("2", "+100%"), (Value("prevented"), Delta("prevented")));
        Assert.Equal(("¥5,800", "−71%"), (Value("protected"), Delta("protected")));
        Assert.Equal(("1", "+0%"), (Value("losses"), Delta("losses")));
        Assert.Equal(("¥3,000", "+200%"), (Value("lost"), Delta("lost")));
        Assert.Equal(("33.3%", "−16.7 pt"), (Value("loss-rate"), Delta("loss-rate")));

        var chart = browser.Find("svg.chart").GetAttribute("textContent");
        Assert.Contains("2026-04 已阻止 prevented: 2", chart, StringComparison.Ordinal);
        Assert.Contains("2026-04 被骗 losses: 1", chart, StringComparison.Ordinal);

        var taskRebate = browser.Find("#types tr[data-type=task_rebate]");
        Assert.StartsWith("刷单返利", taskRebate.FindElement(By.TagName("th")).Text, StringComparison.Ordinal);
        Assert.Equal(5, browser.Driver.FindElements(By.CssSelector("#types tbody tr")).Count);

        (string Members, string Current, string Longest) Village(string name)
        {
            var row = browser.Find($"#villages tr[data-village='{name}']");
            var cells = row.FindElements(By.TagName("td"));
            return (cells[0].Text, cells[1].Text, cells[2].Text);
        }

        Assert.Equal(("120", "115", "115"), Village("渎浦村"));

        // How the bot did on April's decided reports: the seeded ones keep the type it gave, and the not_fraud one it
        // had called ordinary.
        string Bot(string row) => browser.Text($"#detection tr[data-detection={row}] td");
        Assert.Equal("100% (3 / 3)", Bot("type-right"));
        Assert.Equal("0% (0 / 1)", Bot("false-alarms"));
        Assert.Equal(("80", "15", "99"), Village("沪山村"));
        Assert.Equal(("200", "51", "63"), Village("项东村"));
        browser.Screenshot("desktop-dashboard");
    }

    [Fact]
    public void Wrong_and_resident_keys_are_refused_and_a_low_role_is_told_why()
    {
        browser.SignIn(host.BaseAddress, "not-a-key");
        Assert.Contains("unknown or revoked", browser.Text(".note.error"), StringComparison.Ordinal);

        browser.SignIn(host.BaseAddress, Key("resident"));
        Assert.Contains("A resident key cannot use the console", browser.Text(".note.error"), StringComparison.Ordinal);
        Assert.Null(browser.Driver.Manage().Cookies.GetCookieNamed("fw_key"));
        browser.Go(host.BaseAddress, "/console/dashboard");
        Assert.Contains("/console/sign-in", browser.Driver.Url, StringComparison.Ordinal);

        browser.SignIn(host.BaseAddress, Key("analyst"));
        browser.Go(host.BaseAddress, "/console/campaigns/new");
        Assert.Contains("needs the officer role", browser.Text(".note.error"), StringComparison.Ordinal);
        Assert.Empty(browser.Driver.FindElements(By.Id("composer")));
        Assert.True(browser.Driver.Manage().Cookies.GetCookieNamed("fw_key") is { IsHttpOnly: true, SameSite: "Strict" });
    }

    [Fact]
    public async Task Assistant_records_a_loss_and_corrects_the_type_from_the_queue()
    {
        browser.SignIn(host.BaseAddress, Key("assistant"));
        browser.Until(d => d.Url.Contains("/console/reports", StringComparison.Ordinal), "an assistant lands on the report queue");
        var item = browser.Find($"#report-{host.QueueReportId}");
        Assert.Contains("冒充电商物流客服", item.Text, StringComparison.Ordinal);
        Assert.Contains("+8613800138000", item.Text, StringComparison.Ordinal);
        Assert.Contains("<b>理赔</b>", item.FindElement(By.TagName("blockquote")).Text, StringComparison.Ordinal);
        Assert.DoesNotContain("424242", item.Text, StringComparison.Ordinal);
        Assert.Matches("R-[A-Z2-7]{8}", item.FindElement(By.CssSelector(".meta")).Text);

        Assert.Equal("fake_customer_service", item.FindElement(By.CssSelector("select[name=type] option[selected]")).GetAttribute("value"));
        item.FindElement(By.CssSelector("select[name=type] option[value=fake_shopping]")).Click();
        item.FindElement(By.Name("amount")).SendKeys("2500");
        item.FindElement(By.Name("note")).SendKeys("已报警");
        browser.Submit(item.FindElement(By.CssSelector("button[value=loss]")));
        browser.Until(d => d.Url.Contains($"recorded={host.QueueReportId}", StringComparison.Ordinal), "the queue confirms the outcome");
        Assert.Contains("已被骗", browser.Text(".note.ok"), StringComparison.Ordinal);
        Assert.Empty(browser.Driver.FindElements(By.Id($"report-{host.QueueReportId}")));

        var row = (await host.QueryAsync<(string Status, string Outcome, decimal Amount, string Note, string By)>(
            "SELECT status, outcome, amount, outcome_note, outcome_by FROM reports WHERE id = @id", new { id = host.QueueReportId })).Single();
        var assistant = await KeyActorAsync("assistant");
        Assert.Equal(("resolved", "loss", 2500m, "已报警", assistant), row);
        Assert.Equal(("fake_shopping", "fake_customer_service"), (await host.QueryAsync<(string, string)>(
            "SELECT fraud_type, guessed_type FROM reports WHERE id = @id", new { id = host.QueueReportId })).Single());
        Assert.Equal(assistant, await host.ScalarAsync<string>(
            "SELECT actor FROM audit_log WHERE action = 'report.outcome' AND subject = @subject", new { subject = $"report:{host.QueueReportId}" }));
    }

    [Fact]
    public async Task Assistant_reviews_a_disputed_check_from_the_queue()
    {
        browser.SignIn(host.BaseAddress, Key("assistant"));
        browser.Until(d => d.Url.Contains("/console/reports", StringComparison.Ordinal), "an assistant lands on the report queue");
        var item = browser.Find($"#check-{host.DisputeId}");
        Assert.Contains("冒充电商物流客服", item.Text, StringComparison.Ordinal);
        Assert.Contains("<i>礼品</i>", item.FindElement(By.TagName("blockquote")).Text, StringComparison.Ordinal);
        Assert.DoesNotContain("515151", item.Text, StringComparison.Ordinal);
        Assert.Matches("R-[A-Z2-7]{8}", item.FindElement(By.CssSelector(".meta")).Text);

        browser.Submit(item.FindElement(By.CssSelector("button[value=ordinary]")));
        browser.Until(d => d.Url.Contains($"reviewed={host.DisputeId}", StringComparison.Ordinal), "the queue confirms the review");
        Assert.Contains("正常消息", browser.Text(".note.ok"), StringComparison.Ordinal);
        Assert.Empty(browser.Driver.FindElements(By.Id($"check-{host.DisputeId}")));
        var assistant = await KeyActorAsync("assistant");
        Assert.Equal(("ordinary", assistant), (await host.QueryAsync<(string, string)>(
            "SELECT reviewed_as, reviewed_by FROM private_checks WHERE id = @id", new { id = host.DisputeId })).Single());
        Assert.Equal(assistant, await host.ScalarAsync<string>(
            "SELECT actor FROM audit_log WHERE action = 'check.review' AND subject = @subject", new { subject = $"check:{host.DisputeId}" }));
    }

    [Fact]
    public async Task Officer_composes_previews_and_schedules_a_campaign()
    {
        browser.SignIn(host.BaseAddress, Key("officer"));
        browser.Until(d => d.Url.Contains("/console/campaigns/new", StringComparison.Ordinal), "an officer lands on the composer");

        browser.Find("#template option[value=impersonate_police]").Click();
        browser.Find("button.pick[data-pick='village:渎浦村']").Click();
        browser.Find("button.pick[data-pick='tag:老人']").Click();
        Assert.Equal("village:渎浦村, tag:老人", browser.Find("#target").GetAttribute("value"));
        browser.Until(d => d.FindElement(By.Id("reach")).GetAttribute("data-groups") == "1", "the reach of the target");
        Assert.Contains("覆盖 1 个群、120 人", browser.Text("#reach"), StringComparison.Ordinal);

        browser.Find("#preview-group option[value='-1']").Click();
        var preview = browser.Until(d => d.FindElement(By.Id("preview")).Text is { Length: > 0 } t && t.Contains("渎浦村", StringComparison.Ordinal) ? t : null,
            "a preview naming the group's village");
        Assert.DoesNotContain("<b>", preview, StringComparison.Ordinal);

        browser.Find("#target").Clear();
        browser.Find("#target").SendKeys("village:没有这个村");
        browser.Until(d => d.FindElement(By.Id("reach")).GetAttribute("data-groups") == "0", "an empty target reaches no group");
        browser.Submit(browser.Find("#composer button[type=submit]"));
        Assert.Contains("No active group matches", browser.Text(".note.error"), StringComparison.Ordinal);
        Assert.Equal("impersonate_police", browser.Find("#template").GetAttribute("value"));
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM campaigns"));
        browser.Find("#target").Clear();
        browser.Find("#target").SendKeys("village:渎浦村");
        browser.Find("input[name=pin]").Click();
        browser.Submit(browser.Find("#composer button[type=submit]"));

        var id = browser.Until(d => System.Text.RegularExpressions.Regex.Match(d.Url, @"/console/campaigns/(\d+)$") is { Success: true } m ? m.Groups[1].Value : null,
            "the campaign page after creating");
        Assert.Equal("1", browser.Text("[data-count=targeted] .value"));
        var campaign = (await host.QueryAsync<(string Template, string Target, string ScheduleKind, bool Pin, string CreatedBy)>(
            "SELECT template, target, schedule_kind, pin, created_by FROM campaigns WHERE id = @id", new { id = long.Parse(id, System.Globalization.CultureInfo.InvariantCulture) })).Single();
        Assert.Equal(("impersonate_police", "village:渎浦村", "now", true, await KeyActorAsync("officer")), campaign);
        var deliveries = await host.QueryAsync<long>(
            "SELECT d.chat_id FROM deliveries d JOIN campaign_runs r ON r.id = d.run_id WHERE r.campaign_id = @id", new { id = long.Parse(id, System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal([-1L], deliveries);
        // The page polls while the campaign runs and redraws itself once it is done (data-live turns false).
        browser.Until(d => d.FindElement(By.Id("campaign")).GetAttribute("data-live") == "false" && d.FindElement(By.Id("status")).Text == "done",
            "the page follows the campaign to its dry-run delivery", seconds: 20);
        Assert.Equal("1", browser.Text("[data-count=dryRun] .value"));
        Assert.Contains("done", browser.Text("#runs tbody tr"), StringComparison.Ordinal);
        browser.Screenshot("desktop-campaign");
    }

    [Fact]
    public async Task Admin_creates_a_key_shown_once_and_revokes_it()
    {
        browser.SignIn(host.BaseAddress, Key("admin"));
        browser.Go(host.BaseAddress, "/console/keys");
        browser.Find("#label").SendKeys("村口电脑 village PC");
        browser.Find("#role option[value=analyst]").Click();
        browser.Submit(browser.Find("#create-key button[type=submit]"));

        var key = browser.Text("#new-key-value");
        Assert.True(key.Length >= 32, key);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/api/v1/stats/summary")).StatusCode);

        browser.Go(host.BaseAddress, "/console/keys");
        Assert.Empty(browser.Driver.FindElements(By.Id("new-key-value")));
        Assert.DoesNotContain(key, browser.Driver.PageSource, StringComparison.Ordinal);
        var row = browser.Driver.FindElements(By.CssSelector("#keys tbody tr")).Single(r => r.Text.Contains("村口电脑 village PC", StringComparison.Ordinal));
        browser.Submit(row.FindElement(By.CssSelector("button[type=submit]")));
        Assert.Contains("Revoked", browser.Text(".note.ok"), StringComparison.Ordinal);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/stats/summary")).StatusCode);
        Assert.Matches(@"^key:\d+:settings:admin$", await host.ScalarAsync<string>(
            "SELECT actor FROM audit_log WHERE action = 'key.revoke' ORDER BY id DESC LIMIT 1"));
    }

    [Fact]
    public void Pages_fit_a_phone_screen()
    {
        browser.SignIn(host.BaseAddress, Key("admin"));
        browser.Phone();
        try
        {
            foreach (var (page, name) in new[] { ("/console/dashboard?from=2026-04-01&to=2026-04-30", "dashboard"), ("/console/reports", "reports"), ("/console/campaigns/new", "composer"), ("/console/keys", "keys") })
            {
                browser.Go(host.BaseAddress, page);
                Assert.Equal(375, browser.Viewport.Width);
                var overflow = Convert.ToInt32(browser.Driver.ExecuteScript("return document.documentElement.scrollWidth"), System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(overflow <= 375, $"{name} is {overflow}px wide on a 375px screen");
                browser.Screenshot($"phone-{name}");
                browser.Driver.ExecuteScript("window.scrollTo(0, 700)");
                browser.Screenshot($"phone-{name}-2");
            }
        }
        finally
        {
            browser.Desktop();
        }
    }
}
