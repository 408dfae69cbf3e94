#!/usr/bin/env python3
"""Writes traditional-character twins of the team-written blind sets (OpenCC s2t, Debian package `opencc`), to check
that a message written in traditional characters is classified like its simplified original.
Deterministic for a given OpenCC version: python3 tools/detection-data/traditional_sets.py
"""
import json
import pathlib
import subprocess

DATA = pathlib.Path(__file__).resolve().parents[2] / "tests" / "FraudWatch.Tests" / "Detection" / "Data"

for name in ["blind2", "blind3"]:
    rows = [json.loads(line) for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [row["text"].replace("\n", "\u2028") for row in rows]
    converted = subprocess.run(["opencc", "-c", "s2t"], input="\n".join(texts).encode(), capture_output=True, check=True)
    out = converted.stdout.decode().split("\n")[: len(rows)]
    with (DATA / f"{name}-traditional.jsonl").open("w", encoding="utf-8") as f:
        for row, text in zip(rows, out):
            f.write(json.dumps({**row, "text": text.replace("\u2028", "\n")}, ensure_ascii=False) + "\n")
    print(f"{name}: {len(rows)} rows -> {name}-traditional.jsonl")
