using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using FraudWatch.Detection;

namespace FraudWatch.Benchmarks;

/// <summary>
/// Extract + classify over a fixed mix of fraud scripts and ordinary village chat.
/// Reported time is per message (OperationsPerInvoke = corpus size). GlobalSetup also prints a quick
/// single-threaded Stopwatch throughput figure, so one short run gives both numbers.
/// </summary>
[MemoryDiagnoser]
public class DetectionBenchmarks
{
    private static readonly string[] Corpus =
    [
        "宝妈兼职，在家动动手指给抖音视频点赞，一个赞2元，日结，有意加我微信：dz88866",
        "亲，第一单任务已完成，佣金15元已到账。下一单是连单，需要连续完成3单才能一起提现哦",
        "系统显示您的任务卡单了，需要再充值8800元激活账户，才能把前面的本金和佣金一起提出来",
        "Part-time job: like YouTube videos from home, earn 300-800 per day. Contact our receptionist on Telegram @hr_lily",
        "我们股票群今天免费体验，资深老师带单，上周推荐的牛股已经连续三个涨停 https://gp-vip.top/join?c=88",
        "这个数字货币平台有内部漏洞，跟着导师操作一个月收益翻倍，最低入金1万，客服电话400-123-4567",
        "Guaranteed 5% daily returns on our crypto mining pool. Minimum deposit 1000 USDT, withdraw anytime.",
        "茅台飞天内部价1299一瓶，厂家直发，先付定金500，发货前付尾款，支付宝：maotai.sale@163.com",
        "iPhone 16 Pro全新未拆封，海关罚没机只要¥2,800，加微信下单，不走平台",
        "Concert tickets for sale, front row. Pay first through PayPal friends and family, I'll send the e-tickets after.",
        "您好，我是中通快递客服，您的包裹在运输中丢失了，我们将按商品价格双倍理赔，请加QQ：2876541230处理",
        "这里是抖音客服，您开通了百万保障服务，每月自动扣费500元，如不关闭将影响征信，回电0571-8765 4321",
        "Your flight has been cancelled. Click the link to get a refund and compensation: https://airline-refund.xyz/apply",
        "您申请的贷款已审核通过，但银行卡号填写错误导致资金冻结，需缴纳解冻费3000元到6222 0212 3456 7890 128",
        "不看征信，不看负债，只要身份证就能借，秒批秒下款，加微信详谈 +86 139 1234 5678",
        "Instant approval personal loan, no credit check, no collateral, low interest. Apply at www.quick-loan.vip",
        "您好，我是银保监会工作人员，您大学期间开通过校园贷账户，现在需要注销，否则会影响您的个人征信",
        "专业征信修复，消除逾期记录，征信花了也能洗白，成功后再收费，电话13812345678",
        "We offer credit repair services: clear overdue records from your credit report within 7 days.",
        "小王，我是李局长，这是我新的QQ号，你加一下，有点事情找你",
        "我是你们张总，我现在在开会不方便接电话，你先帮我给这个账户转10万，合同的事回头说",
        "Hi, this is your boss. I'm in a meeting and can't talk. Please transfer 50,000 to our new supplier urgently.",
        "我是北京市公安局的民警，你的身份证涉嫌一起洗钱案件，需要配合调查，不要告诉任何人",
        "这里是检察院，你名下的银行卡涉及非法集资，需要把资金转到安全账户进行核查，联系 010-6555 1234",
        "This is the Public Security Bureau. Your ID has been used for money laundering. Call +855 12 345 678 now.",
        "亲爱的，我在平台上发现了一个漏洞，我们一起投一点，等赚够了就回国跟你结婚",
        "宝贝，我是联合国维和部队的医生，现在不方便提现，你先帮我付一下包裹的海关费$500",
        "My dear, I have been deployed on a peacekeeping mission and sent you a gift, customs needs a fee first.",
        "王者荣耀低价代充，点券五折，皮肤随便挑，加QQ：1234567899",
        "原神账号五星角色全满，低价转让，先付款再换绑，价格3.5万可议",
        "Cheap Robux top-up, 50% off, just send your account password and pay via gift card.",
        "自家种的青菜和萝卜，今天早上刚拔的，5元一斤，要的在群里说一声，下午送到村口",
        "明天上午9点在村委会二楼开会，讨论修路的事，每户派一个代表参加",
        "今晚有台风过境，大家把晒在外面的衣服和谷子收一收，船只回港避风",
        "土鸡蛋还有三十个，1.5元一个，老地方自取，电话138 5871 2345",
        "通知：本周六上午卫生院医生来村里义诊，老人可以免费量血压测血糖",
        "明天下午两点到四点停电，检修线路，请大家提前做好准备",
        "杨梅熟了，今年个头大，要的提前预订，80元一筐，送货上门",
        "提醒大家：公安不会电话办案，更没有什么安全账户，陌生人让转账的一律不要相信",
        "工商银行客服热线是95588，办业务请到网点柜台，不要点陌生链接",
        "请各位村民在本月底前缴纳新农合医保，每人380元，可以到村委会现场交",
        "刚捕的带鱼和梭子蟹，码头价，要的赶紧来，电话13858712345",
        "谁捡到一串钥匙，上面挂了个红色的小挂件，麻烦联系我，0577-6888 1234",
        "我家孙子考上大学了，下个月初八办酒，请各位乡亲来喝喜酒",
        "国家反诈中心APP大家都装一下吧，社区民警说可以拦截诈骗电话，有疑问打96110",
        "Good morning everyone, the village committee meeting is moved to Thursday 7pm at the town hall.",
        "Fresh home-grown vegetables for sale, 5 yuan per jin, pick up at my gate after 4pm.",
        "Reminder from the police station: officers will never ask you to transfer money to a safe account.",
        "Water outage tomorrow from 8 to 12 for pipe repairs, please store some water.",
        "Lost cat, grey with white paws, last seen near the temple. Please message me on WeChat if you see her.",
    ];

    // A whole call transcript (20 turns, about 900 characters): the long input a resident may forward.
    private static readonly string Transcript = string.Join('\n', Enumerable.Range(0, 20).Select(i => i % 2 == 0
        ? "客服：您好，我是鼎盛财富的客户经理，我们这款私募产品年化收益百分之二十，风险很低，有专业老师每天在群里指导操作。"
        : "用户：我平时就存银行，没买过这些，你们是正规公司吗？收益真的这么高？"));

    [GlobalSetup]
    public void Setup()
    {
        var model = FraudClassifier.Default.Model;
        Console.WriteLine($"// Model: {model.SizeInBytes / 1048576.0:F1} MiB of weights in memory ({model.NonZero:N0} non-zero), " +
                          $"Model/model.bin {typeof(FraudClassifier).Assembly.GetManifestResourceStream(typeof(FraudClassifier).Assembly.GetManifestResourceNames().Single(n => n.EndsWith("model.bin", StringComparison.Ordinal)))!.Length:N0} bytes");
        // Warm up for half a second (rule loading, libphonenumber metadata, tiered JIT), then a quick Stopwatch figure.
        var warmUp = Stopwatch.StartNew();
        while (warmUp.ElapsedMilliseconds < 500)
        {
            foreach (var text in Corpus)
            {
                Detector.Analyze(text);
            }
        }

        const int rounds = 400;
        var watch = Stopwatch.StartNew();
        for (var r = 0; r < rounds; r++)
        {
            foreach (var text in Corpus)
            {
                Detector.Analyze(text);
            }
        }

        watch.Stop();
        var messages = rounds * Corpus.Length;
        Console.WriteLine($"// Quick throughput: {messages / watch.Elapsed.TotalSeconds:N0} messages/s on one thread " +
                          $"({watch.Elapsed.TotalMicroseconds / messages:N1} µs/message, avg {Corpus.Average(t => t.Length):N0} chars)");
    }

    [Benchmark(OperationsPerInvoke = 50)]
    public int Analyze()
    {
        var found = 0;
        foreach (var text in Corpus)
        {
            found += Detector.Analyze(text).Indicators.Count;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = 50)]
    public int Classify()
    {
        var found = 0;
        foreach (var text in Corpus)
        {
            found += FraudClassifier.Default.Classify(text).MatchedRules.Count;
        }

        return found;
    }

    [Benchmark]
    public int AnalyzeCallTranscript() => Detector.Analyze(Transcript).Indicators.Count;

    [Benchmark(OperationsPerInvoke = 50)]
    public int Extract()
    {
        var found = 0;
        foreach (var text in Corpus)
        {
            found += IndicatorExtractor.Extract(text).Count;
        }

        return found;
    }
}
