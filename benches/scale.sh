#!/usr/bin/env bash
# Time and peak memory per page as the site grows, on the linear corpus
# (gen-corpus --linear: no section menus, so the output grows linearly with
# the number of pages): flat figures per page mean the build scales linearly.
#
#   benches/scale.sh                                   # Hugo and ours at 1,000 and 10,000, ours alone at 100,000
#   SIZES="1000 10000 100000" OURS_ONLY="" benches/scale.sh   # Hugo at 100,000 too
#   SIZES="" OURS_ONLY="1000 10000 100000" benches/scale.sh   # ours only
#
# This is benches/compare.sh with LINEAR=1 and without the rebuild: the same
# medians of RUNS alternating runs on $BENCH_ROOT (default /dev/shm), the
# same HUGO= choice; its last table is the one per page.
set -euo pipefail
cd "$(dirname "$0")/.."
LINEAR=1 REBUILD=${REBUILD:-0} SIZES=${SIZES-"1000 10000"} OURS_ONLY=${OURS_ONLY-"100000"} \
    exec benches/compare.sh
