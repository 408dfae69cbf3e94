#!/usr/bin/env python3
"""Writes src/FraudWatch.Detection/CompatibilityForms.g.cs: look-alike characters folded to the ones they stand for.

PDF copies and filter-dodging SMS write Kangxi radicals (U+2F00-2FD5: "⾦融", "⽤户"), CJK compatibility ideographs
(U+F900-FAD9), circled ideographs ("㊙") and circled letters ("Ⓥ信") where the plain character belongs. A character is
folded when its Unicode NFKC form is one other character in the Basic Multilingual Plane that is a CJK unified ideograph
or an ASCII letter, so folding stays char for char. Circled digits are not in the table: TextFold reads them as digits
only in a run of two or more (a phone number written "①③⑧…"), since one alone numbers a list.
Deterministic for a given Unicode version (Python's unicodedata): python3 tools/detection-data/compat_table.py
"""
import pathlib
import unicodedata

from pairs_table import ROOT, write_table

OUT = ROOT / "src" / "FraudWatch.Detection" / "CompatibilityForms.g.cs"
RANGES = [(0x2460, 0x24FF), (0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0x3280, 0x32FF), (0xF900, 0xFAFF)]


def plain(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or ch.isascii() and ch.isalpha()


def main() -> None:
    pairs = []
    for first, last in RANGES:
        for code in range(first, last + 1):
            ch = chr(code)
            folded = unicodedata.normalize("NFKC", ch)
            if folded != ch and len(folded) == 1 and plain(folded):
                pairs.append(ch + folded)
    write_table(OUT, __file__, f"Unicode's NFKC mappings (Unicode {unicodedata.unidata_version})", "CompatibilityForms",
                "a look-alike character, then the character it stands for", pairs)


if __name__ == "__main__":
    main()
