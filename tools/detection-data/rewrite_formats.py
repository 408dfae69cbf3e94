#!/usr/bin/env python3
"""Rewrites a JSON-lines set in a form data sets and senders store messages in, to measure what the form costs.

    python3 tools/detection-data/rewrite_formats.py MODE IN.jsonl OUT.jsonl [PINYIN_DATA_DIR]

MODE:
  segmented   as a word segmenter writes it: Chinese in words of one to four characters between spaces, ASCII runs and
              numbers whole, punctuation on its own ("您好 ， 这里 是 平台 客服")
  spaced      a space after every character ("加 微 信 1 3 8 …"), a space of the text becoming three
  unpunctuated  without Chinese or ASCII punctuation, as speech recognisers write calls
  escaped     line breaks written as the two characters \\n
  fullwidth   ASCII letters, digits and signs in their full-width forms
  homophone5, homophone10
              5 or 10 % of the common Chinese characters replaced by another common character of the same toneless
              syllable, as a speech recogniser mishears them; needs PINYIN_DATA_DIR holding kMandarin_8105.txt of
              mozillazg/pinyin-data (MIT, a public repository: fetch it), and reads "common" as a character seen 20
              times or more in the learned data
  blanked-en, blanked-zh
              phones, links, bank cards and numbers of three digits or more replaced as an anonymiser does: "[PHONE]",
              "[URL]", "[CARD]", "[NUM]", or "[电话]", "[链接]", "[卡号]", "[数字]" (thirtieth session)
  masked-x    every digit written x, as the 800k SMS set masks them
  masked-star mobile numbers as "139****5678"
Every other field is kept. Deterministic (fixed seeds). BENCHMARKS.md, "Twenty-ninth session" and "Thirtieth session".
"""
import glob, json, os, random, re, sys, unicodedata

mode, src, dst = sys.argv[1:4]
rnd = random.Random(5)
CJK = re.compile(r"[\u4e00-\u9fff]")
repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def segmented(t):
    out = []
    for m in re.finditer(r"[\u4e00-\u9fff]+|[A-Za-z0-9_.:/@%-]+|\s+|.", t):
        g = m.group()
        if CJK.match(g):
            i = 0
            while i < len(g):
                n = rnd.choice([1, 2, 2, 2, 3, 4])
                out.append(g[i:i + n])
                i += n
        elif g.strip():
            out.append(g)
        elif "\n" in g:
            out.append("\n")
    return " ".join(out)


def homophones(rate, pinyin_dir):
    def toneless(s):
        s = s.replace("ü", "v")
        return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)).lower()
    syllable = {}
    for line in open(os.path.join(pinyin_dir, "kMandarin_8105.txt"), encoding="utf-8"):
        m = re.match(r"U\+([0-9A-F]+):\s*([^#\s,]+)", line)
        if m:
            syllable[chr(int(m.group(1), 16))] = toneless(m.group(2))
    seen = {}
    for path in glob.glob(os.path.join(repo, "src/FraudWatch.Detection/Data/*.jsonl")):
        for line in open(path, encoding="utf-8"):
            if line.strip():
                for c in json.loads(line)["text"]:
                    if CJK.match(c):
                        seen[c] = seen.get(c, 0) + 1
    common = {c for c, n in seen.items() if n >= 20}
    alike = {}
    for c, s in syllable.items():
        if c in common:
            alike.setdefault(s, []).append(c)
    noise = random.Random(1)

    def rewrite(t):
        chars = list(t)
        for i, c in enumerate(chars):
            if c in syllable and noise.random() < rate:
                others = [a for a in alike.get(syllable[c], []) if a != c]
                if others:
                    chars[i] = noise.choice(others)
        return "".join(chars)
    return rewrite


URL = re.compile(r"(https?://|www\.)[A-Za-z0-9./?=&_%#:-]+|[A-Za-z0-9-]+\.(com|cn|net|top|xyz|cc|vip|org)(/[A-Za-z0-9./?=&_%-]*)?")
PHONE = re.compile(r"(?<!\d)(\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)|(?<!\d)(400|800)-?\d{3}-?\d{4}(?!\d)")
CARD = re.compile(r"(?<!\d)\d{4}[ ]?\d{4}[ ]?\d{4}[ ]?\d{4}([ ]?\d{1,3})?(?!\d)")
NUMBER = re.compile(r"(?<![\d.])\d{3,}(?![\d])")


def blanked(tags):
    def rewrite(t):
        t = URL.sub(tags[0], t)
        t = CARD.sub(tags[2], t)
        t = PHONE.sub(tags[1], t)
        return NUMBER.sub(tags[3], t)
    return rewrite


rewrite = {
    "blanked-en": blanked(("[URL]", "[PHONE]", "[CARD]", "[NUM]")),
    "blanked-zh": blanked(("[链接]", "[电话]", "[卡号]", "[数字]")),
    "masked-x": lambda t: re.sub(r"\d", "x", t),
    "masked-star": lambda t: re.sub(r"(?<!\d)1[3-9]\d{9}(?!\d)", lambda m: m.group()[:3] + "****" + m.group()[7:], t),
    "segmented": segmented,
    "spaced": lambda t: " ".join(t),
    "unpunctuated": lambda t: re.sub(r"[，。！？、；：,.!?;:“”\"'（）()【】\[\]《》]", "", t),
    "escaped": lambda t: t.replace("\n", "\\n"),
    "fullwidth": lambda t: "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in t),
}.get(mode) or (homophones(int(mode[len("homophone"):]) / 100, sys.argv[4]) if mode.startswith("homophone") else None)
if rewrite is None:
    sys.exit(__doc__)
with open(dst, "w", encoding="utf-8") as out:
    for line in open(src, encoding="utf-8"):
        if line.strip():
            row = json.loads(line)
            row["text"] = rewrite(row["text"])
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
