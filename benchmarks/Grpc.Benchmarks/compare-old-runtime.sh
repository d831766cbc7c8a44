#!/usr/bin/env bash
# The project's former gRPC runtime (ServiceDefaults/Grpc, last at commit 8bc9706) against grpc-dotnet as the services
# now use it: unary round trip on loopback, p50/p99 latency and throughput at 16 callers. Both sides are this
# benchmark's program (old and new build), one process per side and round, sides alternating within every round so
# that drift on the shared machine hits both alike. Prints the medians over rounds and new/old ratios.
# Usage: bash benchmarks/Grpc.Benchmarks/compare-old-runtime.sh [rounds] [latencyCalls] [seconds] [concurrency]
set -euo pipefail
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
old_tree=${OLD_TREE:-/tmp/grpc-old}
rounds=${1:-6}; calls=${2:-2000}; seconds=${3:-3}; concurrency=${4:-16}

# The benchmark's folder in a tree: checkouts before the move to benchmarks/ (8bc9706 among them) kept it under tests/.
project_dir() { if [ -d "$1/benchmarks" ]; then echo "$1/benchmarks/Grpc.Benchmarks"; else echo "$1/tests/Benchmarks/Grpc.Benchmarks"; fi; }

if [ ! -d "$old_tree" ]; then
    git -C "$repo" worktree add "$old_tree" 8bc9706
fi
for tree in "$old_tree" "$repo"; do
    dotnet build "$(project_dir "$tree")/Grpc.Benchmarks.csproj" -c Release -v q -nologo >/dev/null
done

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for round in $(seq 1 "$rounds"); do
    sides=(old new); [ $((round % 2)) -eq 0 ] && sides=(new old)
    for side in "${sides[@]}"; do
        tree=$repo; [ "$side" = old ] && tree=$old_tree
        # One round per process; the table's first value column is the gRPC transport.
        dotnet "$(project_dir "$tree")/bin/Release/net10.0/Grpc.Benchmarks.dll" 1 "$calls" "$seconds" "$concurrency" \
            | awk -F'|' -v side="$side" '
                /latency p50 \(µs, all samples\)/ { print side, "p50", $3 + 0 }
                /latency p99 \(µs, all samples\)/ { print side, "p99", $3 + 0 }
                /throughput, median of rounds/    { print side, "rps", $3 + 0 }' >>"$results"
    done
    echo "[compare] round $round/$rounds done" >&2
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
value() { awk -v side="$1" -v m="$2" '$1 == side && $2 == m { print $3 }' "$results" | median; }
echo
echo "| unary round trip, loopback, $(nproc) cores, median of $rounds rounds | old runtime (8bc9706) | grpc-dotnet 2.85 | new / old |"
echo "|---|---|---|---|"
for metric in p50 p99 rps; do
    label=$metric
    case $metric in p50) label="latency p50 (µs)";; p99) label="latency p99 (µs)";; rps) label="throughput ($concurrency callers, calls/s)";; esac
    o=$(value old $metric); n=$(value new $metric)
    awk -v l="$label" -v o="$o" -v n="$n" 'BEGIN { printf "| %s | %.0f | %.0f | %.2f |\n", l, o, n, n / o }'
done
