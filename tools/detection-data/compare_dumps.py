#!/usr/bin/env python3
"""Compares dumps of dump_sets.sh set by set, and totals the real sets:

    python3 tools/detection-data/compare_dumps.py BEFORE_DIR [AFTER_DIR ...]

For each set: scams of the ten types named with their own type / all of them, and ordinary messages (type "other")
flagged as any type / all of them, one column a dump; "*" marks a set whose figures differ. The last line sums every
real.* set. A scam answered "not sure" is not named; an ordinary message answered "not sure" is not flagged.
"""
import glob, os, sys

TEN = {"task_rebate", "fake_investment", "fake_shopping", "fake_customer_service", "fake_loan", "fake_credit",
       "impersonate_acquaintance", "impersonate_police", "romance", "game_trade"}


def load(folder):
    sets = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.tsv"))):
        with open(path, encoding="utf-8", newline="\n") as f:  # texts may hold \r: lines end at \n only
            sets[os.path.basename(path)[:-4]] = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    return sets


def score(rows):
    named = scams = flagged = ordinary = 0
    for truth, answer, *_ in rows:
        if truth in TEN:
            scams += 1
            named += answer == truth
        elif truth == "other":
            ordinary += 1
            flagged += answer in TEN
    return named, scams, flagged, ordinary


if len(sys.argv) < 2:
    sys.exit(__doc__)
dumps = [load(folder) for folder in sys.argv[1:]]
totals = [[0, 0, 0, 0] for _ in dumps]
for name in sorted(set().union(*dumps)):  # a set missing from a dump counts as empty there
    cells = []
    for k, sets in enumerate(dumps):
        s = score(sets.get(name, []))
        if name.startswith("real."):
            totals[k] = [a + b for a, b in zip(totals[k], s)]
        cells.append(f"{s[0]}/{s[1]} named, {s[2]}/{s[3]} flagged")
    print(f"{name:40s} " + " | ".join(cells) + ("" if len(set(cells)) == 1 else "  *"))
print("real sets: " + " | ".join(f"{t[0]}/{t[1]} named, {t[2]}/{t[3]} flagged" for t in totals))
