#!/usr/bin/env python3
"""What a threshold of its own for one fraud type would do, from out-of-fold probabilities.

    CV_PROBABILITIES=P.tsv dotnet run --project tools/train-detection -c Release -- cv-sources
    python3 tools/detection-data/type_thresholds.py P.tsv

For each type and each threshold, how many more (or fewer) learned scams of every type are named and how many more
Chinese ordinary messages are flagged than with the shipped rule (FraudClassifier.Decide: the likeliest type is named
when the probability of any fraud reaches 0.5 and that type holds at least half of it; "other" at 0.8), where the
named type's own threshold replaces 0.5. Probabilities are softened by the shipped temperature, 1.2. English ordinary
messages (the SMS Spam Collection) are left out of the flags: the outside set is Chinese.
"""
import math
import sys

CLASSES = ("task_rebate fake_investment fake_shopping fake_customer_service fake_loan fake_credit "
           "impersonate_acquaintance impersonate_police romance game_trade other").split()
OTHER = len(CLASSES) - 1
TEMPERATURE, FRAUD, SHARE, ORDINARY = 1.2, 0.5, 0.5, 0.8


def soften(p):
    logits = [math.log(max(1e-300, x)) / TEMPERATURE for x in p]
    top = max(logits)
    e = [math.exp(x - top) for x in logits]
    return [x / sum(e) for x in e]


def decide(p, own):
    best = max(range(OTHER), key=lambda c: p[c])
    fraud = 1 - p[OTHER]
    if fraud >= own.get(CLASSES[best], FRAUD) and p[best] >= SHARE * fraud:
        return best
    return OTHER if p[OTHER] >= ORDINARY else -1


def score(rows, own):
    named = flagged = 0
    for source, truth, p in rows:
        answer = decide(p, own)
        if truth == "other":
            flagged += source != "sms-spam-collection" and 0 <= answer != OTHER
        elif answer >= 0 and CLASSES[answer] == truth:
            named += 1
    return named, flagged


def main(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        source, truth, probabilities = line.rstrip("\n").split("\t")
        rows.append((source, truth, soften([float(x) for x in probabilities.split(",")])))
    named, flagged = score(rows, {})
    print(f"shipped rule: {named} named of {sum(t != 'other' for _, t, _ in rows)}, "
          f"{flagged} Chinese ordinary flagged of {sum(t == 'other' and s != 'sms-spam-collection' for s, t, _ in rows)}")
    for kind in CLASSES[:OTHER]:
        for threshold in (0.3, 0.35, 0.4, 0.45, 0.55, 0.6, 0.7, 0.8):
            n, f = score(rows, {kind: threshold})
            print(f"{kind:26} {threshold:.2f}: named {n - named:+d}, flagged {f - flagged:+d}")


if __name__ == "__main__":
    main(sys.argv[1])
