#!/usr/bin/env bash
# NuGetAudit against an offline advisory list. This machine's package source publishes no vulnerability data, so a
# plain restore audits nothing (docs/security.md, API9). eng/advisories.json is an advisory list in NuGet's own
# VulnerabilityInfo format (package id -> affected ranges), kept in the repository and updated from the GitHub
# Advisory Database wherever that is reachable. This script serves it on loopback as the only audit source and
# restores every project (transitive packages included) with any advisory as an error.
#   bash eng/audit-packages.sh              audit the solution; exits non-zero on any known advisory
#   bash eng/audit-packages.sh --self-test  prove the check fails: restore System.IdentityModel.Tokens.Jwt 6.8.0 (CVE-2024-21319)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
server=
cleanup() { [[ -n $server ]] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/feed"
cp eng/advisories.json "$work/feed/advisories.json"
printf '{"version":"3.0.0","resources":[{"@id":"http://127.0.0.1:%s/vulnerabilities.json","@type":"VulnerabilityInfo/6.7.0"}]}\n' \
  "$port" > "$work/feed/index.json"
printf '[{"@name":"base","@id":"http://127.0.0.1:%s/advisories.json","@updated":"%s"}]\n' \
  "$port" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$work/feed/vulnerabilities.json"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/feed" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/index.json" >/dev/null && break; sleep 0.1; done

# The machine's enabled package sources, and the advisory list as the only audit source.
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<configuration><packageSources><clear />'
  dotnet nuget list source --format short | awk '$1 == "E" { printf "<add key=\"source%d\" value=\"%s\" />\n", NR, $2 }'
  echo '</packageSources><auditSources><clear />'
  echo "<add key=\"offline-advisories\" value=\"http://127.0.0.1:$port/index.json\" allowInsecureConnections=\"true\" />"
  echo '</auditSources></configuration>'
} > "$work/nuget.config"

# NU1900/NU1905: the list could not be read; NU1901-NU1904: a package with a known advisory (low .. critical).
audit=(--configfile "$work/nuget.config" --force -p:NuGetAudit=true -p:NuGetAuditMode=all -p:NuGetAuditLevel=low
  "-p:WarningsAsErrors=NU1900%3BNU1901%3BNU1902%3BNU1903%3BNU1904%3BNU1905")

if [[ ${1:-} == --self-test ]]; then
  mkdir -p "$work/self-test"
  cat > "$work/self-test/self-test.csproj" <<'PROJECT'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="System.IdentityModel.Tokens.Jwt" Version="6.8.0" />
  </ItemGroup>
</Project>
PROJECT
  # Outside the repository, so that its Directory.*.props do not apply.
  if output=$(cd "$work/self-test" && dotnet restore "${audit[@]}" 2>&1); then
    echo "self-test FAILED: the restore of System.IdentityModel.Tokens.Jwt 6.8.0 passed the audit" >&2
    exit 1
  fi
  grep -q 'NU1902.*System.IdentityModel.Tokens.Jwt.*6.8.0' <<<"$output" || { echo "$output" >&2; exit 1; }
  echo "self-test passed: System.IdentityModel.Tokens.Jwt 6.8.0 is refused (NU1902, GHSA-59j7-ghrg-fj52)"
  exit 0
fi

dotnet restore "$root/FitnessAssistant.sln" "${audit[@]}"
echo "audit passed: no package of the solution has an advisory in eng/advisories.json"
