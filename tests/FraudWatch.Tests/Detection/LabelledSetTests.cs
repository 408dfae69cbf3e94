using System.Text.RegularExpressions;
using FraudWatch.Detection;
using Xunit.Abstractions;

namespace FraudWatch.Tests.Detection;

/// <summary>The sets written for FraudWatch by the team and its helpers (not real text).</summary>
public partial class LabelledSetTests(ITestOutputHelper output)
{
    [Fact]
    public void Labelled_set_covers_every_type()
    {
        var examples = Measure.Load("labelled.jsonl");
        Assert.True(examples.Count >= 240, $"only {examples.Count} examples");
        foreach (var type in FraudTypes.All)
        {
            Assert.True(examples.Count(e => e.Type == type) >= 15, $"fewer than 15 examples of {type}");
        }

        Assert.True(examples.Count(e => e.Type == FraudTypes.Other) >= 60);
        Assert.All(examples, e => Assert.True(FraudTypes.IsKnown(e.Type), e.Type));
    }

    // labelled.jsonl is among the messages the model learns (Rules/examples.jsonl), so this proves little.
    [Fact]
    public void Learned_set_is_classified()
    {
        var result = Measure.Score(Measure.Load("labelled.jsonl"), "labelled.jsonl (learned)");
        output.WriteLine(result.Report);
        Assert.True(result.Top1 >= 0.95, result.Report);
        Assert.True(result.FlaggedRate <= 0.02, result.Report);
    }

    // blind2.jsonl and blind3.jsonl were written by a helper who saw neither the rules nor the examples, and are not
    // learned. The floors are the figures measured with the shipped model ("not sure" counts as wrong): a change that
    // makes them worse fails here.
    [Theory]
    // Seventh session (2026-12-03): the model learned 2,370 more team-written messages in many voices; blind2 stayed at
    // 92.5 %, blind3 went 87.5 → 86.5 %. Eighth session: 1,775 more (police and loan impersonation, ordinary SMS,
    // service calls, fake customer service and acquaintances, investment SMS) with the learning rate, ordinary weight and
    // temperature that cross-validation then chose (0.8, 3, 1.2). blind2 lost 2 messages (92.5 → 91.5 %): two right
    // answers became "not sure" where the type is split between two neighbours (a film-rating task: task_rebate 0.46,
    // fake_investment 0.46). blind3 lost 3 net (86.5 → 85.0 %): 4 right answers lost (2 to "not sure"; a police call
    // and a resale-ticket warning to ordinary), a credit-repair story now called fake_loan and one more ordinary English
    // message called romance (Just sent Gran the money for her new glasses…), against 3 gained. The floors follow
    // the adopted model (BENCHMARKS.md, "Eighth session"): a record, not a goal.
    [InlineData("blind2.jsonl", 0.915, 0.0)]
    // Tenth session: blind3 85.5 → 84.5 % (2 messages: English task and credit-repair stories now "not sure" or
    // ordinary after the session's 2,555 rows were learned for real ordinary text); floor 0.85 → 0.845.
    [InlineData("blind3.jsonl", 0.845, 0.034)]
    // blind5-varied.jsonl: 250 messages in the shape of the outside test (SMS of fake customer service, police
    // impersonation, fake loans and acquaintances; investment-pitch call transcripts; ordinary SMS and service calls),
    // written in the seventh session by a helper who read nothing in the repository, before any model saw it, and never
    // learned. Shipped model before that session: 84.8 % top-1, 1 of 80 ordinary flagged; seventh session 92.0 %, 0 of
    // 80; eighth session 95.6 %, 0 of 80; ninth session 95.2 % (one investment SMS more missed), 0 of 80.
    [InlineData("blind5-varied.jsonl", 0.952, 0.0)]
    // blind6.jsonl: 300 messages in the same shape (40 SMS each of the four SMS types, 40 investment-pitch calls, 60
    // ordinary SMS, 40 ordinary service calls, a quarter of the SMS with masked data as collected sets have), written in
    // the eighth session by another helper who read nothing in the repository; measured before the session's training
    // rows were learned (94.5 % of its frauds, 0 of 100 ordinary flagged), never learned. The writers of those rows never
    // saw it. With those rows: 98.7 % top-1 (98.0 % of its frauds), 0 of 100 flagged; after 14 of them were relabelled
    // impersonate_police (government bodies, as PRODUCT.md defines the type; DATA.md) one police SMS more is missed:
    // 98.3 %, 0 of 100.
    [InlineData("blind6.jsonl", 0.983, 0.0)]
    // blind7.jsonl: 280 more in the same shape (35 of each fraud type, 65 ordinary SMS, 40 ordinary service calls) by a
    // third helper of the eighth session, written after the adopted model was trained and measured on it once: 94.3 % mean
    // of the five types, 1 of 105 ordinary flagged (a courier "address unclear" notice). Its police misses (医保, 社保,
    // 公积金 and 个税 phishing called fake_customer_service) showed that 14 training rows of government impersonation were
    // labelled fake_customer_service; they were relabelled, so blind7 has been a development set since: 97.5 % top-1,
    // 1 of 105 flagged. Thirteenth session: 2 of 105; the second is a genuine Ele.me coupon reminder, "点击[链接]查看",
    // whose blanked-out link now counts as a link (with a real link in its place the same text is "not sure", 0.50).
    [InlineData("blind7.jsonl", 0.975, 0.02)]
    // blind8.jsonl: 300 more in the same shape (40 of each fraud type, 60 ordinary SMS, 40 ordinary service calls; messy
    // like collected data: evasion spellings, masked numbers, speech-recognition calls), by a helper of the ninth session
    // who read nothing in the repository. Measured once with the shipped model (91.5 % mean of the five types, 1 of 100
    // flagged) and once with a first candidate (90.0 %, 0 of 100); its investment-call misses then showed that almost no
    // learned fraud call was over 450 characters, so it has been a development set since: 97.0 % top-1 (95.5 % mean of
    // the five types), 0 of 100.
    // Tenth session: 13 rows of blind5–10 that tell someone a 学生账户/校园贷 must be cancelled or their credit suffers
    // were relabelled fake_customer_service → fake_credit, the product's rule for that scam (its fake_credit advice names
    // it; DATA.md, "Tenth session"). Under the new labels the shipped model before that session scored 96.3 % on blind8
    // and the adopted one 96.7 %, so blind8's floor moved from 0.97 to 0.966; the others stay.
    [InlineData("blind8.jsonl", 0.966, 0.0)]
    // blind9.jsonl: 300 in the same shape (investment and ordinary calls from 100 to 1,200 characters) by another helper
    // of the ninth session, written while the session's training rows were being written and never learned; its writer
    // and theirs never saw each other's files. Measured once with the shipped model (91.0 % mean of the five types, 0 of
    // 100 flagged) and once with the adopted one (95.0 %, 0 of 100; 96.7 % top-1 over all 300); nothing was chosen by it.
    [InlineData("blind9.jsonl", 0.966, 0.0)]
    // blind10.jsonl: 300 in the same shape (investment calls of 301–816 characters, ordinary calls of 107–724, a quarter of
    // the SMS masked) by a helper of the tenth session who read nothing in the repository, written before that session's
    // training rows and never learned. Measured with the shipped model and with the adopted one, nothing chosen by it.
    [InlineData("blind10.jsonl", 0.97, 0.0)]
    // blind11.jsonl: 300 in the same shape (70 ordinary SMS, 30 ordinary service calls) by a helper of the eleventh session
    // who read nothing in the repository, written before that session's training rows and never learned; 3 rows relabelled
    // fake_credit by the 学生账户/征信修复 rule after the shipped model's first look at it. Measured with the shipped model
    // (189 of its 200 frauds named under the final labels, 1 of 100 ordinary flagged), a first candidate (193, 1) and
    // the adopted model (190, 1 of 100: 96.3 % top-1 over all 300); nothing was chosen by it.
    [InlineData("blind11.jsonl", 0.963, 0.01)]
    // blind12.jsonl: 300 in the same shape (70 ordinary SMS, 30 ordinary service calls of 156–331 characters, investment
    // calls of 262–472) by a helper of the twelfth session who read nothing in the repository, written before that
    // session's training rows and never learned; 1 row ("…学生账户未注销…否则影响个人征信") relabelled fake_credit by the
    // 学生账户/征信修复 rule after the shipped model's first look at it. Measured with the shipped model (193 of 200 frauds
    // named under the final labels, 0 of 100 ordinary flagged), five candidates and the adopted model (194, 0: 98.0 % top-1
    // over all 300). It was printed beside every other set for each candidate; the choice went by cross-validation and
    // the real sets, but blind12 was in view, so it is not quite blind any more.
    [InlineData("blind12.jsonl", 0.979, 0.0)]
    // blind13.jsonl: 300 in the same shape, ordinary-heavy (100 ordinary SMS, a third of them hard: money, accounts, links,
    // 领取, 冻结, 理赔 in harmless use; 30 ordinary service calls; 34 of each fraud kind) by a helper of the fifteenth
    // session who read nothing in the repository, written after that session's models. Measured once, with the model
    // before the session and the adopted one, both under the new answer rule: 167 of 170 frauds named and 1 of 130
    // ordinary flagged with each (a relative's "new number" SMS called impersonate_acquaintance): 98.7 % top-1 over all
    // 300. Nothing was chosen by it.
    [InlineData("blind13.jsonl", 0.986, 0.008)]
    // blind14.jsonl: 330 by a helper of the nineteenth session who read nothing in the repository, written to the outside
    // test's description of the acquaintance scams it missed (a teacher, a boss, a "representative" or a friend abroad
    // asking the reader to buy goods, book a ticket or pass money on; 2 of 150 use a classic phrase such as 换号 or 猜猜我是谁),
    // 80 fake loans (most in the loan platform's "customer service" voice: frozen funds, fees first) and 100 genuine
    // look-alikes (teachers, bosses, relatives abroad, banks and lenders). Never learned. The model the outside figure was
    // measured on names 30 % of its acquaintance scams (outside: 18.5 %); the model before the session 78.0 %, the
    // adopted one 92.7 %. Nothing was chosen by it: the adopted rows were written by other helpers to the same description.
    [InlineData("blind14.jsonl", 0.95, 0.01)]
    // loans15.jsonl: 160 by another helper of the nineteenth session, same rules: 110 loan scams in the voice of a
    // platform's or bank's customer service (credit lines on 借呗, 花呗, 白条, 金条, 微粒贷, 备用金 and card centres to open,
    // raise or unfreeze for a fee; 3 "student account" ones relabelled fake_credit by the one rule of DATA.md) and 50
    // genuine platform and bank notices. Never learned. The model the outside figure was measured on names 60.7 % of its
    // loans and calls most of the rest fake_customer_service, as the outside test reports for its loans (64 %); the model
    // before the session 68.2 %, the adopted one 89.7 %, 1 of 50 genuine flagged by each. The twenty-second session's model
    // (480 bulk-SMS rows learned: loan agents' follow-ups and greetings, genuine loan talk, genuine bank products, shop promotions)
    // names 147 of 160 (91.9 %): two platform-voiced loans now lean fake_customer_service (0.57 and 0.47), one more named;
    // still 1 of 50 flagged. The floor moved from 92 % to 91 % with it (BENCHMARKS.md, "Twenty-second session").
    [InlineData("loans15.jsonl", 0.91, 0.02)]
    // calls14.jsonl: 160 call transcripts (120 ordinary service and business calls where money, accounts and codes come
    // up innocently; 40 investment pitches) by another helper of the nineteenth session, same rules; never learned.
    // Before and after the session: 40 of 40 pitches named, 0 of 120 ordinary flagged.
    [InlineData("calls14.jsonl", 0.99, 0.0)]
    // calls16.jsonl: 150 genuine customer-service calls on exactly the topics scammers imitate (refunds and returns,
    // lost-parcel claims, cancelling auto-renewing memberships, frozen cards, annual fees, 备用金 and 借呗 questions,
    // cancelled flights, wrong bills), by a helper of the nineteenth session, same rules, written after the session's
    // model was chosen; never learned. The model the outside figure was measured on flags 44 of them (outside: 8.5 % of
    // ordinary service calls); the model before the session 1, the adopted one 1 (a genuine lost-card call to 民生银行95568,
    // fake_customer_service 0.58). The ceiling allows one.
    [InlineData("calls16.jsonl", 0.99, 0.007)]
    // blind17.jsonl: 494 by a helper of the twentieth session who read nothing in the repository, written after the
    // shipped model was chosen: 150 acquaintance scams in the outside test's four guises (teachers and school staff,
    // bosses, "representatives" of committees, chambers and associations, friends and relatives far away), 119 loans,
    // 38 fake customer service, 40 police and government impersonations, 2 fake_credit (a "student account" call and a
    // credit-repair advert, relabelled by DATA.md's rule; their writer filed them under customer service and loans) and 145
    // genuine look-alikes; 6 rows that shared over 30 % of their 8-character pieces with a learned row were dropped. Never
    // learned, measured once: 473 of 494 right (acquaintance 133 of 150, loans 115 of 119), 0 of 145 genuine flagged. The
    // model the outside figure was measured on names 19.6 % of its acquaintance SMS (outside: 18.5 %). Then read for the
    // credit-offer rule of DATA.md (its writer filed a bank's "platinum card" offer as a loan), so a development set for
    // it: 475 of 494 with the model retrained on that rule.
    [InlineData("blind17.jsonl", 0.95, 0.007)]
    // loans21.jsonl: 160 by a helper of the twenty-first session who read nothing in the repository, written without seeing
    // the loan-from-a-mobile rule (FraudClassifier.IsLoanFromMobile): 80 loan agents' offers from a personal mobile, WeChat
    // or QQ (70 SMS, half in the bulk style), 80 genuine messages about loans and money with a mobile number (bank and
    // credit-cooperative staff, dealers, agents, relatives, warnings). Measured once with the rule as first written: 70 of
    // 80 named (67 without it), 6 of 80 genuine flagged (3 without it: the other three were relatives warning about loan
    // scams). Warnings were then left out of the rule, so it is a development set for it: 70 named, 4 flagged. The
    // loan-agent rule of the twenty-sixth session names 2 more ("…可贷…随借随还先息后本联系周经理…"): 74 named, 4 flagged.
    [InlineData("loans21.jsonl", 0.90, 0.051)]
    // blind22.jsonl: 200 by a helper of the twenty-first session who read nothing in the repository, written after the
    // session's changes (none of which touches this kind): 100 acquaintance scams in the outside test's guises (teachers,
    // bosses and secretaries, "representatives", relatives and friends away; most without the classic phrases; 60 SMS, 40
    // chat) and 100 genuine look-alikes, half of them hard (relatives and bosses asking to pay a third party, to 先垫付, 帮我订).
    // Never learned, measured once: 97 of 100 scams named, 12 of 100 genuine flagged (11 as impersonate_acquaintance). The
    // model the outside figure was measured on names 51.7 % of its acquaintance SMS (outside 18.5 %) and flags 9 of the 100.
    // The twenty-second session's model (480 bulk-SMS rows learned, none of this kind) flags 14: two more at 0.52, a boss on
    // a plane asking to have finance pay a contract and a brother asking to book two tables with a deposit; 97 named (top-1 91.5 %).
    // The floor and ceiling moved from 92 % and 12 to 91.5 % and 14 with it (BENCHMARKS.md, "Twenty-second session").
    [InlineData("blind22.jsonl", 0.915, 0.141)]
    // newacct25.jsonl: 160 by a helper of the twenty-fifth session who read nothing in the repository and used no search,
    // written without seeing the new-account and card-PIN rules (FraudClassifier.IsNewAccountAsk, IsCardPinAsk): 40
    // "the account changed, pay the new one" scams (landlords, schools, classes, suppliers, bosses), 40 "buy a card and
    // send its PIN" scams, 40 genuine messages about changed accounts and 40 about top-up and gift cards; 5 that shared
    // over 30 % of their 8-character pieces with a learned row were dropped (155 left). Measured once with the rules as
    // first written: no answer changed (63 of 79 scams named, 2 of 76 genuine flagged, both by the model). The new-account
    // rule was then widened by what it showed ("卡丢了", "新卡", "保育费请交至", "以后打这个"), so it is a development set for
    // it: 66 named, the same 2 flagged; without the rules 63 (top-1 88.4 %).
    [InlineData("newacct25.jsonl", 0.90, 0.027)]
    // links25.jsonl: 160 SMS by a second helper of the twenty-fifth session, same rules, written without seeing the
    // money-through-a-link rule (FraudClassifier.IsMoneyLink): 80 phishing SMS that send the reader to a link for cash
    // (points, refunds, insurance and tax refunds) or to re-verify an account, 80 genuine notices about points, refunds
    // and verification, many with links; 36 that shared over 30 % of their 8-character pieces with a learned row were
    // dropped (124 left: 68 scams, 56 genuine). Measured once with the rule as first written: no answer changed (57 named,
    // 9 of the rest called impersonate_police: insurers', tax and medical-insurance refunds; 2 genuine flagged by the
    // model). The rule then left out genuine warnings ("本公司不会以简讯要求点击连结办理退费") and read 点数 and 红利 as points,
    // which changed no answer here either; the set guards the rule's false alarms.
    [InlineData("links25.jsonl", 0.89, 0.036)]
    // gov25.jsonl: 160 SMS by a third helper of the twenty-fifth session, same rules, written without seeing the
    // government-link rule (FraudClassifier.IsGovernmentLink): 80 posing as social and medical insurance, housing fund,
    // tax, traffic police, police, courts, health-code and other offices (Taiwan's and Hong Kong's among them) that send
    // the reader to a link, 80 genuine notices of the same offices; 24 that shared over 30 % of their 8-character pieces
    // with a learned row were dropped (136 left: 75 scams, 61 genuine). Measured once with the rule: no answer changed
    // (64 named, 1 genuine flagged by the model); the rule holds for 14 of its scams and none of its genuine notices.
    [InlineData("gov25.jsonl", 0.91, 0.017)]
    // stocks25.jsonl: 160 by a fourth helper of the twenty-fifth session, same rules, written without seeing the
    // stock-tip rule (FraudClassifier.IsStockTip): 80 stock-tip scams (free picks, "tomorrow's limit-up", insider news,
    // teachers' groups to join by WeChat, QQ, LINE, a link or a reply; 14 chat) and 80 genuine messages about shares
    // (brokers' and funds' notices with risk warnings, exchange and regulator news, friends and colleagues talking about
    // their shares, warnings about tip groups); 8 that shared over 30 % of their 8-character pieces with a learned row were
    // dropped (152 left: 80 scams, 72 genuine). Measured once with the rule as first written: it flagged one genuine
    // message more ("今天群里又有人在吹明天涨停的票，我直接把群退了，全是广告"), and held for 5 warnings and news items. Warnings and
    // news were then left out of the rule ("骗", "别信", "非法", "冒充", "退了"…), so it is a development set for it: 79 of 80
    // named and 1 genuine flagged by the model, as without the rule.
    [InlineData("stocks25.jsonl", 0.98, 0.014)]
    // loans26.jsonl: 160 SMS by a helper of the twenty-sixth session who read nothing in the repository and used no search,
    // written without seeing the loan-agent rule (FraudClassifier.IsLoanAgent): 80 loan agents' and small loan companies'
    // bulk adverts (40 without a mobile: the company's voice, an office, a hotline, a manager's surname; 10 in traditional
    // characters) and 80 genuine messages about loans (banks' own adverts and notices, bank and credit-union officers,
    // relatives and partners short of cash, warnings and news); 15 that shared over 30 % of their 8-character pieces with a
    // learned row were dropped (145 left: 80 adverts, 65 genuine, all the dropped ones banks' notices). Measured once with
    // the rule as written: 77 of 80 named (76 without it: "本公司劳动节期间正常放款…地址：…"), 4 of 65 genuine flagged by
    // the model with or without it (three relatives or partners asking to borrow, a regulator's warning that quotes the
    // adverts' words). Top-1 95.2 %, 94.5 % without the rule.
    [InlineData("loans26.jsonl", 0.95, 0.062)]
    // govthreat26.jsonl: 160 by a second helper of the twenty-sixth session, same rules, written without seeing the
    // government-threat rule (FraudClassifier.IsGovernmentThreat): 80 scams in the name of social and medical insurance,
    // housing funds, tax, traffic police, epidemic offices, courts, procuratorates, police, customs and civil affairs that
    // threaten a loss or a case unless the reader acts through a site, a link, a call back or a key (10 in traditional
    // characters, 41 without a real-looking link), and 80 genuine notices of the same offices with deadlines, consequences
    // and things to do through their own apps, numbers and halls; 20 that shared over 30 % of their 8-character pieces
    // with a learned row were dropped (140 left: 77 scams, 63 genuine). Measured once with the rule: it holds for 43 of its
    // scams and none of its genuine notices, and no answer changed (71 named by the model already; 4 genuine flagged by the
    // model, among them a traffic police notice that sends the reader to the 12123 app). The own-channel caution
    // (FraudClassifier.IsOwnChannelNotice), written after reading that notice, holds it back: 3 flagged (a development set
    // for the caution).
    [InlineData("govthreat26.jsonl", 0.92, 0.064)]
    // acq27.jsonl: 200 by a helper of the twenty-seventh session who read nothing in the repository and used no search:
    // 110 acquaintance scams in the outside test's guises (class teachers and headmasters, bosses to their accountants,
    // representatives ordering goods, village cadres, friends with a new number, children abroad, relatives in hospital,
    // landlords, colleagues booking a leader's ticket; 59 chat excerpts, 10 in traditional characters) and 90 genuine
    // look-alikes (schools' own payment platforms, relatives asking for money in an ordinary way, AA bills, anti-fraud
    // reminders); 6 that shared over 30 % of their 8-character pieces with a learned row were dropped (194 left: 107
    // scams, 87 genuine). Measured once: 105 of 107 named, 2 genuine flagged (a son giving his new number abroad, a teacher
    // warning that the "陈老师" posting a payment code was not her).
    [InlineData("acq27.jsonl", 0.97, 0.023)]
    // invest27.jsonl: 150 call transcripts by a second helper of the twenty-seventh session, same rules: 90 investment-scam
    // calls (stock tips, private funds, pre-IPO shares, futures, forex, gold, crypto, pension and "national" projects,
    // collectibles; cold calls that only ask to add WeChat, pitches, top-ups, blocked withdrawals, "recovery" calls;
    // 224-1,930 characters, labelled, unlabelled and run-on speech-recognition styles) and 60 genuine look-alikes (bank
    // wealth managers, brokers' return visits, fund redemptions, insurers, relatives talking shares, warning calls); none
    // dropped. Measured once: 88 of 90 named (a withdrawal "fee" call named fake_loan, a "rights centre" recovery call
    // impersonate_police), 2 genuine flagged fake_investment: a police warning call and a bank's risk call, which retell
    // the scam they warn of.
    [InlineData("invest27.jsonl", 0.97, 0.034)]
    // acqhard27.jsonl: 240 SMS by a fourth helper of the twenty-seventh session, same rules, written after acq27 showed that
    // set to be far easier than the outside one (the model of the outside figure names 67.3 % of its scams; outside
    // 18.5 %): 140 acquaintance scams without the phrases every poster quotes (no new number, no "guess who", no
    // trouble, no secrecy), matter-of-fact and specific, 28 each from teachers and schools, bosses, client and
    // manufacturer representatives, friends and relatives away, and village and association officials, asking to buy,
    // book, pay a fee or pass money on to a third party; 100 genuine requests from the same people through official
    // channels or in person. None dropped. The model of the outside figure names 23.6 % of its scams (outside 18.5 %): the
    // nearest stand-in for the outside acquaintance SMS so far. Measured once: 124 of 140 named (11 not sure, most
    // leaning to acquaintance at 0.23-0.46; 2 ordinary; 3 another type), no genuine message flagged. Its misses were read
    // before the pay-for-me rule (FraudClassifier.IsPayForMeAsk) was written on acqdev27, so it is not a clean test of
    // that rule: 130 named with it (top-1 95.8 %, 93.3 % without), none flagged.
    [InlineData("acqhard27.jsonl", 0.95, 0.0)]
    // acqdev27.jsonl: 240 by a fifth helper of the twenty-seventh session, same rules and the same brief as acqhard27
    // (the scams 99 SMS and 41 chat, 10 in traditional characters); 1 dropped for overlap with a learned row (239 left: 140 scams, 99
    // genuine). First measured: 111 of 140 named, 3 of 99 genuine flagged (a buyer asking for samples at his cost, a
    // nephew passing on that a payment is coming, a cousin bringing cash). The development set of the pay-for-me rule:
    // 121 named with it, the same 3 flagged (top-1 90.8 %, 86.6 % without the rule).
    [InlineData("acqdev27.jsonl", 0.90, 0.031)]
    // acqtest27.jsonl: 220 by a sixth helper of the twenty-seventh session, same rules, a like brief written after the
    // pay-for-me rule was finished: 130 acquaintance scams (95 SMS, 35 chat; the money to the sender, a third party, a code
    // or a link; 8 in traditional characters) and 90 genuine look-alikes, many the honest twin of a scam; none dropped. The
    // clean test of the rule. Measured once: 122 of 130 named, 2 of them by the rule (120 without it); 4 of 90 genuine
    // flagged, all by the model (a finance clerk's and a boss's payments "按流程走付款审批", "按合同上的对公账户付", a landlord's
    // "转到原来的卡", an office's "不需要您那边垫付"). Top-1 94.5 %, 93.6 % without the rule.
    [InlineData("acqtest27.jsonl", 0.94, 0.045)]
    // service27.jsonl: 200 by a third helper of the twenty-seventh session, same rules: 110 ordinary customer-service
    // calls (carriers, broadband, air and rail tickets, hotels, utilities, hospitals, app help, bank hotlines, after-sales,
    // couriers, insurance claims; refunds, last-four-digit checks and "abnormal login" included; 19 run-on), 50 ordinary
    // SMS and 40 fake customer-service calls; 12 SMS that shared over 30 % of their 8-character pieces with a learned row
    // were dropped (188 left). Measured once: no genuine message flagged or "not sure"; 30 of 40 scams named. Of the 10,
    // 2 "cancel your student account" calls are named fake_credit, as PRODUCT.md files 注销校园贷 (虚假征信), 3 are named
    // impersonate_police (an account "involved in gambling", a number "to be cut off"), 3 fake_loan (a credit-limit raise,
    // a 金条 account, a 砍一刀 cash prize with a fee; the last "not sure" since the disguised loan words of the same
    // session retrained the model), 2 not sure.
    [InlineData("service27.jsonl", 0.94, 0.0)]
    // speaks30.jsonl: 200 by a helper of the thirtieth session who read nothing in the repository, written after the rule
    // that a police impersonation or investment pitch must speak to someone (FraudClassifier.SpeaksToSomeone) and without
    // seeing it: 70 police impersonations and 70 investment scams (SMS, call lines, bare fragments, residents' retellings
    // and questions, a few English), 60 news sentences about police cases and markets. 3 rows that copied its brief and 17
    // that shared over 30 % of their 8-character pieces with a learned row were dropped (180 left: 62, 65, 53). First
    // measured on all 200: 131 of 140 named before the rule, 128 with it as first written, news flagged 7 → 5 of 60. The
    // rule's words were then widened by its misses (an ask to move money, "回1", 日结) and narrowed by its news (诈骗, 冒充,
    // 冻结涉案资金 no longer count), so it is a development set now: of the 180, 118 of 127 named (119 before the rule),
    // 2 of 53 news sentences flagged (5 before).
    [InlineData("speaks30.jsonl", 0.92, 0.04)]
    // blind35.jsonl: written by a helper of the thirty-fifth session who read nothing in the repository and used no search,
    // in the outside test's shape and messy like collected messages (brackets or none, masked numbers and links, evasive
    // spellings, some traditional characters): 300 rows (100 ordinary SMS, a third of them hard; 40 ordinary service calls of
    // 159–415 characters; 32 SMS each of fake_customer_service, impersonate_police and fake_loan; 32 impersonate_acquaintance
    // SMS and chats, most without the classic phrases; 32 fake_investment calls of 309–1,212 characters). 39 that shared
    // over 30 % of their 8-character pieces with a learned row were dropped (most of them banks', carriers' and offices'
    // stock notices), 261 left; 1 征信修复 advert the writer filed under fake_loan is fake_credit by DATA.md's one rule.
    // Never learned; measured once with the shipped model (566fcf53fa7a8f53), nothing chosen by it: 140 of 146 frauds
    // named, 0 of 115 ordinary flagged (97.7 % top-1 over all 261). Of the 300 before dropping: 152 of 160, 0 of 140.
    [InlineData("blind35.jsonl", 0.97, 0.01)]
    public void Unseen_team_written_sets_are_reported(string file, double top1Floor, double flaggedCeiling)
    {
        var result = Measure.Score(Measure.Load(file), file);
        output.WriteLine(result.Report);
        Console.WriteLine(result.Report);
        Assert.True(result.Top1 >= top1Floor, result.Report);
        Assert.True(result.FlaggedRate <= flaggedCeiling, result.Report);
    }

    // lookalikes16.jsonl: 140 messages by a helper of the sixteenth session who read nothing in the repository, written
    // after the call-back and guess-who cautions (FraudClassifier.IsCallBackNotice, Caution.GuessWho) and without seeing
    // them: 40 card-spending, annual-fee and renewal scams with a number to call, 40 genuine debit notices (bank, utility,
    // property, school, insurance, ETC, subscriptions), 30 "guess who I am" openings, 30 everyday messages with like words.
    // First measured: 12 of the 40 debit scams and 3 of the 30 openings "not sure" by a caution, 1 genuine message too
    // ("你这记性，贵人多忘事啊…"), none named. The cautions were then widened by what it showed (the sum before the verb of
    // taking, "拨" alone, six more phrases): 14 and 7, the same genuine one. So it is a development set now; it guards
    // the cautions: without them 27 of its scams are answered "looks ordinary", with them 11.
    [Fact]
    public void Scams_that_read_like_a_bank_notice_or_an_old_friend_are_seldom_called_ordinary()
    {
        var set = Measure.Load("lookalikes16.jsonl");
        var result = Measure.Score(set, "lookalikes16");
        output.WriteLine(result.Report);
        var calledOrdinary = set.Count(m => m.Type != FraudTypes.Other && FraudClassifier.Default.Classify(m.Text).Verdict == Verdict.Ordinary);
        // Nineteenth session: the model that learned the session's acquaintance and loan rows named one of its 70 genuine
        // messages impersonate_police 0.52, "【ETC】尊敬的车主，您的车辆苏A***9在沪宁高速通行费33.60元已从记账卡扣除。"; a sum to the
        // cent already taken with nothing asked is now "not sure" (Caution.SettledDebit), which changed no other answer of
        // any set (BENCHMARKS.md, "Nineteenth session").
        Assert.Equal(0, result.Flagged);
        Assert.True(calledOrdinary <= 11, $"{calledOrdinary} scams answered 'looks ordinary'\n{result.Report}");
    }

    // cautions/prize21.jsonl: 160 messages by a helper of the twenty-first session who read nothing in the repository,
    // written without seeing the prize caution (Caution.Prize): 80 prize scams ("prize", none of the ten types; 60 SMS, 25
    // of them in the bulk style that dodges filters, 10 calls, 10 chats) and 80 genuine look-alikes (shop and carrier
    // draws, lottery notices, prizes in official apps, colleagues' and relatives' luck). Team-written. Measured once with
    // the caution as first written: 50 scams given a fraud type, 21 "be careful: prize scam", 5 plain "not sure", 4
    // "looks ordinary"; none of the 80 genuine given a type or the caution. The caution was then widened by what it showed
    // (a number to call, a deposit, sums in capital numerals), so it is a development set now: 79 of 80 warned.
    [Fact]
    public void Prize_scams_are_warned_about_and_genuine_prizes_are_not()
    {
        var set = Measure.Load(Path.Combine("cautions", "prize21.jsonl"));
        var answers = set.Select(m => (m.Type, Answer: FraudClassifier.Default.Classify(m.Text))).ToList();
        var warned = answers.Count(a => a.Type == "prize" && (a.Answer.Verdict == Verdict.Fraud || a.Answer.Caution == Caution.Prize));
        var cautioned = answers.Count(a => a.Type == "prize" && a.Answer.Caution == Caution.Prize);
        var genuineWarned = answers.Count(a => a.Type == FraudTypes.Other && (a.Answer.Verdict == Verdict.Fraud || a.Answer.Caution != Caution.None));
        var report = $"prize21: {warned} of 80 prize scams warned about ({cautioned} by the prize caution); {genuineWarned} of 80 genuine given a type or a caution";
        output.WriteLine(report);
        Assert.Equal(80, answers.Count(a => a.Type == "prize"));
        Assert.True(warned >= 76, report);
        Assert.True(cautioned >= 20, report); // without the caution these are "not sure" or "looks ordinary"
        Assert.True(genuineWarned <= 1, report);
    }

    // courier18.jsonl: 200 courier and post office SMS by a helper of the eighteenth session who read nothing in the
    // repository, written while the courier-call caution was being written and without seeing it: 100 genuine delivery
    // problems and arrangements (53 with the courier's own mobile number, 20 informal texts from couriers), 100 fake
    // courier customer service (26 with only a number to call). Team-written. Measured once, before and after the
    // caution: 0 of 100 genuine flagged, 93 of 100 scams named, both times (the caution changed none of the 200).
    [Fact]
    public void Genuine_courier_notices_are_not_called_scams_and_fake_ones_are()
    {
        var set = Measure.Load("courier18.jsonl");
        var result = Measure.Score(set, "courier18");
        output.WriteLine(result.Report);
        Assert.Equal(0, result.Flagged);
        var named = set.Count(m => m.Type != FraudTypes.Other && FraudClassifier.Default.Classify(m.Text).Type == m.Type);
        Assert.True(named >= 90, $"{named} of 100 fake courier notices named\n{result.Report}");
    }

    // The outside test's calls are transcripts whose layout we never saw; ours carry speaker labels ("客服：", "A："), one
    // turn a line, and punctuation. A call laid out otherwise must score the same: the same calls of blind5–12 (team-written,
    // 305 investment pitches and 290 ordinary service calls) run together without labels or line breaks, and as a speech
    // recogniser without punctuation gives them. Measured when written (fourteenth session): 593 of 595 right as written,
    // 593 without labels and line breaks, 590 without punctuation; 0 of 290 ordinary calls flagged in each.
    [Theory]
    [InlineData("no speaker labels or line breaks")]
    [InlineData("no punctuation either")]
    public void Call_transcripts_score_alike_whatever_their_layout(string layout)
    {
        var calls = Blind(["blind5-varied", "blind6", "blind7", "blind8", "blind9", "blind10", "blind11", "blind12"], "call");
        var keepPunctuation = layout.StartsWith("no speaker", StringComparison.Ordinal);
        var relaid = calls.Select(m => m with { Text = Relay(m.Text, keepPunctuation) }).ToList();
        Assert.All(relaid, m => Assert.DoesNotContain('\n', m.Text));
        ScoresAlike(calls, relaid, "calls, " + layout, 0.01);
    }

    private static List<Labelled> Blind(string[] sets, string kind) =>
        sets.SelectMany(name => Measure.Load(name + ".jsonl")).Where(m => m.Kind == kind).ToList();

    private static readonly string[] Blind8To12 = ["blind8", "blind9", "blind10", "blind11", "blind12"];

    /// <summary>The same messages written another way score as written: top-1 and ordinary flagged within
    /// <paramref name="tolerance"/>.</summary>
    private static void ScoresAlike(List<Labelled> asWritten, List<Labelled> rewritten, string how, double tolerance)
    {
        var original = Measure.Score(asWritten, "as written");
        var other = Measure.Score(rewritten, how);
        Console.WriteLine(original.Report);
        Console.WriteLine(other.Report);
        Assert.True(other.Top1 >= original.Top1 - tolerance, $"{other.Report} against {original.Report}");
        Assert.True(other.FlaggedRate <= original.FlaggedRate + tolerance, $"{other.Report} against {original.Report}");
    }

    private static string Relay(string transcript, bool keepPunctuation)
    {
        var turns = transcript.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(turn => SpeakerLabel().Replace(turn, ""));
        var text = string.Concat(turns);
        return keepPunctuation ? text : new string(text.Where(c => !char.IsPunctuation(c)).ToArray());
    }

    [GeneratedRegex("^[^：:]{1,6}[：:]")]
    private static partial Regex SpeakerLabel();

    // Spam spells words out to dodge filters. The SMS of blind8–12 (team-written, 740 frauds and 320 ordinary) with a space
    // or a "·" between every two Chinese characters must score as written. Before TextFold.Squeeze (fourteenth session)
    // both respellings named 467 of the 740 frauds against 711 as written; with it 707 and 710 (BENCHMARKS.md).
    [Theory]
    [InlineData(" ")]
    [InlineData("·")]
    public void Sms_spelled_apart_score_as_written(string filler)
    {
        var sms = Blind(Blind8To12, "sms");
        var apart = sms.Select(m => m with { Text = BetweenChineseCharacters().Replace(m.Text, "$1" + filler) }).ToList();
        ScoresAlike(sms, apart, $"SMS with '{filler}' between characters", 0.01);
    }

    [GeneratedRegex("([\\u4e00-\\u9fff])(?=[\\u4e00-\\u9fff])")]
    private static partial Regex BetweenChineseCharacters();

    // Residents pass a message on with their own question before or after it. The SMS of blind8–12 (team-written) with one
    // must score as written. Before FraudClassifier.WithoutQuestion (fourteenth session), with "帮我看看这个是不是骗子？" on a line
    // above them 645 of their 740 frauds were named against 711 as written; with "这是诈骗吗？" in front 680; with
    // "帮我看看是不是骗子" on a line below 667 (BENCHMARKS.md).
    [Theory]
    [InlineData("帮我看看这个是不是骗子？\n", "")]
    [InlineData("这是诈骗吗？", "")]
    [InlineData("我收到这条短信：", "")]
    [InlineData("", "\n帮我看看是不是骗子")]
    [InlineData("大家注意这条：\n", "")] // before: 643
    [InlineData("这是什么意思？\n", "")] // before: 693
    public void Sms_passed_on_with_a_question_score_as_written(string before, string after)
    {
        var sms = Blind(Blind8To12, "sms");
        var asked = sms.Select(m => m with { Text = before + m.Text + after }).ToList();
        ScoresAlike(sms, asked, $"SMS with '{(before + after).Trim()}'", 0.01);
    }

    // A phone's "extract text" or a narrow screen copies a message cut into lines of one width. The SMS of blind8–12
    // (team-written) cut every 14 or 18 characters must score as written. Before FraudClassifier.Unwrapped (fourteenth
    // session) 702 and 701 of their 740 frauds were named against 711 as written (BENCHMARKS.md).
    [Theory]
    [InlineData(14)]
    [InlineData(18)]
    public void Sms_cut_into_lines_of_one_width_score_as_written(int width)
    {
        var sms = Blind(Blind8To12, "sms");
        var cut = sms.Select(m => m with { Text = string.Join('\n', m.Text.Chunk(width).Select(chars => new string(chars))) }).ToList();
        ScoresAlike(sms, cut, $"SMS cut every {width} characters", 0.005);
    }

    // Collections anonymise: a phone number becomes "<PHONE>" or "{phone}", a link "<URL>". The SMS of blind8–12 with a
    // phone number or a link (team-written, 210 frauds and 17 ordinary) written that way must score as written. Before
    // TextFold.Placeholders (fourteenth session) 190 of the 210 were named against 203 as written (BENCHMARKS.md).
    [Theory]
    [InlineData("<PHONE>", "<URL>")]
    [InlineData("{phone}", "{url}")]
    [InlineData("[手机号]", "[链接]")]
    public void Sms_with_numbers_and_links_anonymised_score_as_written(string phone, string link)
    {
        var sms = Blind(Blind8To12, "sms").Where(m => PhoneNumber().IsMatch(m.Text) || Link().IsMatch(m.Text)).ToList();
        Assert.True(sms.Count > 200, $"{sms.Count} SMS with a number or a link");
        var anonymised = sms.Select(m => m with { Text = Link().Replace(PhoneNumber().Replace(m.Text, phone), link) }).ToList();
        ScoresAlike(sms, anonymised, $"SMS with {phone} and {link}", 0.02);
    }

    [GeneratedRegex("(?<!\\d)(1[3-9]\\d[ -]?\\d{4}[ -]?\\d{4}|0\\d{2,3}-?\\d{7,8}|400-?\\d{3}-?\\d{4}|95\\d{3})(?!\\d)")]
    private static partial Regex PhoneNumber();

    [GeneratedRegex("(https?://)?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.(cn|com|top|vip|cc|xyz|net|info|org|shop|club|icu)(/[A-Za-z0-9/._?=&%-]*)?")]
    private static partial Regex Link();

    // Traditional-character twins of blind2 and blind3 (OpenCC s2t, tools/detection-data/traditional_sets.py; team-written,
    // so they measure only us): a message forwarded from Taiwan or Hong Kong is folded to simplified before matching and
    // scores as its original does. Before the folding the twins scored far lower (BENCHMARKS.md, Detection).
    [Theory]
    [InlineData("blind2.jsonl", "blind2-traditional.jsonl")]
    [InlineData("blind3.jsonl", "blind3-traditional.jsonl")]
    public void Traditional_twins_score_like_their_simplified_originals(string original, string traditional)
    {
        var simplified = Measure.Score(Measure.Load(original), original);
        var twin = Measure.Score(Measure.Load(traditional), traditional);
        output.WriteLine(simplified.Report);
        output.WriteLine(twin.Report);
        Console.WriteLine(twin.Report);
        Assert.True(twin.Top1 >= simplified.Top1 - 0.02, $"{twin.Report} against {simplified.Report}");
        Assert.True(twin.FlaggedRate <= simplified.FlaggedRate + 0.02, $"{twin.Report} against {simplified.Report}");
    }
}
