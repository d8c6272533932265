#!/bin/sh
# Runs every fuzz target for SECONDS each (default 600), one after another, at low priority,
# keeping going after a crash (fork mode) so one finding does not end the run; findings land
# in fuzz/artifacts/<target>/, logs in fuzz/logs/<target>.log.
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
set -eu
cd "$(dirname "$0")"
secs=${1:-600}
[ $# -gt 0 ] && shift
targets=${*:-decode jsonl csv locate ocr_text pdf pdf_objects docx docx_xml}
mkdir -p logs
for t in $targets; do
    mkdir -p "corpus/$t"
    nice -n 10 cargo +nightly fuzz run "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -print_final_stats=1 >"logs/$t.log" 2>&1 || true
    tail -n 3 "logs/$t.log"
done
