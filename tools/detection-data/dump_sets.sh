#!/usr/bin/env bash
# Dumps every labelled set with the working tree's model, one TSV a set, for compare_dumps.py:
#
#   FW_MEASURE_DIR=DIR bash tools/detection-data/dump_sets.sh OUT_DIR
#
# - team-written sets (tests/FraudWatch.Tests/Detection/Data/*.jsonl and cautions/) as NAME.tsv;
# - real sets as real.NAME.tsv: the held-out splits of learned sources (Data/real/), the Cofacts splits not learned
#   (src/FraudWatch.Detection/Data/not-learned/), and, when FW_MEASURE_DIR holds prepare_real.py's output, the
#   measure-only sets (its FBS categories typed, all 800k "normal" texts and the hand-labelled 800k spam; the samples
#   that repeat those are left out so nothing is counted twice); FBS as its segmenter stored it and with its
#   placeholder words as form.NAME.tsv, not in the real totals.
# Each line: truth, answer, top probabilities, rules, caution, text (tools/train-detection's dump). Rebuilds the tool
# first, so the model embedded is the working tree's.
set -euo pipefail
shopt -s nullglob
[ $# -eq 1 ] || { echo "usage: FW_MEASURE_DIR=DIR $0 OUT_DIR" >&2; exit 2; }
repo=$(git rev-parse --show-toplevel)
out=$(realpath -m "$1")
mkdir -p "$out"
dotnet build "$repo/tools/train-detection" -c Release -v q >&2
dll=$repo/tools/train-detection/bin/Release/net10.0/TrainDetection.dll
data=$repo/tests/FraudWatch.Tests/Detection/Data
dumped=0
dump() { (cd "$repo" && dotnet "$dll" dump "$1" > "$out/$2.tsv"); dumped=$((dumped + 1)); }
for f in "$data"/*.jsonl "$data"/cautions/*.jsonl; do dump "$f" "$(basename "$f" .jsonl)"; done
for f in "$data"/real/*.jsonl "$repo"/src/FraudWatch.Detection/Data/not-learned/cofacts-*.jsonl; do dump "$f" "real.$(basename "$f" .jsonl)"; done
if [ -n "${FW_MEASURE_DIR:-}" ]; then
  for f in "$FW_MEASURE_DIR"/*.jsonl; do
    case $(basename "$f") in
      fbs-sms.jsonl | spam800k-normal.jsonl | spam800k-spam.jsonl) continue ;;
      *-segmented.jsonl | *-placeholders.jsonl) dump "$f" "form.$(basename "$f" .jsonl)" ;; # real text in another form: not in the totals
      *) dump "$f" "real.$(basename "$f" .jsonl)" ;;
    esac
  done
fi
echo "dumped $dumped sets to $out" >&2
