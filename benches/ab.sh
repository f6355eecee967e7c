#!/usr/bin/env bash
# Two builds of explainer side by side on the same corpus, for a change that
# should cost nothing (a refactor): alternating runs, medians and the median
# of the per-pair ratios.
#
#   benches/ab.sh OLD_BINARY NEW_BINARY            # 10,000 pages, 11 pairs
#   PAGES=1000 RUNS=7 benches/ab.sh old new
#
# Build the old binary from another checkout, e.g.
#   git worktree add /tmp/old <commit> && (cd /tmp/old && cargo build --release)
# Everything runs on a tmpfs ($BENCH_ROOT, default /dev/shm).
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=$(realpath "$1")
NEW=$(realpath "$2")
PAGES=${PAGES:-10000}
RUNS=${RUNS:-11}
BENCH_ROOT=${BENCH_ROOT:-/dev/shm}
[ -x /usr/bin/time ] || { echo "please install time (apt-get install time)" >&2; exit 1; }
cargo build --release --quiet --example gen-corpus
DIR=$(mktemp -d "$BENCH_ROOT/explainer-ab.XXXXXX")
trap 'rm -rf "$DIR"' EXIT
target/release/examples/gen-corpus --pages "$PAGES" --out "$DIR/site" >/dev/null
for i in $(seq 1 "$RUNS"); do
    for which in old new; do
        bin=$OLD
        [ "$which" = new ] && bin=$NEW
        rm -rf "$DIR/out"
        /usr/bin/time -f "$which %e %U %S %M" -a -o "$DIR/times" \
            "$bin" build --root "$DIR/site" --output "$DIR/out" >/dev/null 2>&1
    done
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "| $PAGES pages, $RUNS pairs | wall (s) | CPU (s) | peak RSS (MB) |"
echo "|---|---:|---:|---:|"
for which in old new; do
    rows=$(grep "^$which " "$DIR/times")
    wall=$(echo "$rows" | awk '{ print $2 }' | median)
    cpu=$(echo "$rows" | awk '{ print $3 + $4 }' | median)
    rss=$(echo "$rows" | awk '{ print $5 / 1024 }' | median)
    printf '| %s | %.2f | %.2f | %.0f |\n' "$which" "$wall" "$cpu" "$rss"
done
ratio=$(paste <(grep '^old ' "$DIR/times" | awk '{ print $2 }') <(grep '^new ' "$DIR/times" | awk '{ print $2 }') |
    awk '{ print $2 / $1 }' | median)
echo
echo "median of the per-pair wall ratios new/old: $ratio"
