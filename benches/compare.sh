#!/usr/bin/env bash
# explainer against Hugo on the same synthetic site (examples/gen-corpus.rs).
#
#   benches/compare.sh            # N = 1,000 and 10,000 for both, 50,000 for ours
#   RUNS=5 SIZES="1000" OURS_ONLY="" benches/compare.sh
#
# Everything runs in a fresh folder on a tmpfs (under $BENCH_ROOT, default /dev/shm) so
# the disk does not blur the CPU work. Per N: one warm-up run of each, then
# RUNS alternating runs (ours, Hugo, ours, Hugo, ...), each into an emptied
# output folder, measured with /usr/bin/time -v; the table shows medians. The
# floor is `cp -r` of our output tree to another tmpfs folder. At the largest
# size for both, it also times our full rebuild after a one-line change to one
# page (there is no incremental path; the rebuild replaces the previous output,
# as a dev server would). Other work on the machine adds noise to the absolute
# times; the alternation keeps the ratios fair. Prints Markdown tables.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
SIZES=${SIZES-"1000 10000"}
OURS_ONLY=${OURS_ONLY-"50000"}
BENCH_ROOT=${BENCH_ROOT:-/dev/shm}

install() {
    if command -v apt-get >/dev/null; then
        apt-get install -y "$@" >/dev/null 2>&1 ||
            { apt-get update >/dev/null && apt-get install -y "$@" >/dev/null; }
    else
        echo "please install: $*" >&2
        exit 1
    fi
}
command -v hugo >/dev/null || install hugo
[ -x /usr/bin/time ] || install time

cargo build --release --quiet --bin explainer --example gen-corpus
BIN=$PWD/target/release/explainer
GEN=$PWD/target/release/examples/gen-corpus
BENCH_DIR=$(mktemp -d "$BENCH_ROOT/explainer-bench.XXXXXX")
trap 'rm -rf "$BENCH_DIR"' EXIT
LOG=$BENCH_DIR/time.log

# measure OUTDIR CMD... -> "wall cpu rss_kb"; OUTDIR is emptied first unless KEEP=1.
measure() {
    local out=$1
    shift
    [ "${KEEP:-0}" = 1 ] || rm -rf "$out"
    if ! /usr/bin/time -v -o "$LOG" "$@" >"$BENCH_DIR/cmd.out" 2>&1; then
        cat "$BENCH_DIR/cmd.out" >&2
        echo "failed: $*" >&2
        exit 1
    fi
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
        /User time/ { u = $2 } /System time/ { s = $2 }
        /Maximum resident set size/ { m = $2 }
        END { printf "%.3f %.3f %d\n", w, u + s, m }' "$LOG"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v c="$1" '{ print $c }'; }
mb() { du -sb "$1" | awk '{ printf "%.1f", $1 / 1048576 }'; }

declare -A ROW
run_size() {
    local n=$1 with_hugo=$2
    local site=$BENCH_DIR/site-$n out=$BENCH_DIR/out-$n hout=$BENCH_DIR/hugo-out-$n
    "$GEN" --pages "$n" --out "$site" >/dev/null
    local ours=() hugo=() copy=()
    measure "$out" "$BIN" build --root "$site" --output "$out" >/dev/null
    [ "$with_hugo" = 1 ] && measure "$hout" hugo --quiet -s "$site-hugo" -d "$hout" >/dev/null
    for _ in $(seq "$RUNS"); do
        ours+=("$(measure "$out" "$BIN" build --root "$site" --output "$out")")
        if [ "$with_hugo" = 1 ]; then
            hugo+=("$(measure "$hout" hugo --quiet -s "$site-hugo" -d "$hout")")
        fi
    done
    rm -rf "$hout"
    local in_mb out_mb avail_mb
    in_mb=$(mb "$site/content")
    out_mb=$(mb "$out")
    # A second copy of the output must fit in memory with room to spare for
    # whatever else runs here (at 50,000 pages the output is about 8 GB).
    avail_mb=$(awk '/MemAvailable/ { printf "%d", $2 / 1024 }' /proc/meminfo)
    if [ "$avail_mb" -gt $((${out_mb%.*} * 2 + 6144)) ]; then
        for _ in $(seq "$RUNS"); do
            copy+=("$(measure "$BENCH_DIR/copy" cp -r "$out" "$BENCH_DIR/copy")")
        done
        rm -rf "$BENCH_DIR/copy"
    else
        echo "skipping the copy floor at $n pages: $out_mb MB twice does not fit in $avail_mb MB available" >&2
        copy=("0 0 0")
    fi
    ROW[$n.io]="$in_mb $out_mb"
    ROW[$n.ours]="$(printf '%s\n' "${ours[@]}" | col 1 | median) $(printf '%s\n' "${ours[@]}" | col 2 | median) $(printf '%s\n' "${ours[@]}" | col 3 | median)"
    ROW[$n.copy]="$(printf '%s\n' "${copy[@]}" | col 1 | median) $(printf '%s\n' "${copy[@]}" | col 2 | median) $(printf '%s\n' "${copy[@]}" | col 3 | median)"
    if [ "$with_hugo" = 1 ]; then
        ROW[$n.hugo]="$(printf '%s\n' "${hugo[@]}" | col 1 | median) $(printf '%s\n' "${hugo[@]}" | col 2 | median) $(printf '%s\n' "${hugo[@]}" | col 3 | median)"
    fi
}

# rebuild N: our full rebuild after a one-line change in one page.
rebuild() {
    local n=$1 site=$BENCH_DIR/site-$1 out=$BENCH_DIR/out-$1
    local page=$site/content/s01/page-00000.md times=()
    cp "$page" "$BENCH_DIR/page.orig"
    "$BIN" build --root "$site" --output "$out" >/dev/null 2>&1
    for i in $(seq "$RUNS"); do
        echo "One more line, edit $i." >>"$page"
        times+=("$(KEEP=1 measure "$out" "$BIN" build --root "$site" --output "$out")")
    done
    cp "$BENCH_DIR/page.orig" "$page"
    ROW[$n.rebuild]="$(printf '%s\n' "${times[@]}" | col 1 | median)"
}

for n in $SIZES; do run_size "$n" 1; done
for n in $OURS_ONLY; do run_size "$n" 0; done
largest=$(printf '%s\n' $SIZES | sort -n | tail -1)
[ -n "$largest" ] && rebuild "$largest"

echo
echo "explainer $(git describe --always --dirty 2>/dev/null || echo '?'), $(hugo version | cut -d' ' -f1-2), $(nproc) cores, median of $RUNS runs"
echo
echo "| pages | generator | wall (s) | CPU (s) | peak RSS (MB) | pages/s | in + out (MB) | ms per MB |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|"
row() { # n label wall cpu rss
    read -r in_mb out_mb <<<"${ROW[$1.io]}"
    awk -v n="$1" -v l="$2" -v w="$3" -v c="$4" -v m="$5" -v i="$in_mb" -v o="$out_mb" 'BEGIN {
        printf "| %d | %s | %.2f | %.2f | %.0f | %s | %.1f + %.1f | %.2f |\n", n, l, w, c, m / 1024, (w > 0 ? sprintf("%.0f", n / w) : "–"), i, o, 1000 * w / (i + o) }'
}
for n in $SIZES $OURS_ONLY; do
    row "$n" explainer ${ROW[$n.ours]}
    [ -n "${ROW[$n.hugo]:-}" ] && row "$n" "Hugo" ${ROW[$n.hugo]}
    [ "${ROW[$n.copy]}" != "0 0 0" ] && row "$n" "cp -r of our output (floor)" ${ROW[$n.copy]}
done
echo
echo "| pages | wall ours/Hugo | CPU ours/Hugo | peak RSS ours/Hugo | wall ours/copy floor |"
echo "|---:|---:|---:|---:|---:|"
for n in $SIZES $OURS_ONLY; do
    read -r ow oc om <<<"${ROW[$n.ours]}"
    read -r cw _ _ <<<"${ROW[$n.copy]}"
    if [ -n "${ROW[$n.hugo]:-}" ]; then
        read -r hw hc hm <<<"${ROW[$n.hugo]}"
        awk -v n="$n" -v ow="$ow" -v oc="$oc" -v om="$om" -v hw="$hw" -v hc="$hc" -v hm="$hm" -v cw="$cw" 'BEGIN {
            printf "| %d | %.2f | %.2f | %.2f | %s |\n", n, ow / hw, oc / hc, om / hm, (cw > 0 ? sprintf("%.2f", ow / cw) : "–") }'
    else
        awk -v n="$n" -v ow="$ow" -v cw="$cw" 'BEGIN { printf "| %d | – | – | – | %s |\n", n, (cw > 0 ? sprintf("%.2f", ow / cw) : "– (skipped)") }'
    fi
done
if [ -n "${ROW[$largest.rebuild]:-}" ]; then
    echo
    echo "Rebuild of the $largest-page site after a one-line change in one page (full rebuild, replacing the previous output): ${ROW[$largest.rebuild]} s (median)."
fi
