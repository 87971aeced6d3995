#!/usr/bin/env bash
# Runs a command against a throw-away PostgreSQL cluster on a free local port:
#   scripts/with-postgres.sh uv run pytest
# The cluster lives in a temporary directory and is removed afterwards.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir=$(mktemp -d /tmp/sozialplanung-pg.XXXXXX)
# A port nobody listens on (several runs may share the machine), unless PGPORT_TEST says.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=${PGPORT_TEST:-$(free_port)}
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root; the Debian package brings the postgres user.
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U sozialplanung --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
start() {
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
}
# The port was free when asked, but another run beside this one (make test starts the
# production check next to the PostgreSQL suite) may have taken it since: then another.
for attempt in 1 2 3; do
  start && break
  [ -z "${PGPORT_TEST:-}" ] && [ "$attempt" -lt 3 ] || { cat "$dir/log" >&2; exit 1; }
  port=$(free_port)
done
"${as_pg[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U sozialplanung sozialplanung
export SOZIALPLANUNG_DB_ENGINE=postgresql SOZIALPLANUNG_DB_HOST=127.0.0.1 \
  SOZIALPLANUNG_DB_PORT="$port" SOZIALPLANUNG_DB_USER=sozialplanung SOZIALPLANUNG_DB_NAME=sozialplanung
"$@"
