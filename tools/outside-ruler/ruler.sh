#!/usr/bin/env bash
# The outside figure's model as a ruler (BENCHMARKS.md, "Nineteenth session").
#
#   bash tools/outside-ruler/ruler.sh FILE.jsonl [FILE.jsonl ...]
#
# Each FILE holds one JSON object a line with "text" and "type" (and, optionally, "kind"). For every file it prints, per
# type and kind, how often two models are right:
#   - the model the outside figure (61.9 % right type, 16.0 % of harmless messages flagged) was measured on: the naive
#     Bayes with keyword rules of commit 3007916, rebuilt from that commit in a temporary folder;
#   - the model of the working tree (tools/train-detection's `dump`).
# "Right" is the type named for a scam, and not being flagged for an ordinary message. A set the old model finds as hard
# as the outside set (its outside figures per kind are in issue 11 and BENCHMARKS.md) stands in for that kind of the
# outside set. Needs the .NET SDK and python3; the first run restores the old commit's packages.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 FILE.jsonl..." >&2; exit 2; }
repo=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
files=()
for f in "$@"; do files+=("$(realpath "$f")"); done

git -C "$repo" archive 3007916 src/FraudWatch.Detection Directory.Build.props Directory.Packages.props global.json | tar -x -C "$work"
mkdir "$work/tool" "$work/old" "$work/new"
cat > "$work/tool/tool.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TreatWarningsAsErrors>false</TreatWarningsAsErrors></PropertyGroup>
  <ItemGroup><ProjectReference Include="../src/FraudWatch.Detection/FraudWatch.Detection.csproj" /></ItemGroup>
</Project>
XML
cat > "$work/tool/Program.cs" <<'CS'
using System.Text.Json;
using FraudWatch.Detection;

// args: OUTDIR FILE...; writes OUTDIR/<name>.tsv with "truth<TAB>answer" a line.
foreach (var path in args.Skip(1))
{
    var lines = File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l =>
    {
        var row = JsonDocument.Parse(l).RootElement;
        var answer = FraudClassifier.Default.Classify(row.GetProperty("text").GetString()!);
        return $"{row.GetProperty("type").GetString()}\t{answer.Type}";
    });
    File.WriteAllLines(Path.Combine(args[0], Path.GetFileNameWithoutExtension(path) + ".tsv"), lines);
}
CS
echo "building the model of 3007916 ..." >&2
dotnet run -c Release --project "$work/tool" -- "$work/old" "${files[@]}" >&2
echo "building the working tree's model ..." >&2
dotnet build "$repo/tools/train-detection" -c Release -v q >&2
for f in "${files[@]}"; do
  dotnet run --project "$repo/tools/train-detection" -c Release --no-build -- dump "$f" > "$work/new/$(basename "$f" .jsonl).tsv"
done

python3 - "$work" "${files[@]}" <<'PY'
import json, os, sys
from collections import defaultdict
work, files = sys.argv[1], sys.argv[2:]
def rows(path): return [l.rstrip("\n").split("\t") for l in open(path, encoding="utf-8") if l.strip()]
for f in files:
    name = os.path.basename(f)[:-len(".jsonl")]
    data = [json.loads(l) for l in open(f, encoding="utf-8") if l.strip()]
    old, new = rows(f"{work}/old/{name}.tsv"), rows(f"{work}/new/{name}.tsv")
    counts = defaultdict(lambda: [0, 0, 0])
    for d, o, n in zip(data, old, new):
        t = d["type"]
        right = (lambda a: a == t) if t != "other" else (lambda a: a in ("other", "Ordinary", "NotSure"))
        for key in ((t, d.get("kind", "")), (t, "all")):
            c = counts[key]; c[0] += 1; c[1] += right(o[1]); c[2] += right(n[1])
    print(f"\n{name} ({len(data)} messages): right for scams = type named; for ordinary = not flagged")
    print(f"  {'type':26s}{'kind':8s}{'n':>5s}  {'3007916':>15s}  {'working tree':>15s}")
    for (t, k), (n, a, b) in sorted(counts.items()):
        if k:
            print(f"  {t:26s}{k:8s}{n:5d}  {a:5d} ({100*a/n:5.1f}%)  {b:5d} ({100*b/n:5.1f}%)")
PY
