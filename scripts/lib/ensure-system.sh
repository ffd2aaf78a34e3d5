# Sourced by scripts/test.sh and .ci/run: installs and starts what a fresh Debian machine lacks
# for the test suite (PLATFORM.md "Services and browsers"). apt-get runs only as root; as
# another user the functions say what is missing and leave the failure to the tests.
# shellcheck shell=bash

ZS_APT_UPDATED=${ZS_APT_UPDATED:-0}

zs_is_root() { [ "$(id -u)" = 0 ]; }

zs_apt_install() {
  if [ "$ZS_APT_UPDATED" != 1 ]; then
    apt-get update -qq
    ZS_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

zs_missing_packages() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  echo "${missing[@]}"
}

# better-sqlite3 compiles from source during npm ci (PLATFORM.md "npm").
zs_ensure_build_tools() {
  local missing=()
  command -v python3 >/dev/null || missing+=(python3)
  command -v make >/dev/null || missing+=(make)
  command -v g++ >/dev/null || missing+=(g++)
  [ ${#missing[@]} -eq 0 ] && return 0
  if zs_is_root; then
    echo "==> Installing build tools for native modules: ${missing[*]}"
    zs_apt_install "${missing[@]}"
  else
    echo "WARNING: ${missing[*]} missing; npm ci cannot build better-sqlite3 (run as root to install)." >&2
  fi
}

# Debian's Chromium for Playwright (never a downloaded browser) and CJK fonts for screenshots.
zs_ensure_chromium() {
  local missing
  missing=$(zs_missing_packages chromium fonts-noto-cjk)
  [ -x /usr/bin/chromium ] && [ -z "$missing" ] && return 0
  if zs_is_root; then
    echo "==> Installing ${missing:-chromium}"
    zs_apt_install chromium fonts-noto-cjk
  else
    echo "WARNING: /usr/bin/chromium or fonts-noto-cjk missing and not root; run: apt-get install -y chromium fonts-noto-cjk" >&2
  fi
}

# Host and port of TEST_PG_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
zs_pg_host() {
  local url=${TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/postgres} hostport
  hostport=${url#*://}
  hostport=${hostport#*@}
  hostport=${hostport%%/*}
  hostport=${hostport%%\?*}
  echo "$hostport"
}

zs_pg_reachable() {
  local hostport host port
  hostport=$(zs_pg_host)
  host=${hostport%%:*}
  port=5432
  [[ $hostport == *:* ]] && port=${hostport##*:}
  timeout 3 bash -c "exec 3<>/dev/tcp/${host:-127.0.0.1}/$port" 2>/dev/null
}

zs_pg_is_local() {
  local host
  host=$(zs_pg_host)
  host=${host%%:*}
  [ -z "$host" ] || [ "$host" = 127.0.0.1 ] || [ "$host" = localhost ]
}

zs_pg_start_installed() {
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] || return 1
  echo "==> Starting PostgreSQL $version (pg_ctlcluster)"
  # "already running" is not an error here; reachability is checked afterwards.
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
}

# A server this script installed itself gets the loopback trust authentication the project's
# machines use (PLATFORM.md), so the tests' default URL without a password works. Servers that
# were already there are never reconfigured.
zs_pg_trust_loopback() {
  local version hba
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  [ -f "$hba" ] || return 0
  grep -q '^host all all 127.0.0.1/32 trust' "$hba" && return 0
  sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  pg_ctlcluster --skip-systemctl-redirect "$version" main reload || true
}

zs_pg_wait() {
  local i
  for i in $(seq 1 30); do
    zs_pg_reachable && return 0
    sleep 1
  done
  return 1
}

# Makes a PostgreSQL server reachable at TEST_PG_URL when it is on this machine: start it if
# installed but stopped, install it (root) if absent. Returns non-zero if still unreachable.
zs_ensure_postgres() {
  zs_pg_reachable && return 0
  if ! zs_pg_is_local; then
    echo "WARNING: PostgreSQL at $(zs_pg_host) (TEST_PG_URL) does not answer; not managing a remote server." >&2
    return 1
  fi
  if [ -n "$(ls /etc/postgresql 2>/dev/null)" ]; then
    zs_is_root || { echo "WARNING: PostgreSQL is installed but stopped; start it as root: pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start" >&2; return 1; }
    zs_pg_start_installed
  elif zs_is_root; then
    echo "==> Installing PostgreSQL"
    zs_apt_install postgresql
    zs_pg_start_installed
    zs_pg_trust_loopback
  else
    echo "WARNING: PostgreSQL is not installed and this is not root: apt-get install -y postgresql" >&2
    return 1
  fi
  zs_pg_wait
}

zs_pg_banner() {
  local bar
  bar=$(printf '█%.0s' $(seq 1 78))
  {
    echo
    echo "$bar"
    echo "  NO POSTGRESQL SERVER at $(zs_pg_host) — the PostgreSQL half of the suite CANNOT RUN."
    echo "  The suite must pass on SQLite AND PostgreSQL; this run is a FAILURE${CI:+ (CI=$CI)}."
    echo "  Fix: apt-get install -y postgresql && pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start"
    echo "       or set TEST_PG_URL to a server where this role may CREATE DATABASE."
    echo "$bar"
    echo
  } >&2
}
