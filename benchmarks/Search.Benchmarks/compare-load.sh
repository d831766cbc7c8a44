#!/usr/bin/env bash
# The load benchmark of two checkouts, side by side in one run: each round starts the whole system of one side,
# runs `load` and stops it, the sides alternating within every round (before, after; then after, before) so that
# drift on the shared machine hits both alike. Prints per row (path, scenario, concurrency) the medians over rounds
# of p50/p95/p99 and throughput, and after/before ratios.
# Usage: bash benchmarks/Search.Benchmarks/compare-load.sh <before-tree> <after-tree> [rounds] [requests-scale]
# Each tree must be a built checkout (dotnet build benchmarks/Search.Benchmarks -c Release) with its embedding
# model prepared in $FA_HOME.
set -euo pipefail
before=$(realpath "$1"); after=$(realpath "$2"); rounds=${3:-2}; scale=${4:-0.5}

# The benchmark's folder in a tree: checkouts before the move to benchmarks/ kept it under tests/.
project_dir() { if [ -d "$1/benchmarks" ]; then echo benchmarks/Search.Benchmarks; else echo tests/Benchmarks/Search.Benchmarks; fi; }

results=$(mktemp)
for round in $(seq 1 "$rounds"); do
    sides=(before after); [ $((round % 2)) -eq 0 ] && sides=(after before)
    for side in "${sides[@]}"; do
        tree=$before; [ "$side" = after ] && tree=$after
        echo "[compare] round $round/$rounds: $side ($(git -C "$tree" rev-parse --short HEAD)), load average $(cut -d' ' -f1 /proc/loadavg)" >&2
        (cd "$tree" && dotnet "$(project_dir "$tree")"/bin/Release/net10.0/Search.Benchmarks.dll load --requests-scale "$scale") \
            | tee -a "$results.log" \
            | awk -F'|' -v side="$side" '
                # | path | scenario | concurrency | requests | p50 | p95 | p99 | req/s | ...
                NF > 10 && $4 ~ /^ *[0-9]+ *$/ {
                    gsub(/^ +| +$/, "", $2); gsub(/^ +| +$/, "", $3); gsub(/^ +| +$/, "", $4)
                    printf "%s\t%s, %s, c=%s\t%s\t%s\t%s\t%s\n", side, $2, $3, $4, $6 + 0, $7 + 0, $8 + 0, $9 + 0
                }' >>"$results" \
            || echo "[compare] $side exited non-zero (an SLO row missed its target); its rows still count" >&2
    done
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
value() { awk -F'\t' -v side="$1" -v row="$2" -v col="$3" '$1 == side && $2 == row { print $col }' "$results" | median; }
echo
echo "| row (median of $rounds rounds, $(nproc) cores) | p50 ms before / after / ratio | p95 ms before / after / ratio | p99 ms before / after / ratio | req/s before / after / ratio |"
echo "|---|---|---|---|---|"
cut -f2 "$results" | awk '!seen[$0]++' | while IFS= read -r row; do
    line="| $row"
    for col in 3 4 5 6; do
        b=$(value before "$row" $col); a=$(value after "$row" $col)
        line+=$(awk -v b="$b" -v a="$a" 'BEGIN { printf " | %.1f / %.1f / %.2f", b, a, (b > 0 ? a / b : 0) }')
    done
    echo "$line |"
done
echo "(full output of every run: $results.log)" >&2
