using FraudWatch.Detection;

namespace FraudWatch.Tests.Detection;

public class FraudClassifierTests
{
    [Fact]
    public void Ten_type_codes_are_listed() =>
        Assert.Equal(
            ["task_rebate", "fake_investment", "fake_shopping", "fake_customer_service", "fake_loan", "fake_credit",
             "impersonate_acquaintance", "impersonate_police", "romance", "game_trade"],
            FraudTypes.All);

    [Fact]
    public void Every_type_has_names_and_advice_in_both_languages()
    {
        foreach (var code in FraudTypes.All.Append(FraudTypes.Other))
        {
            foreach (var lang in new[] { "zh-CN", "en" })
            {
                Assert.False(string.IsNullOrWhiteSpace(FraudTypes.DisplayName(code, lang)), $"{code} {lang}");
                Assert.False(string.IsNullOrWhiteSpace(FraudTypes.Advice(code, lang)), $"{code} {lang}");
            }
        }

        Assert.Equal("刷单返利", FraudTypes.DisplayName("task_rebate", "zh-CN"));
        Assert.Equal("Fake loan", FraudTypes.DisplayName("fake_loan", "en"));
    }

    [Fact]
    public void Unknown_type_code_is_rejected() =>
        Assert.Throws<ArgumentException>(() => FraudTypes.DisplayName("lottery", "en"));

    [Fact]
    public void Safe_account_script_is_police_impersonation_with_Chinese_advice()
    {
        var result = FraudClassifier.Default.Classify("我是公安局民警，你涉嫌洗钱，请把钱转到安全账户配合调查");
        Assert.Equal("impersonate_police", result.Type);
        Assert.InRange(result.Score, 0.5, 1.0);
        Assert.Equal(FraudTypes.Advice("impersonate_police", "zh-CN"), result.Advice);
        Assert.Contains("impersonate_police:安全账户", result.MatchedRules);
    }

    [Fact]
    public void English_message_gets_English_advice()
    {
        var result = FraudClassifier.Default.Classify("Your loan was approved but you must pay an unfreezing fee first.");
        Assert.Equal("fake_loan", result.Type);
        Assert.Equal(FraudTypes.Advice("fake_loan", "en"), result.Advice);
    }

    [Theory]
    [InlineData("自家种的青菜5元一斤，要的说一声")]
    [InlineData("明天上午在村委会开会，大家准时到")]
    [InlineData("提醒大家：公安不会要求转账到安全账户，谨防诈骗")]
    [InlineData("")]
    public void Village_chat_stays_other_with_a_low_score(string text)
    {
        var result = FraudClassifier.Default.Classify(text);
        Assert.Equal("other", result.Type);
        Assert.True(result.Score < FraudClassifier.Default.Threshold);
    }

    [Fact]
    public void English_keywords_need_a_word_start()
    {
        var result = FraudClassifier.Default.Classify("The gamestop on Sloane street");
        Assert.DoesNotContain(result.MatchedRules, r => r.EndsWith(":loan", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("你好，这是一条中文消息", "zh-CN")]
    [InlineData("Hello, this is an English message", "en")]
    [InlineData("加我 WeChat 吧", "zh-CN")]
    [InlineData("13812345678", "zh-CN")]
    public void Language_is_detected_by_script(string text, string lang) =>
        Assert.Equal(lang, Languages.Detect(text));

    [Fact]
    public void Analyze_returns_indicators_classification_and_language()
    {
        var result = Detector.Analyze("刷单返利，先垫付本金，佣金日结，加QQ：12345678");
        Assert.Equal("zh-CN", result.Language);
        Assert.Equal("task_rebate", result.Classification.Type);
        Assert.Contains(result.Indicators, i => i.Value == "qq:12345678");
    }

    [Fact]
    public void Analyze_gives_the_same_answers_from_many_threads()
    {
        var texts = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Detection", "Data", "labelled.jsonl")).ToArray();
        var sequential = texts.Select(t => Describe(Detector.Analyze(t))).ToArray();
        var parallel = new string[texts.Length];
        Parallel.For(0, texts.Length * 4, i => parallel[i % texts.Length] = Describe(Detector.Analyze(texts[i % texts.Length])));
        Assert.Equal(sequential, parallel);

        static string Describe(DetectionResult r) =>
            $"{r.Language}|{r.Classification.Type}|{r.Classification.Score}|{string.Join(",", r.Indicators.Select(i => i.KindCode + ":" + i.Value))}";
    }
}
