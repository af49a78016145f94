#!/usr/bin/env bash
# Files: a worker's memory during a big upload, and upload/download throughput against what the
# machine itself can do (run by hand, never in the test suite; bench/README.md, "Files").
#
# Sets up a scratch database, writes random files, starts `aether serve` (one worker) and a
# static file server, measures, prints a table and removes everything it made.
#
# Usage: bench/files/run.sh [runs]     (runs per series, default 5; medians are reported)
# Environment (all optional):
#   AETHER      the aether command (default .venv/bin/aether)
#   DB          scratch database, dropped before and after (default aether_bench_files)
#   FILES_DIR   AE_FILES_DIR of the server (default /var/tmp/aether-bench-files)
#   WORK        where the source files and the cp target go; keep it on FILES_DIR's filesystem
#               (default /var/tmp/aether-bench-work)
#   BIG_MIB     the memory test's upload (default 2048); SIZE_MIB the throughput file (default 1024)
#   PORT, STATIC_PORT, PY_PORT   (defaults 5099, 5098, 5097)
#   MAX_LOAD    wait before each series until the 1-minute load average is below it (0.7),
#   QUIET_MAX   for at most this many seconds (1200), polling every 15 s
#   KEEP=1      keep the database and the files
# Needs curl; a static server to compare downloads with: nginx, else busybox httpd
# (apt-get install busybox), else python3 -m http.server (slow: the table says which one ran).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH}   # this checkout's api package, whatever the venv's editable install names

RUNS=${1:-5}
AETHER=${AETHER:-.venv/bin/aether}
DB=${DB:-aether_bench_files}
FILES_DIR=${FILES_DIR:-/var/tmp/aether-bench-files}
WORK=${WORK:-/var/tmp/aether-bench-work}
BIG_MIB=${BIG_MIB:-2048}
SIZE_MIB=${SIZE_MIB:-1024}
PORT=${PORT:-5099}
STATIC_PORT=${STATIC_PORT:-5098}
PY_PORT=${PY_PORT:-5097}
MAX_LOAD=${MAX_LOAD:-0.7}
QUIET_MAX=${QUIET_MAX:-1200}
KEY=ae_demo_conference_admin_key_00000000000
API=http://127.0.0.1:$PORT
export AE_DB_URL=mysql://root@127.0.0.1:3306/$DB
MYSQL=(mysql -h127.0.0.1 -P3306 -uroot)

say() { echo "== $*" >&2; }
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ ${KEEP:-0} != 1 ]]; then
    "${MYSQL[@]}" -e "DROP DATABASE IF EXISTS \`$DB\`" || true
    rm -rf "$FILES_DIR" "$WORK"
  fi
}
trap cleanup EXIT

# Before each series: wait until the machine is quiet; remember the load it was measured at.
declare -A LOAD
wait_quiet() {
  local deadline=$((SECONDS + QUIET_MAX)) load
  while :; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    awk -v l="$load" -v m="$MAX_LOAD" 'BEGIN { exit !(l < m) }' && break
    if ((SECONDS >= deadline)); then say "load still $load after ${QUIET_MAX}s: measuring $1 anyway"; break; fi
    say "waiting for the 1-minute load average < $MAX_LOAD (now $load) before: $1"
    sleep 15
  done
  LOAD[$1]=$load
}

now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", b - a }'; }
mib_per_s() { awk -v mib="$1" -v s="$2" 'BEGIN { printf "%.0f", mib / s }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }   # user + system
status_kib() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
wait_http() { for _ in $(seq 1 100); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done; echo "no answer from $1" >&2; return 1; }

# ---------------------------------------------------------------- set up
say "scratch database $DB"
"${MYSQL[@]}" -e "DROP DATABASE IF EXISTS \`$DB\`"   # `aether migrate` creates it (utf8mb4_unicode_ci)
"$AETHER" migrate >/dev/null
"$AETHER" seed-lookups >/dev/null
"$AETHER" seed-demo >/dev/null

rm -rf "$FILES_DIR" "$WORK"
mkdir -p "$FILES_DIR" "$WORK"
if [[ $(stat -c %d "$FILES_DIR") != $(stat -c %d "$WORK") ]]; then
  say "warning: $WORK and $FILES_DIR are on different filesystems; the cp ceiling is not comparable"
fi
say "random files: ${BIG_MIB} MiB and ${SIZE_MIB} MiB in $WORK"
dd if=/dev/urandom of="$WORK/big.bin" bs=1M count="$BIG_MIB" status=none
dd if=/dev/urandom of="$WORK/file.bin" bs=1M count="$SIZE_MIB" status=none
head -c 65536 /dev/urandom > "$WORK/small.bin"
sync

say "aether serve on port $PORT (AE_FILES_DIR=$FILES_DIR, one worker)"
AE_FILES_DIR=$FILES_DIR AE_LOG_LEVEL=WARNING "$AETHER" serve --port "$PORT" --workers 1 > "$WORK/serve.log" 2>&1 &
server=$!
pids+=("$server")
wait_http "$API/health"
grep -q aether "/proc/$server/cmdline" || { echo "pid $server is not the worker" >&2; exit 1; }

api_get() { curl -fsS -H "x-api-key: $KEY" "$API$1"; }
json() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
event=$(api_get /v3/crud/event/ | json 'd["data"][0]["id_random"]')

# upload FILE: prints "seconds hash id_random" (fails unless 201)
upload() {
  local out
  out=$(curl -sS -o "$WORK/answer.json" -w '%{http_code} %{time_total}' -H "x-api-key: $KEY" \
    -F "file=@$1" "$API/v3/action/event/$event/upload")
  [[ ${out%% *} == 201 ]] || { echo "upload of $1 answered ${out%% *}: $(head -c 500 "$WORK/answer.json")" >&2; return 1; }
  echo "${out#* } $(json 'd["hosted_file"]["hash_sha256"], d["hosted_file"]["id_random"]' < "$WORK/answer.json" | tr -d "(),'")"
}
# download URL [header]: prints seconds (fails unless 200 with every byte)
download() {
  local out code seconds size headers=()
  [[ -n ${2:-} ]] && headers=(-H "$2")
  out=$(curl -sS -o /dev/null -w '%{http_code} %{time_total} %{size_download}' "${headers[@]}" "$1")
  read -r code seconds size <<< "$out"
  [[ $code == 200 && $size == "$((SIZE_MIB * 1048576))" ]] || { echo "GET $1: $out" >&2; return 1; }
  echo "$seconds"
}
# A different last 8 bytes per run: each upload stores a new blob (no shortcut for content
# that is already there), and each cp writes as much.
retag() { printf '%08d' "$2" | dd of="$1" bs=1 seek=$(($(stat -c %s "$1") - 8)) conv=notrunc status=none; }

# ---------------------------------------------------------------- 1. memory
say "warm-up: small uploads and downloads"
for i in 1 2 3 4 5; do
  answer=$(upload "$WORK/small.bin")
  read -r _ small_hash _ <<< "$answer"
  curl -fsS -o /dev/null -H "x-api-key: $KEY" "$API/v3/action/file/sha256/$small_hash"
  api_get "/v3/crud/event/$event" >/dev/null
done

wait_quiet memory
rss_before=$(status_kib "$server" VmRSS)
hwm_before=$(status_kib "$server" VmHWM)
# VmHWM after start-up is not the steady state: importing api.passwords makes one argon2 hash
# (64 MiB of memory cost) for DUMMY_HASH. Reset the peak to the current RSS (proc(5),
# clear_refs), so a smaller rise during the upload is not hidden under that start-up peak.
if echo 5 > "/proc/$server/clear_refs" 2>/dev/null; then reset=yes; else reset="no (not allowed)"; fi
hwm_reset=$(status_kib "$server" VmHWM)
say "upload of ${BIG_MIB} MiB (VmHWM after warm-up $hwm_before kB, reset to $hwm_reset kB)"
answer=$(upload "$WORK/big.bin")
read -r big_seconds big_hash _ <<< "$answer"
hwm_after=$(status_kib "$server" VmHWM)
rss_after=$(status_kib "$server" VmRSS)
big_check=$(sha256sum "$WORK/big.bin" | cut -d' ' -f1)
[[ $big_check == "$big_hash" ]] || { echo "stored hash $big_hash, file's $big_check" >&2; exit 1; }
cmp -s "$WORK/big.bin" "$(find "$FILES_DIR/sha256" -name "$big_hash")" || { echo "stored blob differs" >&2; exit 1; }
rm -f "$WORK/big.bin" "$FILES_DIR"/sha256/"${big_hash:0:2}"/"${big_hash:2:2}"/"$big_hash"   # room on disk

# ---------------------------------------------------------------- 2. upload throughput
# Both write the file and fsync it: cp then `sync FILE` (fsync of that file), and the upload
# (curl -F file=@..., the server hashes, fsyncs, renames and writes two rows); alternately
# first. The blobs of all but the last run are removed (their rows stay).
wait_quiet upload
up_s=() up_cpu=() cp_s=() hash_s=()
py=$(dirname "$AETHER")/python3; [[ -x $py ]] || py=python3
hash_file() { "$py" -c 'import hashlib, sys
h = hashlib.sha256()
with open(sys.argv[1], "rb") as f:
    while chunk := f.read(1 << 20):
        h.update(chunk)
print(h.hexdigest())' "$1"; }
cp_run() {
  local start; start=$(now)
  cp "$WORK/file.bin" "$WORK/copy.bin"; sync "$WORK/copy.bin"
  cp_s+=("$(elapsed "$start" "$(now)")")
  rm -f "$WORK/copy.bin"
}
upload_run() {
  local answer seconds cpu
  cpu=$(cpu_s "$server")
  answer=$(upload "$WORK/file.bin")
  up_cpu+=("$(elapsed "$cpu" "$(cpu_s "$server")")")
  read -r seconds hash file_id <<< "$answer"
  up_s+=("$seconds")
}
for i in $(seq 1 "$RUNS"); do
  retag "$WORK/file.bin" "$i"
  if ((i % 2)); then cp_run; upload_run; else upload_run; cp_run; fi
  # Each side writes into memory the other has just freed: on this VM, page cache in memory
  # never touched before costs about 2.5 s per GiB more (bench/README.md, "Files").
  ((i < RUNS)) && rm -f "$FILES_DIR/sha256/${hash:0:2}/${hash:2:2}/$hash"
  start=$(now); hash_file "$WORK/file.bin" > /dev/null; hash_s+=("$(elapsed "$start" "$(now)")")
done
hash_check=$(hash_file "$WORK/file.bin")
[[ $hash_check == "$hash" ]] || { echo "stored hash $hash, file's $hash_check" >&2; exit 1; }
blob="sha256/${hash:0:2}/${hash:2:2}/$hash"   # the last upload's blob: what every server sends

# ---------------------------------------------------------------- 3. download throughput
if command -v nginx >/dev/null; then
  static=nginx
  mkdir -p "$WORK/nginx"
  cat > "$WORK/nginx/nginx.conf" <<EOF
daemon off; user $(id -un); worker_processes 1; pid $WORK/nginx/nginx.pid; error_log $WORK/nginx/error.log;
events { worker_connections 64; }
http { access_log off; sendfile on; tcp_nopush on; client_body_temp_path $WORK/nginx;
       server { listen 127.0.0.1:$STATIC_PORT; root $FILES_DIR; } }
EOF
  nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &   # untested here: this machine had no nginx
elif command -v busybox >/dev/null && busybox --list | grep -qx httpd; then
  static="busybox httpd"
  busybox httpd -f -p "127.0.0.1:$STATIC_PORT" -h "$FILES_DIR" &
else
  static="python3 -m http.server"
  python3 -m http.server "$STATIC_PORT" --bind 127.0.0.1 --directory "$FILES_DIR" >/dev/null 2>&1 &
fi
pids+=("$!")
python3 -m http.server "$PY_PORT" --bind 127.0.0.1 --directory "$FILES_DIR" >/dev/null 2>&1 &
pids+=("$!")
wait_http "http://127.0.0.1:$STATIC_PORT/$blob"
wait_http "http://127.0.0.1:$PY_PORT/$blob"
cat "$FILES_DIR/$blob" > /dev/null   # in the page cache for everyone

wait_quiet download
dl_hash_s=() dl_id_s=() dl_static_s=() dl_py_s=() dl_hash_cpu=() dl_id_cpu=()
api_download() {  # array of times, array of the worker's CPU seconds, path
  local -n times=$1 cpus=$2
  local cpu seconds
  cpu=$(cpu_s "$server")
  seconds=$(download "$API$3" "x-api-key: $KEY")
  cpus+=("$(elapsed "$cpu" "$(cpu_s "$server")")")
  times+=("$seconds")
}
for i in $(seq 1 "$RUNS"); do
  dl_static_s+=("$(download "http://127.0.0.1:$STATIC_PORT/$blob")")
  api_download dl_hash_s dl_hash_cpu "/v3/action/file/sha256/$hash"
  api_download dl_id_s dl_id_cpu "/v3/action/file/$file_id/download"
  dl_py_s+=("$(download "http://127.0.0.1:$PY_PORT/$blob")")
done
hwm_end=$(status_kib "$server" VmHWM)

# ---------------------------------------------------------------- report
row() {  # label, array of seconds[, array of the worker's CPU seconds]
  local label=$1 m cpu="-"
  local -n runs=$2
  m=$(median "${runs[@]}")
  if [[ -n ${3:-} ]]; then local -n cpus=$3; cpu="$(median "${cpus[@]}") s"; fi
  printf '| %s | %s MiB/s | %s s | %s | %s |\n' "$label" "$(mib_per_s "$SIZE_MIB" "$m")" "$m" "$cpu" "${runs[*]}"
}
ratio() { awk -v a="$(median "${!1}")" -v b="$(median "${!2}")" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "Files, $(date +%F), $(nproc) cores, $RUNS runs per series (medians), main at $(git rev-parse --short HEAD)"
echo
echo "Memory: one upload of $BIG_MIB MiB (curl -F file=@...), $(mib_per_s "$BIG_MIB" "$big_seconds") MiB/s, load ${LOAD[memory]}"
echo
echo "| worker (pid $server) | VmHWM | VmRSS |"
echo "|---|---|---|"
echo "| after warm-up | $((hwm_before / 1024)) MiB ($hwm_before kB) | $((rss_before / 1024)) MiB ($rss_before kB) |"
echo "| peak reset to RSS: $reset | $((hwm_reset / 1024)) MiB ($hwm_reset kB) | |"
echo "| after the upload | $((hwm_after / 1024)) MiB ($hwm_after kB) | $((rss_after / 1024)) MiB ($rss_after kB) |"
echo "| rise of the peak during the upload | **$(((hwm_after - hwm_reset) / 1024)) MiB** ($((hwm_after - hwm_reset)) kB) | |"
echo "| after every series below | $((hwm_end / 1024)) MiB | |"
echo
echo "Throughput, $SIZE_MIB MiB (upload series at load ${LOAD[upload]}, downloads at load ${LOAD[download]})"
echo
echo "| what | median | median time | worker CPU (median) | runs (s) |"
echo "|---|---|---|---|---|"
row "upload (POST .../upload)" up_s up_cpu
row "ceiling: cp + sync FILE" cp_s
row "hashlib.sha256 over the file alone (1 MiB reads)" hash_s
row "download by hash (GET /v3/action/file/sha256/{hash})" dl_hash_s dl_hash_cpu
row "download by id (GET /v3/action/file/{id}/download)" dl_id_s dl_id_cpu
row "ceiling: $static" dl_static_s
row "python3 -m http.server (for comparison)" dl_py_s
echo
serial=$(awk -v a="$(median "${hash_s[@]}")" -v b="$(median "${cp_s[@]}")" 'BEGIN { print a + b }')
echo "upload time / cp time: $(ratio up_s[@] cp_s[@]); / (hashlib + cp) time: $(awk -v a="$(median "${up_s[@]}")" -v b="$serial" 'BEGIN { printf "%.2f", a / b }')"
echo "download time by hash / $static: $(ratio dl_hash_s[@] dl_static_s[@]); by id: $(ratio dl_id_s[@] dl_static_s[@])"
