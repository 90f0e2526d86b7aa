#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL cluster on a free loopback port.
# Usage: scripts/with-postgres.sh COMMAND...   (exports DIALOGUE_TEST_DATABASE_URL)
# PostgreSQL refuses to run as root: as root, the cluster runs as the 'postgres' system user.
set -euo pipefail

find_bin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  local candidate
  candidate=$(ls -d /usr/lib/postgresql/*/bin/"$name" 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$candidate" ] && echo "$candidate"
}

INITDB=$(find_bin initdb || true)
if [ -z "${INITDB:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "with-postgres: installing Debian's postgresql package" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2
    INITDB=$(find_bin initdb)
  else
    echo "with-postgres: initdb not found; install PostgreSQL (apt-get install postgresql)" >&2
    exit 1
  fi
fi
PG_CTL=$(find_bin pg_ctl)

RUNAS=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  RUNAS=(runuser -u postgres --)
fi

DATA=$(mktemp -d /tmp/dialogue-pg.XXXXXX)
chmod 755 "$DATA"
[ "$(id -u)" = 0 ] && chown postgres "$DATA"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

cleanup() {
  "${RUNAS[@]}" "$PG_CTL" -D "$DATA/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT

# Tests skip the disk flushes; WITH_POSTGRES_DURABLE=1 keeps PostgreSQL's production defaults (fsync, synchronous
# commit, full page writes), for benchmarks of writes as they cost in production.
DURABILITY="-F -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[ "${WITH_POSTGRES_DURABLE:-0}" = 1 ] && DURABILITY=""

"${RUNAS[@]}" "$INITDB" -D "$DATA/db" -U dialogue --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUNAS[@]}" "$PG_CTL" -D "$DATA/db" -l "$DATA/log" -w -t 60 \
  -o "-h 127.0.0.1 -p $PORT -k $DATA $DURABILITY -c max_connections=200" start >/dev/null \
  || { echo "with-postgres: PostgreSQL failed to start:" >&2; cat "$DATA/log" >&2; exit 1; }

python3 - "$PORT" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit("with-postgres: PostgreSQL does not answer")
PY

export DIALOGUE_TEST_DATABASE_URL="postgresql://dialogue@127.0.0.1:$PORT/postgres"
echo "with-postgres: PostgreSQL ready on 127.0.0.1:$PORT" >&2
"$@"
