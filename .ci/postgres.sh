# Sourced by .ci/run (under `set -euo pipefail`) after PostgreSQL was apt-installed: start a throwaway cluster on
# 127.0.0.1 in a temp dir and export MARKER_TEST_PG_URL for the store tests. Any failure prints why and leaves the
# variable unset (the store tests then run on SQLite only); nothing here may abort the caller.

_marker_pg_start() {
  local bindir="" dir="" port="" owner="" log=""
  local -a as_owner=()
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1) || bindir=""
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ]; then
    echo "ci: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin" >&2
    return 1
  fi
  dir=$(mktemp -d /tmp/marker-pg.XXXXXX 2>/dev/null) || { echo "ci: cannot make a temp dir for PostgreSQL" >&2; return 1; }
  if [ "$(id -u)" = "0" ]; then
    # initdb refuses to run as root: the cluster belongs to the postgres user.
    owner=postgres
    if ! id "$owner" >/dev/null 2>&1; then echo "ci: no postgres user to own the cluster" >&2; return 1; fi
    chown "$owner" "$dir" || { echo "ci: cannot hand $dir to $owner" >&2; return 1; }
    if command -v runuser >/dev/null 2>&1; then as_owner=(runuser -u "$owner" --)
    else as_owner=(su "$owner" -s /bin/sh -c '"$0" "$@"'); fi
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null) \
    || port=54329
  log="$dir/server.log"
  if ! "${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1; then
    echo "ci: initdb failed: $(tail -n 3 "$dir/initdb.log" 2>/dev/null | tr '\n' ' ')" >&2
    return 1
  fi
  if ! "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off" start >/dev/null 2>&1; then
    echo "ci: PostgreSQL did not start: $(tail -n 3 "$log" 2>/dev/null | tr '\n' ' ')" >&2
    return 1
  fi
  if ! "${as_owner[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres marker_test >/dev/null 2>&1; then
    echo "ci: could not create the marker_test database" >&2
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    return 1
  fi
  export MARKER_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/marker_test"
  export MARKER_TEST_PG_DATA="$dir/data"
  echo "ci: PostgreSQL $(basename "$(dirname "$bindir")") running on 127.0.0.1:$port ($dir)" >&2
  if [ -z "$(trap -p EXIT 2>/dev/null || true)" ]; then
    # Stop the throwaway server when CI finishes, unless the caller already owns the EXIT trap.
    trap "${as_owner[*]:+${as_owner[*]} }'$bindir/pg_ctl' -D '$dir/data' -m fast stop >/dev/null 2>&1 || true" EXIT
  fi
  return 0
}

if ! _marker_pg_start; then
  echo "ci: PostgreSQL not available; the store tests run on SQLite only" >&2
  unset MARKER_TEST_PG_URL || true
fi
unset -f _marker_pg_start || true
true
