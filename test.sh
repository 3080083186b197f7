#!/usr/bin/env bash
# Runs every test: installs PostgreSQL from Debian's packages when it is missing, starts a
# throwaway cluster on a free loopback port, runs `dotnet test`, and ends with the line
# "N passed, N failed, N skipped" counted from the test results.
set -uo pipefail
cd "$(dirname "$0")"

initdb_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$initdb_bin" ] || [ ! -x "$initdb_bin/initdb" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing PostgreSQL (Debian package postgresql)..."
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
    initdb_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  else
    echo "PostgreSQL is not installed: run 'sudo apt-get install postgresql' first (its tests are skipped otherwise)." >&2
  fi
fi

pg_dir=""
stop_postgres() {
  if [ -n "$pg_dir" ]; then
    if [ "$(id -u)" = 0 ]; then su postgres -c "$initdb_bin/pg_ctl -D $pg_dir/data -m immediate stop" >/dev/null 2>&1
    else "$initdb_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1; fi
    rm -rf "$pg_dir"
  fi
}
trap stop_postgres EXIT

if [ -z "${MADOGUCHI_TEST_POSTGRES:-}" ] && [ -n "$initdb_bin" ] && [ -x "$initdb_bin/initdb" ]; then
  pg_dir=$(mktemp -d /tmp/madoguchi-ci-pg.XXXXXX)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
  run_pg() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sh -c "$1"; fi; }
  [ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
  run_pg "$initdb_bin/initdb -D $pg_dir/data -A trust -U postgres -E UTF8 --no-locale" >/dev/null
  run_pg "$initdb_bin/pg_ctl -D $pg_dir/data -l $pg_dir/log -w -o '-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200' start" >/dev/null
  export MADOGUCHI_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "PostgreSQL for the tests: 127.0.0.1:$port"
fi

# The browser tests keep a screenshot of every step here (test artefacts, not committed).
screenshots="$PWD/TestResults/screenshots"
rm -rf "$screenshots"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

results=$(mktemp -d /tmp/madoguchi-test-results.XXXXXX)
dotnet test Madoguchi.slnx --logger "trx" --results-directory "$results" "$@"
status=$?
if [ -d "$screenshots" ]; then
  echo "Browser screenshots: $screenshots ($(find "$screenshots" -name '*.png' | wc -l) files)"
fi

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
rm -rf "$results"
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then exit 1; fi
exit $status
