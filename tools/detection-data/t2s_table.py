#!/usr/bin/env python3
"""Writes src/FraudWatch.Detection/TraditionalChinese.g.cs: traditional characters folded to simplified for matching.

A character is folded when OpenCC's t2s conversion (Debian package `opencc`, 1.1.6; its data are Apache-2.0) turns it
into one other character, the character itself is not in GB2312 (so simplified text never uses it and is left as it
is), and its simplified form is in GB2312 and in the Basic Multilingual Plane (so folding stays char for char).
Deterministic for a given OpenCC version: python3 tools/detection-data/t2s_table.py
"""
import pathlib
import subprocess

from pairs_table import ROOT, write_table

OUT = ROOT / "src" / "FraudWatch.Detection" / "TraditionalChinese.g.cs"


def in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def main() -> None:
    chars = [chr(c) for c in list(range(0x3400, 0x4DC0)) + list(range(0x4E00, 0xA000))]
    converted = subprocess.run(["opencc", "-c", "t2s"], input="\n".join(chars).encode(), capture_output=True, check=True)
    simplified = converted.stdout.decode().split("\n")
    version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "opencc"], capture_output=True).stdout.decode().strip()
    pairs = []
    for traditional, s in zip(chars, simplified):
        if s != traditional and len(s) == 1 and ord(s) <= 0xFFFF and not in_gb2312(traditional) and in_gb2312(s):
            pairs.append(traditional + s)
    write_table(OUT, __file__, f"OpenCC's t2s conversion (OpenCC {version or 'unknown version'}; data Apache-2.0)", "TraditionalChinese",
                "a traditional character simplified text never uses, then its simplified form", pairs)


if __name__ == "__main__":
    main()
