#!/usr/bin/env bash
# A throwaway MariaDB (Debian's mariadb-server, MySQL-compatible like Open edX's MySQL 8) for the
# test suite and the benchmarks:
#
#   bash tests/mysql/server.sh COMMAND [ARG...]
#
# installs mariadb-server, libmariadb-dev and a compiler when they are missing (apt-get, with sudo
# when not root), installs mysqlclient (requirements/mysql.txt) into $PY's environment when it is
# missing, initialises a fresh data directory under var/mysql-test/, starts mariadbd in the
# background on a Unix socket (no TCP), creates a test database and user, runs COMMAND with
# ORGLAB_MYSQL_* set (read by tests/settings_mysql.py and the benchmarks), and stops the server
# and removes the data directory when COMMAND ends, however it ends. COMMAND's exit code is kept.
#
# Server options as Tutor runs Open edX's MySQL: utf8mb4 / utf8mb4_unicode_ci; the connection sets
# STRICT_TRANS_TABLES and READ COMMITTED (tests/settings_mysql.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PY=${PY:-.venv/bin/python}
BASE=${ORGLAB_MYSQL_DIR:-$ROOT/var/mysql-test}
DATA=$BASE/data
SOCKET=$BASE/mysqld.sock
DB=${ORGLAB_MYSQL_NAME:-orglab}
DB_USER=${ORGLAB_MYSQL_USER:-orglab}
DB_PASSWORD=${ORGLAB_MYSQL_PASSWORD:-orglab-test}

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi
if [ ${#SOCKET} -gt 100 ]; then  # a Unix socket path has at most 107 bytes
  BASE=$(mktemp -d /tmp/orglab-mysql.XXXXXX)
  DATA=$BASE/data
  SOCKET=$BASE/mysqld.sock
fi

# 1. Debian's packages, only when missing.
need=()
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
dpkg -s libmariadb-dev >/dev/null 2>&1 || need+=(libmariadb-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v gcc >/dev/null 2>&1 || need+=(build-essential)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian's ${need[*]} for the MySQL tests"
  SUDO=$( [ "$(id -u)" = 0 ] || echo sudo )
  $SUDO apt-get update -qq
  # policy-rc.d: the package must not start (or enable) the system's own mariadb service.
  POLICY=/usr/sbin/policy-rc.d
  if [ ! -e $POLICY ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee $POLICY >/dev/null && $SUDO chmod +x $POLICY
    trap '$SUDO rm -f $POLICY' EXIT
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  trap - EXIT
  $SUDO rm -f $POLICY 2>/dev/null || true
fi
MARIADBD=$(command -v mariadbd || echo /usr/sbin/mariadbd)
INSTALL_DB=$(command -v mariadb-install-db || command -v mysql_install_db)
CLIENT=$(command -v mariadb || command -v mysql)
ADMIN=$(command -v mariadb-admin || command -v mysqladmin)

# 2. Django's MySQL driver, built against libmariadb-dev.
if ! "$PY" -c "import MySQLdb" 2>/dev/null; then
  echo "Installing mysqlclient (requirements/mysql.txt)"
  "$PY" -m pip install --quiet -r requirements/mysql.txt
fi

# 3. A fresh data directory, and the server on a socket only.
ME=$(id -un)
stop() {
  if [ -f "$BASE/mysqld.pid" ]; then
    "$ADMIN" --socket="$SOCKET" --user=root shutdown 2>/dev/null \
      || kill "$(cat "$BASE/mysqld.pid")" 2>/dev/null || true
    for _ in $(seq 1 100); do [ -f "$BASE/mysqld.pid" ] || break; sleep 0.1; done
  fi
  if [ -n "${SERVER_PID:-}" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$DATA"
}
if [ -f "$BASE/mysqld.pid" ] && kill -0 "$(cat "$BASE/mysqld.pid")" 2>/dev/null; then
  echo "A test MariaDB already runs on $SOCKET (pid $(cat "$BASE/mysqld.pid")): stop it first" >&2
  exit 1
fi
rm -rf "$DATA" "$SOCKET" "$BASE/mysqld.pid"
mkdir -p "$DATA"
"$INSTALL_DB" --no-defaults --user="$ME" --datadir="$DATA" --auth-root-authentication-method=normal \
  --skip-test-db >"$BASE/install.log" 2>&1 || { cat "$BASE/install.log" >&2; exit 1; }
trap stop EXIT
trap 'exit 130' INT TERM
"$MARIADBD" --no-defaults --user="$ME" --datadir="$DATA" --socket="$SOCKET" --pid-file="$BASE/mysqld.pid" \
  --skip-networking --log-error="$BASE/error.log" \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
  --innodb-buffer-pool-size=256M --innodb-flush-log-at-trx-commit=2 --innodb-doublewrite=0 \
  --max-connections=200 2>>"$BASE/error.log" &
SERVER_PID=$!
for _ in $(seq 1 300); do
  "$ADMIN" --socket="$SOCKET" --user=root ping >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$BASE/error.log" >&2; exit 1; }
  sleep 0.1
done
"$ADMIN" --socket="$SOCKET" --user=root ping >/dev/null || { cat "$BASE/error.log" >&2; exit 1; }

# 4. The database and a user that may also create (and drop) the test_ database Django makes.
"$CLIENT" --socket="$SOCKET" --user=root <<SQL
CREATE DATABASE \`$DB\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$DB_USER'@'localhost';
SQL

export ORGLAB_MYSQL_SOCKET=$SOCKET ORGLAB_MYSQL_NAME=$DB ORGLAB_MYSQL_USER=$DB_USER \
  ORGLAB_MYSQL_PASSWORD=$DB_PASSWORD
echo "MariaDB $("$MARIADBD" --version | awk '{print $3}') on $SOCKET"
set +e
"$@"
status=$?
set -e
exit $status
