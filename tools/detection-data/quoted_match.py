"""Rebuilds part of the quoted real messages (quoted-pages.tsv) from texts found again.

The pages that quote the messages are copyrighted, so the repository keeps only each message's set, label, kind, cut
flag, SHA-1 and url. Texts collected again with the search tool's pages and issues corpora (one JSON object a line
with "text"; any other fields are ignored) are matched here by the SHA-1 of their exact text:

    python3 tools/detection-data/quoted_match.py FOUND.jsonl... > quoted.jsonl     # known messages, labelled as in the tsv
    python3 tools/detection-data/quoted_match.py --new FOUND.jsonl... > new.jsonl  # the rest: candidates for a new round

quoted.jsonl has "text", "type" (the tsv's label), "kind", "set", "cut" and "url", ready for
`dotnet run --project tools/train-detection -c Release -- dump quoted.jsonl` or `tools/outside-ruler/ruler.sh`.
A count per set goes to stderr.
"""
import collections, hashlib, json, os, sys

args = sys.argv[1:]
new = "--new" in args
paths = [a for a in args if a != "--new"]
if not paths:
    sys.exit(__doc__)
tsv = os.path.join(os.path.dirname(os.path.abspath(__file__)), "quoted-pages.tsv")
known = {}
with open(tsv, encoding="utf-8") as f:
    header = f.readline().rstrip("\n").split("\t")
    for line in f:
        row = dict(zip(header, line.rstrip("\n").split("\t")))
        known[row["sha1_of_text"]] = row

seen = set()
counts = collections.Counter()
for path in paths:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            found = json.loads(line)
            text = found["text"]
            digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            row = known.get(digest)
            if new and row is None:
                print(json.dumps({**found, "sha1": digest}, ensure_ascii=False))
                counts["new"] += 1
            elif not new and row is not None:
                print(json.dumps({"text": text, "type": row["label"], "kind": row["kind"], "set": row["set"],
                                  "cut": row["cut"] == "true", "url": row["url"]}, ensure_ascii=False))
                counts[row["set"]] += 1
print(", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing matched", file=sys.stderr)
