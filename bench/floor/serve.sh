#!/usr/bin/env bash
# serve.sh APP PORT: one floor app (apps.py) under uvicorn, pinned to core 0, in the background;
# writes APP.pid here. FLOOR_IDS: bench/load.py's ids file; FLOOR_DB: the loaded database.
set -euo pipefail
APP=$1 PORT=$2
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE"
FLOOR_IDS=${FLOOR_IDS:?the ids file bench/load.py wrote} FLOOR_DB=${FLOOR_DB:-aether_bench} \
  taskset -c 0 "$HERE/../../.venv/bin/uvicorn" apps:$APP --host 127.0.0.1 --port $PORT \
  --loop uvloop --http httptools --no-access-log --log-level warning > "$HERE/$APP.log" 2>&1 &
echo $! > "$HERE/$APP.pid"
