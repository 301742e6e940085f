#!/usr/bin/env bash
# A throwaway PostgreSQL server for the PostgreSQL persistence tests and for CI.
#
#   bash tests/postgres.sh start   # installs PostgreSQL if needed, starts it, prints the connection string last
#   bash tests/postgres.sh stop    # stops it and deletes its data folder
#   bash tests/postgres.sh pause   # stops it but keeps its data (a database outage, for the cluster tests)
#   bash tests/postgres.sh resume  # starts a paused server again on its kept data, prints the connection string last
#
# REGISTRY_PG_PORT picks the port (default 55432). REGISTRY_PG_DURABLE=1 keeps PostgreSQL's own durability settings
# (fsync, synchronous_commit, full_page_writes all on), as a production server has them: the durable benchmark runs
# against such a server, e.g.
#   REGISTRY_PG_DURABLE=1 REGISTRY_PG_PORT=55433 bash tests/postgres.sh start
#
# Runs as root (CI does) and drops to the `postgres` OS user for the server itself,
# because PostgreSQL refuses to run as root. The server only listens on 127.0.0.1 with
# trust authentication, which is acceptable solely because it is disposable test data.
set -euo pipefail

PORT="${REGISTRY_PG_PORT:-55432}"
BASE_DIR="${REGISTRY_PG_DIR:-/tmp/calcinosis-pg-${PORT}}"
DATA_DIR="${BASE_DIR}/data"
SOCKET_DIR="${BASE_DIR}/socket"
LOG_FILE="${BASE_DIR}/server.log"
DATABASE="registry_test"
CONNECTION_STRING="Host=127.0.0.1;Port=${PORT};Username=postgres;Database=${DATABASE}"

log() { echo "postgres.sh: $*" >&2; }

# Debian keeps initdb/pg_ctl off PATH in /usr/lib/postgresql/<version>/bin; prefer the newest there.
find_bin_dir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "${dir}" && -x "${dir}/initdb" ]]; then
    echo "${dir}"
    return 0
  fi
  if command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

# Runs a command as the postgres OS user; runuser is preferred because it needs no PAM session.
as_postgres() {
  if command -v runuser >/dev/null 2>&1; then
    runuser -u postgres -- "$@"
  else
    su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
  fi
}

ensure_installed() {
  if ! BIN_DIR="$(find_bin_dir)"; then
    log "PostgreSQL not found, installing it with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    BIN_DIR="$(find_bin_dir)" || { log "initdb still not found after installing postgresql"; exit 1; }
  fi
  # The Debian package creates the postgres user; a bare PATH install might not have.
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
}

is_running() {
  [[ -f "${DATA_DIR}/PG_VERSION" ]] && as_postgres "${BIN_DIR}/pg_ctl" -D "${DATA_DIR}" status >/dev/null 2>&1
}

wait_until_ready() {
  for _ in $(seq 1 60); do
    if as_postgres "${BIN_DIR}/pg_isready" -q -h 127.0.0.1 -p "${PORT}"; then
      return 0
    fi
    sleep 0.5
  done
  log "server did not become ready; log follows"
  cat "${LOG_FILE}" >&2 || true
  exit 1
}

psql_admin() {
  as_postgres "${BIN_DIR}/psql" -h 127.0.0.1 -p "${PORT}" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

# Starts the server on the existing data folder (used by start after initdb, and by resume).
launch_server() {
  # max_connections is raised because several test silos each keep an Npgsql pool open.
  # fsync is off for the tests: the data is thrown away and tests run noticeably faster. A durable server (for
  # benchmarks) keeps the defaults, so every commit waits for its WAL to reach the disk.
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  if [[ "${REGISTRY_PG_DURABLE:-0}" == "1" ]]; then
    durability=""
  fi
  as_postgres "${BIN_DIR}/pg_ctl" -D "${DATA_DIR}" -l "${LOG_FILE}" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=${PORT} -c max_connections=300 -c unix_socket_directories=${SOCKET_DIR} ${durability}" \
    start >&2
}

start() {
  ensure_installed
  if is_running; then
    log "already running on port ${PORT}"
  else
    # A folder left by a crashed run is worthless: start from scratch.
    rm -rf "${BASE_DIR}"
    mkdir -p "${DATA_DIR}" "${SOCKET_DIR}"
    chown -R postgres:postgres "${BASE_DIR}"
    chmod 700 "${DATA_DIR}"
    as_postgres "${BIN_DIR}/initdb" -D "${DATA_DIR}" -U postgres --auth=trust \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null 2>&1 \
      || as_postgres "${BIN_DIR}/initdb" -D "${DATA_DIR}" -U postgres --auth=trust --encoding=UTF8 --no-locale >&2
    launch_server
  fi
  wait_until_ready
  if [[ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '${DATABASE}'")" != "1" ]]; then
    psql_admin -c "CREATE DATABASE ${DATABASE}" >&2
  fi
  echo "${CONNECTION_STRING}"
}

stop() {
  if BIN_DIR="$(find_bin_dir)" && [[ -f "${DATA_DIR}/PG_VERSION" ]]; then
    as_postgres "${BIN_DIR}/pg_ctl" -D "${DATA_DIR}" -m fast -w stop >&2 || true
  fi
  rm -rf "${BASE_DIR}"
  log "stopped and removed ${BASE_DIR}"
}

# Stops the server but keeps its data folder, to simulate a database outage; `resume` brings it back as it was.
pause() {
  BIN_DIR="$(find_bin_dir)" || { log "PostgreSQL is not installed"; exit 1; }
  if [[ ! -f "${DATA_DIR}/PG_VERSION" ]]; then
    log "no server data in ${DATA_DIR}; run start first"
    exit 1
  fi
  if is_running; then
    as_postgres "${BIN_DIR}/pg_ctl" -D "${DATA_DIR}" -m fast -w stop >&2
    log "paused the server on port ${PORT} (data kept in ${DATA_DIR})"
  else
    log "the server on port ${PORT} is not running"
  fi
}

# Starts a server stopped by `pause` on its kept data folder, without initdb and without deleting anything.
resume() {
  BIN_DIR="$(find_bin_dir)" || { log "PostgreSQL is not installed"; exit 1; }
  if [[ ! -f "${DATA_DIR}/PG_VERSION" ]]; then
    log "no server data in ${DATA_DIR} to resume; run start instead"
    exit 1
  fi
  if is_running; then
    log "already running on port ${PORT}"
  else
    launch_server
  fi
  wait_until_ready
  echo "${CONNECTION_STRING}"
}

if [[ "$(id -u)" != "0" ]]; then
  log "must run as root (it installs packages and switches to the postgres user)"
  exit 1
fi

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  pause) pause ;;
  resume) resume ;;
  *) echo "usage: $0 start|stop|pause|resume" >&2; exit 2 ;;
esac
