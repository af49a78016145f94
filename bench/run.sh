#!/usr/bin/env bash
# Throughput of single-object GETs against a real `aether serve` (run by hand; needs wrk:
# apt-get install wrk). Uses the demo database: run `make demo` first.
# Usage: bench/run.sh [workers] [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
workers=${1:-1}; seconds=${2:-10}; connections=${3:-32}
port=5099
key=ae_demo_conference_admin_key_00000000000
AE_LOG_LEVEL=WARNING .venv/bin/aether serve --port $port --workers "$workers" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
api="http://127.0.0.1:$port"
first_id() { curl -fs -H "x-api-key: $key" "$api$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["id_random"])'; }
event=$(first_id /v3/crud/event/)
session=$(first_id "/v3/crud/event/$event/event_session/")
for path in /health /v3/auth/me /v3/auth/api-keys "/v3/crud/event/$event" \
    "/v3/crud/event/$event/event_session/$session" "/v3/crud/event/$event/event_session/"; do
  echo "== GET $path ($workers worker(s), $connections connections, ${seconds}s)"
  wrk -t2 -c"$connections" -d"${seconds}s" -H "x-api-key: $key" "http://127.0.0.1:$port$path" \
    | grep -E "Requests/sec|Latency|Non-2xx"
done
echo "== POST /v3/crud/event/$event/event_session/search (bench/search.lua)"
wrk -t2 -c"$connections" -d"${seconds}s" -H "x-api-key: $key" -s bench/search.lua \
  "$api/v3/crud/event/$event/event_session/search" | grep -E "Requests/sec|Latency|Non-2xx"
