#!/usr/bin/env bash
# Load: wrk at 64 connections on a mixed read/write workload (scripts/soak.lua: 3/4 list reads,
# 1/4 creates, with a facility administrator's bearer token from a real КЕП login), on SQLite and
# on PostgreSQL; records errors, p50/p99 latency and the server's RSS sampled every 5 s.
#
#   scripts/soak.sh                         # 5 minutes per database
#   DURATION=30 scripts/soak.sh             # a quick check
#   BACKENDS=sqlite DURATION=60 scripts/soak.sh
#
# Settings (environment): DURATION (s, 300), CONNECTIONS (64), THREADS (2), BACKENDS ("sqlite
# postgres"), PG_HOST_URL (postgres://postgres@127.0.0.1:5432; a database ekrov_soak_<time> is
# created there and dropped after), EKROV_BIN (default target/release/ekrov, built if missing).
# Writes target/soak/run-<UTC time>/ (wrk output, RSS samples, server logs, results.txt).
# Needs: wrk, curl, jq, python3, psql (for PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=${DURATION:-300}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
BACKENDS=${BACKENDS:-sqlite postgres}
PG_HOST_URL=${PG_HOST_URL:-postgres://postgres@127.0.0.1:5432}
RUN=${OUT:-$ROOT/target/soak/run-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$RUN"; RUN=$(cd "$RUN" && pwd)
RESULTS=$RUN/results.txt
: >"$RESULTS"
record() { printf '%s\n' "$*" | tee -a "$RESULTS"; }
source scripts/lib/ekrov.sh
command -v wrk >/dev/null || { log "installing wrk"; apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }
if [[ -z ${EKROV_BIN:-} ]]; then
    EKROV_BIN=$ROOT/target/release/ekrov
    [[ -x $EKROV_BIN ]] || cargo build --release -p ekrov
fi
PG_DB=
SAMPLER=
cleanup() {
    [[ -n $SAMPLER ]] && kill "$SAMPLER" 2>/dev/null || true
    stop_server
    [[ -n $PG_DB ]] && psql -q "$PG_HOST_URL/postgres" -c "DROP DATABASE IF EXISTS $PG_DB" || true
}
trap cleanup EXIT
record "date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); binary $EKROV_BIN"
record "workload: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s -s scripts/soak.lua (3/4 GET lists, 1/4 POST creates of departments and employees)"

soak() {
    local name=$1
    OUT=$RUN/$name; DATA=$OUT/data; mkdir -p "$DATA"
    if [[ $name == postgres ]]; then
        PG_DB=ekrov_soak_$(date -u +%H%M%S)
        psql -q "$PG_HOST_URL/postgres" -c "CREATE DATABASE $PG_DB"
        DB_URL=$PG_HOST_URL/$PG_DB
    else
        DB_URL=
    fi
    prepare 3184710691 3287301233
    start_server "$(free_port)" --demo
    operator_login 3184710691
    facility "$OP_TOKEN" 00012925 3287301233 soak
    local rss0; rss0=$(awk '/^VmRSS/{print $2}' "/proc/$SERVER_PID/status")
    # RSS every 5 s while wrk runs.
    ( while kill -0 "$SERVER_PID" 2>/dev/null; do
        # time, RSS, and its parts (anonymous, file-backed, shared memory), KiB; SQLite's WAL, KiB
        printf '%s %s%s\n' "$(date +%s)" "$(awk '/^(VmRSS|RssAnon|RssFile|RssShmem)/{printf "%s ", $2}' "/proc/$SERVER_PID/status")" \
            "$(( $(stat -c %s "$DATA/ekrov.db-wal" 2>/dev/null || echo 0) / 1024 ))"; sleep 5
      done ) >"$OUT/rss.txt" &
    SAMPLER=$!
    local load0; load0=$(cut -d' ' -f1-3 /proc/loadavg)
    EKROV_TOKEN=$ADMIN_TOKEN EKROV_FACILITY=$FID wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" \
        --timeout 10s --latency -s scripts/soak.lua "$BASE" >"$OUT/wrk.txt" 2>&1
    local rss1; rss1=$(awk '/^VmRSS/{print $2}' "/proc/$SERVER_PID/status")
    # What stays once the load is over: memory still held, not the peak of in-flight requests.
    sleep "${IDLE:-10}"
    kill "$SAMPLER"; wait "$SAMPLER" 2>/dev/null || true; SAMPLER=
    local rss_idle; rss_idle=$(awk '/^VmRSS/{print $2}' "/proc/$SERVER_PID/status")
    curl -fsS "$BASE/healthz" >/dev/null || die "$name: unhealthy after the run"
    stop_server
    local verify; verify=$(ekrov_cli audit verify || true)
    local line; line=$(grep '^SOAK' "$OUT/wrk.txt" || echo "SOAK (no summary: see $OUT/wrk.txt)")
    record "$name (load before $load0): ${line#SOAK }"
    record "$name RSS KiB: before load $rss0, at the end of the load $rss1, ${IDLE:-10} s later $rss_idle; samples every 5 s: $(python3 - "$OUT/rss.txt" <<'PY'
import sys
v = [int(l.split()[1]) for l in open(sys.argv[1]) if len(l.split()) >= 2]
if not v:
    print("none"); sys.exit()
n = len(v); q = max(n // 4, 1)
first, last = v[:q], v[-q:]
print(f"n={n} min={min(v)} max={max(v)} first-quarter mean={sum(first)//len(first)} last-quarter mean={sum(last)//len(last)} "
      f"(last/first {sum(last)/len(last)/(sum(first)/len(first)):.3f})")
PY
)"
    record "$name after the run: audit verify: $verify"
    if [[ $name == postgres ]]; then psql -q "$PG_HOST_URL/postgres" -c "DROP DATABASE IF EXISTS $PG_DB"; PG_DB=; fi
}
for b in $BACKENDS; do soak "$b"; done
record "done: $(date -u '+%H:%M UTC'); raw output in $RUN"
