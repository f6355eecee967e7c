#!/bin/sh
# Run every fuzz target for $1 seconds (default 600), one after another, niced.
secs=${1:-600}
cd "$(dirname "$0")"
mkdir -p logs
for t in ${TARGETS:-frontmatter yaml markdown dates}; do
  nice -n 19 cargo fuzz run --sanitizer none -O "$t" -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 > "logs/$t.log" 2>&1
  echo "$t exit $?" >> logs/summary.txt
done
