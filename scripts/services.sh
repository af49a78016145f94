#!/usr/bin/env bash
# Makes sure MariaDB and Redis answer, in this order of preference:
#   1. AE_DB_URL / AE_REDIS_URL (or their defaults) already answer;
#   2. a Docker engine answers: docker compose up -d db redis;
#   3. the local Debian servers: started, and installed first when run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

db_url=${AE_DB_URL:-mysql://root@127.0.0.1:3306/aether}
redis_url=${AE_REDIS_URL:-redis://127.0.0.1:6379/0}
hostport() { local rest=${1#*://}; rest=${rest##*@}; rest=${rest%%/*}; echo "$rest"; }
db_hp=$(hostport "$db_url"); redis_hp=$(hostport "$redis_url")
answers() { local host=${1%:*} port=${1##*:}; timeout 1 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null; }
wait_for() { for _ in $(seq 1 60); do answers "$1" && return 0; sleep 1; done; echo "services: $2 does not answer on $1" >&2; return 1; }

if answers "$db_hp" && answers "$redis_hp"; then
  echo "services: MariaDB on $db_hp and Redis on $redis_hp answer"
  exit 0
fi

if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
  echo "services: starting db and redis with docker compose"
  docker compose up -d db redis
  wait_for "$db_hp" MariaDB && wait_for "$redis_hp" Redis
  exit 0
fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else echo "services: need root for: $*" >&2; return 1; fi; }
if ! answers "$db_hp"; then
  if ! command -v mariadbd >/dev/null && [ ! -x /usr/sbin/mariadbd ]; then
    echo "services: installing mariadb-server"
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server >/dev/null
  fi
  echo "services: starting the local MariaDB"
  as_root service mariadb start >/dev/null 2>&1 \
    || as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  wait_for "$db_hp" MariaDB
fi
if ! answers "$redis_hp"; then
  if ! command -v redis-server >/dev/null; then
    echo "services: installing redis-server"
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  fi
  echo "services: starting the local Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port "${redis_hp##*:}" --save "" --appendonly no >/dev/null
  wait_for "$redis_hp" Redis
fi
echo "services: MariaDB on $db_hp and Redis on $redis_hp answer"
