#!/usr/bin/env python3
"""Turns fetched public corpora into the JSON-lines files FraudWatch.Detection trains and is measured on.

Usage: prepare_real.py SOURCES_DIR
SOURCES_DIR holds the files named in src/FraudWatch.Detection/DATA.md (SMSSpamCollection, CrossWOZ val.json and
test.json, and, for measurement only, the NUS Chinese SMS XML and the FBS SMS category files). Output is
deterministic: the same inputs give the same lines in the same order.
"""
import json, os, random, re, sys, html
import xml.etree.ElementTree as ET

src = sys.argv[1]
repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
train_dir = os.path.join(repo, "src/FraudWatch.Detection/Data")
test_dir = os.path.join(repo, "tests/FraudWatch.Tests/Detection/Data/real")
measure_dir = os.environ.get("FW_MEASURE_DIR", os.path.join(src, "measure"))
for d in (train_dir, test_dir, measure_dir):
    os.makedirs(d, exist_ok=True)

def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{path}: {len(rows)}")

# 1. SMS Spam Collection (CC BY 4.0): the legitimate ("ham") messages are ordinary SMS. Spam is premium-rate prize and
#    ringtone marketing, none of the ten types and not harmless either, so it is left out. Every fifth ham is held out.
ham = []
with open(os.path.join(src, "SMSSpamCollection"), encoding="utf-8") as f:
    for line in f:
        label, _, text = line.rstrip("\n").partition("\t")
        if label == "ham" and text.strip():
            ham.append(html.unescape(text.strip()))
seen = set(); ham = [t for t in ham if not (t in seen or seen.add(t))]
write(os.path.join(train_dir, "sms-spam-collection.jsonl"),
      [{"text": t, "type": "other", "kind": "sms"} for i, t in enumerate(ham) if i % 5 != 0])
write(os.path.join(test_dir, "sms-spam-collection-heldout.jsonl"),
      [{"text": t, "type": "other", "kind": "sms"} for i, t in enumerate(ham) if i % 5 == 0])

# 2. CrossWOZ (Apache-2.0): customer-service style dialogues (hotel, restaurant, attraction, metro, taxi bookings)
#    written by crowd workers, as transcripts "用户：…\n客服：…". The validation dialogues are learned, the test
#    dialogues held out.
def dialogues(name):
    data = json.load(open(os.path.join(src, name), encoding="utf-8"))
    out = []
    for key in sorted(data, key=lambda k: int(k) if k.isdigit() else k):
        lines = [("用户：" if m["role"] == "usr" else "客服：") + m["content"].strip() for m in data[key]["messages"]]
        out.append({"text": "\n".join(lines), "type": "other", "kind": "call"})
    return out
write(os.path.join(train_dir, "crosswoz.jsonl"), dialogues("val.json"))
write(os.path.join(test_dir, "crosswoz-heldout.jsonl"), dialogues("test.json"))

# 3. Measurement only (no licence to ship): NUS SMS Corpus, Chinese part; FBS spam SMS (CCS'20), de-tokenised.
nus = os.path.join(src, "smsCorpus_zh_2015.03.09.xml")
if os.path.exists(nus):
    texts = [m.findtext("text") or "" for m in ET.parse(nus).getroot().iter("message")]
    texts = [t.strip() for t in texts if len(re.findall(r"[\u4e00-\u9fff]", t or "")) >= 6]
    random.Random(11).shuffle(texts)
    write(os.path.join(measure_dir, "nus-sms-zh.jsonl"), [{"text": t, "type": "other", "kind": "sms"} for t in texts[:2000]])

fbs = os.path.join(src, "fbs")
if os.path.isdir(fbs):
    fill = {"CELLPHONE": "13912345678", "PHONE": "0571-88886666", "URL": "http://t.cn/A6x", "DIGIT": "100",
            "NAME": "某", "PLACE": "本市", "HOTLINE": "95588"}
    def detok(s):
        s = re.sub(r"\b(CELLPHONE|PHONE|URL|DIGIT|NAME|PLACE|HOTLINE)", lambda m: " " + fill[m.group(1)] + " ", s)
        s = re.sub(r"(?<=[^\x00-\x7f]) +(?=[^\x00-\x7f])", "", s)
        s = re.sub(r"(?<=[^\x00-\x7f]) +(?=[\x00-\x7f])|(?<=[\x00-\x7f]) +(?=[^\x00-\x7f])", "", s)
        return s.strip()
    rows = []
    for category in sorted(os.listdir(fbs)):
        lines = [detok(l) for l in open(os.path.join(fbs, category), encoding="utf-8") if l.strip()]
        seen = set(); lines = [l for l in lines if not (l in seen or seen.add(l))]
        random.Random(category).shuffle(lines)
        rows += [{"text": l, "category": category, "kind": "sms"} for l in lines[:300]]
    write(os.path.join(measure_dir, "fbs-sms.jsonl"), rows)
