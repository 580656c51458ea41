#!/usr/bin/env bash
# Runs every bianmin test: go vet, then the whole suite on SQLite and on a real
# PostgreSQL server, with the browser tests in Debian's Chromium.
# As root on a fresh Debian machine it installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v go >/dev/null || { echo "Go 1.26 or newer is needed: https://go.dev/dl/ (not installable from here)"; exit 1; }
[ -x /usr/lib/postgresql/15/bin/postgres ] || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Please install these Debian packages first (as root): apt-get install ${need[*]}"
    exit 1
  fi
fi

# A throw-away PostgreSQL server on a Unix socket, stopped on exit.
pgbin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/postgres | sort -V | tail -1)")
pgdir=$(mktemp -d /tmp/bianmin-pg.XXXXXX)
pgport=${BIANMIN_TEST_PG_PORT:-55432}
runas=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$pgdir"
  runas=(runuser -u postgres --)
fi
"${runas[@]}" "$pgbin/initdb" -D "$pgdir/data" -U bianmin --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${runas[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
  -o "-k $pgdir -p $pgport -c listen_addresses='' -c fsync=on -c synchronous_commit=on -c max_connections=200" start >/dev/null
trap '"${runas[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m fast stop >/dev/null 2>&1; rm -rf "$pgdir"' EXIT

export BIANMIN_TEST_PG="postgres://bianmin@/postgres?host=$pgdir&port=$pgport&sslmode=disable"
export BIANMIN_REQUIRE_PG=1
export BIANMIN_REQUIRE_BROWSER=1

echo "== go vet"
go vet ./...
echo "== go test (SQLite and PostgreSQL, browser tests in Chromium)"
go test -count=1 -timeout 40m ./... "$@"
