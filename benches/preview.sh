#!/usr/bin/env bash
# The preview's save-to-served time, as an editor meets it: `explainer
# serve` runs on a copy of a site; a one-line edit is saved the way editors
# save (a temporary file renamed over the page) and the page is asked for
# over HTTP until the new line is in it. Median of EDITS edits (default 9),
# on the bundled site and on the 10,000-page corpus of gen-corpus.
#
#   benches/preview.sh                       # the binary of this checkout
#   EXPLAINER=/tmp/old/explainer benches/preview.sh   # another one (before/after)
#   SITES=bundled EDITS=15 benches/preview.sh
#
# Everything runs on a tmpfs ($BENCH_ROOT, default /dev/shm).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --examples
cargo build --release --quiet
EXPLAINER=$(realpath "${EXPLAINER:-target/release/explainer}")
EDITS=${EDITS:-9}
SITES=${SITES:-"bundled corpus"}
PAGES=${PAGES:-10000}
BENCH_ROOT=${BENCH_ROOT:-/dev/shm}
DIR=$(mktemp -d "$BENCH_ROOT/explainer-preview.XXXXXX")
SERVER=""
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
    rm -rf "$DIR"
}
trap cleanup EXIT

# measure NAME SITE_DIR PAGE_FILE URL_PATH
measure() {
    local port log
    log="$DIR/$1.log"
    "$EXPLAINER" serve --root "$2" --port 0 2>"$log" &
    SERVER=$!
    for _ in $(seq 1 600); do
        port=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1 | cut -d: -f3 || true)
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { echo "the server did not start:"; cat "$log"; exit 1; }
    echo "== $1 ($EXPLAINER)"
    target/release/examples/save-to-served --port "$port" --file "$3" --path "$4" --edits "$EDITS" | tail -1
    grep -E '^(Rebuilt|Built)' "$log" | tail -1 || true
    kill "$SERVER"
    wait "$SERVER" 2>/dev/null || true
    SERVER=""
}

for site in $SITES; do
    case $site in
    bundled)
        mkdir -p "$DIR/bundled"
        cp -r site.yaml content templates static "$DIR/bundled/"
        measure bundled "$DIR/bundled" "$DIR/bundled/content/background/war-2020.md" /background/war-2020/
        ;;
    corpus)
        target/release/examples/gen-corpus --pages "$PAGES" --out "$DIR/corpus" >/dev/null
        pages=("$DIR"/corpus/content/s01/page-*.md)
        page=${pages[0]}
        slug=$(basename "$page" .md)
        measure "corpus-$PAGES" "$DIR/corpus" "$page" "/s01/$slug/"
        ;;
    esac
done
