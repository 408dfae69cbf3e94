using FraudWatch.Campaigns;
using Microsoft.Extensions.Options;

namespace FraudWatch.Tests.Campaigns;

public sealed class TemplateCatalogTests : IDisposable
{
    private static readonly string ShippedDirectory = Path.Combine(AppContext.BaseDirectory, "templates");

    private static readonly string[] FraudTypes =
    [
        "task_rebate", "fake_investment", "fake_shopping", "fake_customer_service", "fake_loan",
        "fake_credit", "impersonate_acquaintance", "impersonate_police", "romance", "game_trade",
    ];

    private static readonly WarningModel Model = new(
        new GroupModel("灵溪镇", "中兴村", "中兴村平安群"),
        new OfficerModel("庄海伦", "0577-6478 0110"),
        "96110",
        new DateTimeOffset(2025, 3, 17, 0, 30, 0, TimeSpan.FromHours(8)),
        new StatsModel(12, 5),
        new AlertModel("+86 577 8888 9999", "phone", "自称快递理赔"));

    private readonly string _tempDirectory = Path.Combine(Path.GetTempPath(), "fraudwatch-templates-" + Guid.NewGuid().ToString("N"));

    private readonly TemplateCatalog _shipped = new(ShippedDirectory);

    public static TheoryData<string, string> ShippedTemplates()
    {
        var data = new TheoryData<string, string>();
        foreach (var language in new[] { "zh-CN", "en" })
        {
            foreach (var name in FraudTypes.Append("urgent_alert").Append("weekly_reminder"))
            {
                data.Add(name, language);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedTemplates))]
    public void Every_shipped_template_renders_a_short_warning_with_hotline_village_and_officer_phone(string name, string language)
    {
        var result = _shipped.Render(name, language, Model);

        Assert.True(result.Ok, result.Error);
        Assert.Contains("96110", result.Text);
        Assert.Contains("中兴村", result.Text);
        Assert.Contains("0577-6478 0110", result.Text);
        Assert.InRange(result.Text!.Length, 100, 999);
        Assert.False(string.IsNullOrWhiteSpace(result.Title));
        Assert.DoesNotContain("{{", result.Text);
        Assert.DoesNotContain("{%", result.Text);
    }

    [Fact]
    public void List_gives_twelve_templates_per_language_with_titles_and_used_variables()
    {
        foreach (var language in new[] { "zh-CN", "en" })
        {
            var templates = _shipped.List(language);

            Assert.Equal(FraudTypes.Append("urgent_alert").Append("weekly_reminder").Order(StringComparer.Ordinal),
                templates.Select(t => t.Name));
            Assert.All(templates, t =>
            {
                Assert.Equal(language, t.Language);
                Assert.Null(t.Error);
                Assert.NotEqual(t.Name, t.Title);
                Assert.Contains("group.village", t.Variables);
                Assert.Contains("officer.phone", t.Variables);
                Assert.Contains("hotline", t.Variables);
            });
            Assert.Contains("stats.reports_this_month", templates.Single(t => t.Name == "weekly_reminder").Variables);
            Assert.Contains("alert.value", templates.Single(t => t.Name == "urgent_alert").Variables);
        }

        Assert.Equal(24, _shipped.List().Count);
    }

    [Fact]
    public void Weekly_reminder_shows_this_months_stats_and_the_county_date()
    {
        var zh = _shipped.Render("weekly_reminder", "zh-CN", Model);
        var en = _shipped.Render("weekly_reminder", "en", Model);

        Assert.Contains("<b>12</b>", zh.Text);
        Assert.Contains("<b>5</b>", zh.Text);
        Assert.Contains("3月17日", zh.Text);
        Assert.Contains("March 17", en.Text);
        Assert.Contains("\n\n", zh.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n\n", zh.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Urgent_alert_shows_the_number_and_note_and_defangs_a_link()
    {
        var phone = _shipped.Render("urgent_alert", "zh-CN", Model);
        var link = _shipped.Render("urgent_alert", "en", Model with
        {
            Alert = new AlertModel("https://refund.example.top/claim", "url", ""),
        });

        Assert.Contains("+86 577 8888 9999", phone.Text);
        Assert.Contains("自称快递理赔", phone.Text);
        Assert.Contains("hxxps://refund[.]example[.]top/claim", link.Text);
        Assert.DoesNotContain("What happened", link.Text);
    }

    [Fact]
    public void Urgent_alert_without_an_alert_is_refused()
    {
        var result = _shipped.Render("urgent_alert", "zh-CN", Model with { Alert = null });

        Assert.False(result.Ok);
        Assert.Contains("/alert", result.Error);
    }

    [Fact]
    public void A_language_without_the_template_falls_back_to_Chinese()
    {
        var result = _shipped.Render("impersonate_police", "fr", Model);

        Assert.True(result.Ok, result.Error);
        Assert.Contains("安全账户", result.Text);
    }

    [Fact]
    public void Unknown_template_name_is_refused_with_the_known_names()
    {
        var result = _shipped.Render("impersonate_polce", "zh-CN", Model);

        Assert.False(result.Ok);
        Assert.Contains("impersonate_polce", result.Error);
        Assert.Contains("impersonate_police", result.Error);
        Assert.Contains("weekly_reminder", result.Error);
        Assert.False(_shipped.Exists("impersonate_polce"));
        Assert.True(_shipped.Exists("impersonate_police"));
    }

    [Fact]
    public void A_broken_template_is_listed_with_its_error_and_does_not_stop_the_others()
    {
        Write("zh-CN/good.liquid", "---\ntitle: 好\n---\n{{ group.village }} {{ hotline }}\n");
        Write("zh-CN/broken.liquid", "---\ntitle: 坏\n---\n第一行\n{% if group.village %}没有结束\n");

        var catalog = new TemplateCatalog(_tempDirectory);
        var broken = catalog.List("zh-CN").Single(t => t.Name == "broken");
        var result = catalog.Render("broken", "zh-CN", Model);

        Assert.NotNull(broken.Error);
        Assert.False(result.Ok);
        Assert.Contains("zh-CN/broken", result.Error);
        Assert.Contains("does not parse", result.Error);
        Assert.True(catalog.Render("good", "zh-CN", Model).Ok);
    }

    [Fact]
    public void A_parse_error_names_the_line_of_the_file()
    {
        Write("zh-CN/broken.liquid", "---\ntitle: 坏\n---\n第一行\n第二行 {{ group.village \n");

        var result = new TemplateCatalog(_tempDirectory).Render("broken", "zh-CN", Model);

        Assert.False(result.Ok);
        Assert.Contains("line 5", result.Error);
        Assert.DoesNotContain("\n", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_variable_is_refused_with_its_name_and_line_even_in_a_branch_not_taken()
    {
        var result = _shipped.Validate("---\ntitle: t\n---\n{{ group.village }}\n{% if false %}{{ group.villag }}{% endif %}\n");

        Assert.False(result.Ok);
        Assert.Contains("group.villag", result.Error);
        Assert.Contains("line 5", result.Error);
    }

    [Fact]
    public void Unknown_filter_is_refused()
    {
        var result = _shipped.Validate("{{ group.village | shout }}");

        Assert.False(result.Ok);
        Assert.Contains("shout", result.Error);
    }

    [Fact]
    public void Assigned_and_loop_variables_are_not_unknown()
    {
        var result = _shipped.Validate("{% assign place = group.village %}{% for i in (1..2) %}{{ place }}{{ i }}{% endfor %}");

        Assert.True(result.Ok, result.Error);
        Assert.Equal("中兴村1中兴村2", result.Text);
    }

    [Fact]
    public void Rendering_over_4096_characters_is_refused()
    {
        var result = _shipped.Validate("{% for i in (1..700) %}{{ group.village }}反诈提醒{% endfor %}");

        Assert.False(result.Ok);
        Assert.Contains("4096", result.Error);
    }

    // Both were accepted (Ok, text ""), and Telegram then refused the broadcast in every group: "message text is empty".
    [Theory]
    [InlineData("{% if stats.reports_this_month > 100 %}{{ group.village }}举报很多{% endif %}")]
    [InlineData("  \n<b> </b>\n\t")]
    public void A_template_that_renders_no_text_is_refused(string body)
    {
        Write("zh-CN/blank.liquid", "---\ntitle: 空\n---\n" + body);

        var validated = _shipped.Validate(body);
        var rendered = new TemplateCatalog(_tempDirectory).Render("blank", "zh-CN", Model);

        Assert.False(validated.Ok);
        Assert.Contains("empty message", validated.Error);
        Assert.False(rendered.Ok);
        Assert.Contains("zh-CN/blank renders no text", rendered.Error);
    }

    [Fact]
    public void Markup_other_than_bold_and_italic_is_refused()
    {
        Assert.Contains("<a href", _shipped.Validate("<a href=\"https://x\">{{ hotline }}</a>").Error);
        Assert.Contains("unclosed", _shipped.Validate("<b>{{ hotline }}").Error);
        Assert.True(_shipped.Validate("<b>{{ hotline }}</b> <i>{{ group.village }}</i>").Ok);
    }

    [Fact]
    public void Html_in_values_is_encoded_while_the_templates_own_markup_stays()
    {
        var model = Model with { Group = new GroupModel("镇", "<b>x</b>&<i>", "t"), Officer = new OfficerModel("\"王\"", "110") };

        var result = _shipped.Render("impersonate_police", "zh-CN", model);

        Assert.True(result.Ok, result.Error);
        Assert.Contains("&lt;b&gt;x&lt;/b&gt;&amp;&lt;i&gt;", result.Text);
        Assert.Contains("&quot;王&quot;", result.Text);
        Assert.DoesNotContain("<b>x", result.Text);
        Assert.StartsWith("<b>", result.Text);
    }

    [Fact]
    public void Free_text_is_encoded_and_never_run_as_Liquid()
    {
        var result = TemplateCatalog.FreeText("今晚 {{ 7 | plus: 1 }} 点 <b>开会</b> {% if true %}x{% endif %}");

        Assert.True(result.Ok, result.Error);
        Assert.Equal("今晚 {{ 7 | plus: 1 }} 点 &lt;b&gt;开会&lt;/b&gt; {% if true %}x{% endif %}", result.Text);
    }

    [Fact]
    public void Free_text_over_4096_characters_once_encoded_is_refused()
    {
        Assert.True(TemplateCatalog.FreeText(new string('诈', 4096)).Ok);
        Assert.False(TemplateCatalog.FreeText(new string('<', 1500)).Ok);
        Assert.False(TemplateCatalog.FreeText("  ").Ok);
    }

    [Fact]
    public void Blank_hotline_falls_back_to_96110()
    {
        var result = _shipped.Render("fake_loan", "en", Model with { Hotline = "" });

        Assert.Contains("<b>96110</b>", result.Text);
    }

    // Fluid prints a date alone in UTC ("u" format): {{ now }} said 2025-03-16 16:30:00Z at half past midnight in Wenzhou.
    [Fact]
    public void Now_alone_prints_the_county_time_like_the_date_filter()
    {
        Write("zh-CN/stamp.liquid", "---\ntitle: t\n---\n{{ now }}|{{ now | date: \"%Y-%m-%d %H:%M\" }}\n");
        var renderer = new WarningRenderer(new TemplateCatalog(_tempDirectory), Options.Create(new FraudWatchOptions { TimeZone = "Asia/Shanghai" }),
            new FixedClock(new DateTimeOffset(2025, 3, 16, 16, 30, 0, TimeSpan.Zero)));

        var result = renderer.Render("stamp", null, "灵溪镇", "中兴村", "中兴村平安群", "zh-CN", null, null);

        Assert.True(result.Ok, result.Error);
        Assert.Equal("2025-03-17 00:30|2025-03-17 00:30", result.Text);
    }

    public void Dispose()
    {
        if (Directory.Exists(_tempDirectory))
        {
            Directory.Delete(_tempDirectory, recursive: true);
        }
    }

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_tempDirectory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
