#!/usr/bin/env bash
# Installs what FitnessAssistant needs on a fresh Debian 12 machine, and nothing that is already there.
# Idempotent: a second run only checks (a few seconds). Must run as root (apt-get, make install).
#
#   Debian packages  PostgreSQL 15 (+ server dev files), Redis, RabbitMQ, Node.js/npm, ICU (the embedding tokenizer's NFKC),
#                    Prometheus (the AppHost starts it; promtool checks the alert rules), Chromium (the dashboard's
#                    browser tests)
#   pgvector         built from Debian trixie's source package when the `vector` extension is missing
#   npm assets       every line of eng/npm-packages.txt, into $FA_HOME/npm
#
# FA_HOME (default /var/lib/fitnessassistant) is a machine-wide cache shared by every clone, so a fresh
# clone on a machine that already has the assets does not download them again.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
FA_HOME=${FA_HOME:-/var/lib/fitnessassistant}
PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config

say() { printf '[prerequisites] %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  say "must run as root (it installs Debian packages)"; exit 1
fi

apt_updated=0
apt_install() {
  if [ $apt_updated -eq 0 ]; then
    say "apt-get update"
    apt-get update -qq
    apt_updated=1
  fi
  # A missing package can depend on a newer version of one already installed (postgresql-server-dev-15 on a newer
  # postgresql-client-15, which drags postgresql-15 along): apt would upgrade it silently. Installed packages stay
  # at their versions, named as pkg=version; if the missing one cannot be had at a matching version, say so and stop.
  local keep=()
  mapfile -t keep < <(apt-get install -s -qq --no-install-recommends "$@" 2>/dev/null | installed_upgrades)
  say "apt-get install $*${keep[*]:+ (keeping installed ${keep[*]})}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" "${keep[@]}" >/dev/null; then
    say "cannot install $* without upgrading installed packages${keep[*]:+ (${keep[*]})}: install it at a version"
    say "matching them (apt-get install PKG=VERSION), or upgrade them yourself first"
    exit 1
  fi
}

# Reads `apt-get -s` output; prints pkg=installed-version for every installed package the run would upgrade.
installed_upgrades() {
  sed -n 's/^Inst \([^ ]*\) \[\([^]]*\)\].*/\1=\2/p'
}

# 1. Debian packages ------------------------------------------------------------------------------
wanted=(postgresql-15 postgresql-contrib postgresql-server-dev-15 redis-server rabbitmq-server nodejs npm make gcc libicu72
        prometheus chromium)
missing=()
for pkg in "${wanted[@]}"; do
  if [ "$pkg" = nodejs ] || [ "$pkg" = npm ]; then
    command -v "${pkg/nodejs/node}" >/dev/null 2>&1 && continue
  fi
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt_install "${missing[@]}"
else
  say "Debian packages: all present"
fi

# 2. pgvector ----------------------------------------------------------------------------------------
if [ -f "$("$PG_CONFIG" --sharedir)/extension/vector.control" ]; then
  say "pgvector: present"
else
  say "pgvector: building from Debian trixie's source package"
  command -v dpkg-source >/dev/null 2>&1 || apt_install dpkg-dev
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/lists/partial" "$work/src"
  # The mirror is read from the machine's own apt configuration, never written into the repository.
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  if [ -z "$mirror" ]; then
    mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  fi
  [ -n "$mirror" ] || { say "cannot find a Debian mirror in the apt configuration"; exit 1; }
  echo "deb-src $mirror trixie main" > "$work/trixie-src.list"
  apt_opts=(-o "Dir::Etc::SourceList=$work/trixie-src.list" -o Dir::Etc::SourceParts=/nonexistent
            -o "Dir::State::Lists=$work/lists" -o APT::Sandbox::User=root)
  apt-get "${apt_opts[@]}" update -qq
  (cd "$work/src" && apt-get "${apt_opts[@]}" source -qq pgvector >/dev/null 2>&1)
  srcdir=$(find "$work/src" -maxdepth 1 -mindepth 1 -type d -name 'pgvector*' | head -n1)
  [ -n "$srcdir" ] || { say "apt-get source pgvector gave no source tree"; exit 1; }
  make -s -C "$srcdir" PG_CONFIG="$PG_CONFIG" >/dev/null
  make -s -C "$srcdir" PG_CONFIG="$PG_CONFIG" install >/dev/null
  say "pgvector: installed $(basename "$srcdir")"
fi

# 3. npm assets ----------------------------------------------------------------------------------------
mapfile -t npm_pkgs < <(grep -v -e '^\s*#' -e '^\s*$' "$here/npm-packages.txt")
npm_dir="$FA_HOME/npm"
stamp="$npm_dir/.installed"
want=$(printf '%s\n' "${npm_pkgs[@]}")
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  say "npm assets: present in $npm_dir"
else
  say "npm assets: installing ${#npm_pkgs[@]} packages into $npm_dir"
  mkdir -p "$npm_dir"
  [ -f "$npm_dir/package.json" ] || echo '{ "name": "fitnessassistant-assets", "private": true }' > "$npm_dir/package.json"
  # --ignore-scripts: the assets are data and reference code; nothing needs an install script (none could download here).
  (cd "$npm_dir" && npm install --silent --no-audit --no-fund --ignore-scripts --no-package-lock "${npm_pkgs[@]}")
  printf '%s\n' "$want" > "$stamp"
  say "npm assets: done"
fi

say "all prerequisites are in place (FA_HOME=$FA_HOME)"
