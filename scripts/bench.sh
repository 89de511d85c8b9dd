#!/usr/bin/env bash
# Reproduces every figure in docs/BENCHMARKS.md: start-up time, idle memory, and the throughput of
# GET /api/v1/applications with wrk on SQLite and on PostgreSQL beside the same query run directly
# (sqlite3 / pgbench) in the same run. Traffic goes only to 127.0.0.1. Bounded: about 6–10 minutes.
#
#   scripts/bench.sh                       # builds into target/bench, writes target/bench/run-<UTC time>/
#   EKROV_BIN=path/to/ekrov scripts/bench.sh
#
# Settings (environment): DURATION (s per throughput run, 20), N_APPS (seeded applications, 1000),
# MAX_TRIES (throughput tries per backend while other processes load the machine, 2), LOAD_MAX (1.5),
# OTHERS_MAX (CPU cores used by other processes during a run above which it is retried, 0.5),
# PG_HOST_URL (postgres://postgres@127.0.0.1:5432), SKIP_PG=1 to leave PostgreSQL out.
# Needs: curl, jq, wrk, sqlite3, psql, pgbench, python3 (standard library only).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=${DURATION:-20}
N_APPS=${N_APPS:-1000}
MAX_TRIES=${MAX_TRIES:-2}
LOAD_MAX=${LOAD_MAX:-1.5}
OTHERS_MAX=${OTHERS_MAX:-0.5}
WAIT_QUIET=${WAIT_QUIET:-20}
PG_HOST_URL=${PG_HOST_URL:-postgres://postgres@127.0.0.1:5432}
PG_DB=ekrov_bench
OUT=${OUT:-$ROOT/target/bench/run-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
RESULTS=$OUT/results.txt
: >"$RESULTS"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
record() { printf '%s\n' "$*" | tee -a "$RESULTS"; }
die() { log "FAILED: $*"; exit 1; }

for tool in curl jq sqlite3 python3; do command -v "$tool" >/dev/null || die "$tool is missing"; done
if ! command -v wrk >/dev/null; then
    log "installing wrk"; apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
if [[ -z ${SKIP_PG:-} ]]; then
    for tool in psql pgbench; do command -v "$tool" >/dev/null || die "$tool is missing (or set SKIP_PG=1)"; done
fi

# ── 1. The binary ────────────────────────────────────────────────────────────────────────────────
if [[ -z ${EKROV_BIN:-} ]]; then
    log "building: CARGO_TARGET_DIR=target/bench cargo build --release -p ekrov"
    CARGO_TARGET_DIR=target/bench cargo build --release -p ekrov
    EKROV_BIN=$ROOT/target/bench/release/ekrov
fi
[[ -x $EKROV_BIN ]] || die "no binary at $EKROV_BIN"

# ── Helpers ──────────────────────────────────────────────────────────────────────────────────────
SERVER_PID=
CPUWATCH_PID=
cleanup() {
    [[ -n $CPUWATCH_PID ]] && kill "$CPUWATCH_PID" 2>/dev/null || true
    if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ns() { date +%s%N; }
load1() { cut -d' ' -f1 /proc/loadavg; }
ms_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN{printf "%.0f", (b-a)/1e6}'; }

# start_server DATA PORT [serve args…]; env DB_URL for PostgreSQL. Sets SERVER_PID and STARTUP_MS:
# from just before the process is spawned to the first 200 of /healthz, polled every 10 ms.
start_server() {
    local data=$1 port=$2; shift 2
    local t0; t0=$(now_ns)
    env EKROV_DATA_DIR="$data" EKROV_LISTEN="127.0.0.1:$port" EKROV_LOGIN_RATE_PER_MINUTE=1000000 \
        ${DB_URL:+EKROV_DATABASE_URL=$DB_URL} "$EKROV_BIN" serve "$@" >>"$data.log" 2>&1 &
    SERVER_PID=$!
    until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do
        kill -0 "$SERVER_PID" 2>/dev/null || die "server exited, see $data.log"
        (( $(now_ns) - t0 < 30000000000 )) || die "server not healthy within 30 s, see $data.log"
        sleep 0.01
    done
    STARTUP_MS=$(ms_since "$t0")
}
stop_server() {
    kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=
}
rss_kib() { awk '/^VmRSS/{print $2}' "/proc/$1/status"; }

# cpuwatch: CPU used on the whole machine during a run, and by our processes (the server, wrk,
# pgbench, sqlite3, and PostgreSQL backends of the bench database); the rest is other processes.
cpuwatch_start() {
    python3 - "$SERVER_PID" "$1" <<'PY' &
import os, signal, sys, time
server, out = int(sys.argv[1]), sys.argv[2]
HZ = os.sysconf("SC_CLK_TCK")
def total():
    v = list(map(int, open("/proc/stat").readline().split()[1:9]))
    return sum(v), v[3] + v[4]
def ours():
    r = {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            s = open(f"/proc/{p}/stat").read()
            comm = s[s.index("(") + 1 : s.rindex(")")]
            f = s[s.rindex(")") + 2 :].split()
            mine = int(p) == server or comm in ("wrk", "pgbench", "sqlite3")
            if not mine and comm == "postgres":
                mine = "ekrov_bench" in open(f"/proc/{p}/cmdline").read()
            if mine:
                r[int(p)] = int(f[11]) + int(f[12])
        except (OSError, ValueError):
            pass
    return r
t0, (all0, idle0), start = time.time(), total(), ours()
seen = dict(start)
stop = False
def done(*_):
    global stop
    stop = True
signal.signal(signal.SIGTERM, done)
while not stop:
    time.sleep(0.25)
    for k, v in ours().items():
        seen[k] = max(seen.get(k, 0), v)
all1, idle1 = total()
el = time.time() - t0
busy = ((all1 - all0) - (idle1 - idle0)) / HZ / el
mine = sum(v - start.get(k, 0) for k, v in seen.items()) / HZ / el
with open(out, "w") as fh:
    fh.write(f"{busy:.2f} {mine:.2f} {max(busy - mine, 0):.2f}\n")
PY
    CPUWATCH_PID=$!
}
# cpuwatch_stop FILE: sets CPU to "busy ours others" (cores). Not in a subshell: it waits for its child.
cpuwatch_stop() {
    kill -TERM "$CPUWATCH_PID"; wait "$CPUWATCH_PID" || true; CPUWATCH_PID=
    CPU=$(cat "$1")
}

# Wait (bounded) for the 1-minute load average to fall below LOAD_MAX.
wait_quiet() {
    local waited=0
    while awk -v l="$(load1)" -v m="$LOAD_MAX" 'BEGIN{exit !(l>=m)}' && (( waited < WAIT_QUIET )); do
        sleep 5; waited=$((waited + 5))
    done
}

# login BASE DIR KEY PASSWORD → the bearer token, by a real КЕП login through the API.
login() {
    local base=$1 dir=$2 key=$3 pass=$4
    curl -fsS -X POST -H 'content-type: application/json' -d '{}' "$base/api/v1/auth/challenge" >"$dir/challenge.json"
    jq -r .challenge "$dir/challenge.json" | base64 -d >"$dir/challenge.bin"
    "$EKROV_BIN" sign --key "$key" --password "$pass" --in "$dir/challenge.bin" --out "$dir/sig.der"
    jq -n --arg id "$(jq -r .challenge_id "$dir/challenge.json")" --arg sig "$(base64 -w0 "$dir/sig.der")" \
        '{challenge_id: $id, signature: $sig}' >"$dir/login.json"
    curl -fsS -X POST -H 'content-type: application/json' --data-binary @"$dir/login.json" "$base/api/v1/auth/kep" | jq -r .token
}

# seed BASE TOKEN N: N applications through the API on one keep-alive connection; prints apps/s.
seed() {
    python3 - "$1" "$2" "$3" <<'PY'
import http.client, json, sys, time, urllib.parse
base, token, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
u = urllib.parse.urlparse(base)
def edrpou(i):  # the check-digit rule of crates/domain/src/ids.rs (edrpou_check)
    d = [int(c) for c in f"{1000000 + i:07d}"]
    w = [7, 1, 2, 3, 4, 5, 6] if 3 <= d[0] <= 5 else [1, 2, 3, 4, 5, 6, 7]
    s = lambda e: sum((a + e) * b for a, b in zip(w, d)) % 11
    c = s(0)
    if c == 10:
        c = s(2)
        c = 0 if c == 10 else c
    return "".join(map(str, d)) + str(c)
def app(code):  # crates/ekrov/tests/common/mod.rs application()
    return {"edrpou": code,
        "full_name": "Комунальне некомерційне підприємство «Обласна клінічна лікарня»",
        "short_name": "КНП «ОКЛ»", "name_en": "Regional Clinical Hospital",
        "address": "м. Житомир, вул. Червоного Хреста, 3", "region": "Житомирська область",
        "head_name": "Іваненко Петро Степанович", "chief_accountant_name": "Сидоренко Марія Іванівна",
        "provides_transfusion": True, "received_on": "2026-11-20",
        "admin": {"surname": "Мельник", "given_name": "Андрій", "patronymic": "Васильович",
                  "rnokpp": "3287301233", "email": "admin@okl.example.ua", "phone": "067 123 45 67"}}
c = http.client.HTTPConnection(u.hostname, u.port)
h = {"content-type": "application/json", "authorization": f"Bearer {token}"}
t0 = time.time()
for i in range(n):
    c.request("POST", "/api/v1/applications", json.dumps(app(edrpou(i))).encode(), h)
    r = c.getresponse(); body = r.read()
    if r.status != 201:
        sys.exit(f"application {i}: {r.status} {body[:300]!r}")
print(f"{n / (time.time() - t0):.0f}")
PY
}

# wrk_run URL TOKEN OUTFILE → "rps p50 p99" (latency in ms)
wrk_run() {
    wrk -t2 -c32 -d"${DURATION}s" --latency -H "Authorization: Bearer $2" "$1" >"$3"
    grep -q 'Non-2xx' "$3" && die "wrk saw non-2xx responses: $3"
    python3 - "$3" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(v):
    n, u = re.match(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 1e-3, "ms": 1, "s": 1e3}[u]
rps = re.search(r"Requests/sec:\s+([\d.]+)", t).group(1)
p50 = ms(re.search(r"^\s+50%\s+(\S+)", t, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", t, re.M).group(1))
print(f"{float(rps):.0f} {p50:.2f} {p99:.2f}")
PY
}

# The exact statement crates/store/src/applications.rs list() builds for the first page without
# filters (the API asks for limit + 1 = 51 rows to know whether there is a next page).
COLS="id, edrpou, full_name, short_name, name_en, address, region, head_name, chief_accountant_name, provides_transfusion, received_on, due_on, admin_surname, admin_given_name, admin_patronymic, admin_rnokpp, admin_email, admin_phone, status, reject_reason, facility_id, created_at, decided_at"
LIST_SQL="SELECT $COLS FROM applications WHERE 1=1 ORDER BY created_at DESC, id DESC LIMIT \$1"
ACCOUNT_COLS=$(sed -n 's/^const COLS: &str = "\(.*\)";/\1/p' crates/store/src/accounts.rs)
[[ -n $ACCOUNT_COLS ]] || die "could not read the account columns from crates/store/src/accounts.rs"

# sqlite_direct DB N FILE_SUFFIX [whole]: N times the list SELECT (or the five statements of one
# request) in one sqlite3 process (SQLITE_PROCS=2: two at once, N each), output to /dev/null;
# prints queries (or requests) per second.
sqlite_direct() {
    local db=$1 n=$2 f=$OUT/sqlite-$3.sql whole=${4:-} now; now=$(date -u +%Y-%m-%dT%H)
    {
        echo ".parameter init"
        echo '.parameter set $1 51'
        echo ".output /dev/null"
        for ((i = 0; i < n; i++)); do
            if [[ -n $whole ]]; then
                echo "SELECT account_id, csrf_token, expires_at FROM sessions WHERE token_hash = '$TOKEN_HASH' AND revoked_at IS NULL AND expires_at > '$now';"
                echo "SELECT $ACCOUNT_COLS FROM accounts WHERE id = '$ACCOUNT_ID';"
                echo "SELECT account_id FROM operators WHERE account_id = '$ACCOUNT_ID';"
                echo "SELECT day, reason FROM days_off ORDER BY day;"
            fi
            echo "$LIST_SQL;"
        done
    } >"$f"
    local t0 procs=${SQLITE_PROCS:-1} p; t0=$(now_ns)
    for ((p = 0; p < procs; p++)); do sqlite3 "$db" <"$f" & done
    wait
    awk -v n="$((n * procs))" -v a="$t0" -v b="$(now_ns)" 'BEGIN{printf "%.0f", n / ((b-a)/1e9)}'
}

# ── 2. Start-up and idle memory (SQLite) ─────────────────────────────────────────────────────────
record "date: $(date -u '+%Y-%m-%d %H:%M UTC')  host: $(nproc) cores, $(uname -r)  binary: $EKROV_BIN"
record "load before start-up runs: $(cut -d' ' -f1-3 /proc/loadavg)"
wait_quiet
PORT=$(free_port)
for i in 1 2 3; do
    D=$OUT/sqlite-start-$i
    start_server "$D" "$PORT"; fresh=$STARTUP_MS; stop_server
    start_server "$D" "$PORT"; second=$STARTUP_MS
    if [[ $i == 3 ]]; then sleep 5; record "sqlite idle RSS after 5 s (second start): $(rss_kib "$SERVER_PID") KiB"; fi
    stop_server
    record "sqlite start-up $i: fresh folder ${fresh} ms, second start ${second} ms  (load $(load1))"
done

# ── 3/4. Seed and measure one backend ────────────────────────────────────────────────────────────
RNOKPP=3184710691 # the demo operator's РНОКПП; `operator add` makes the account before the demo does
bench_backend() {
    local name=$1 data=$OUT/$1-data port; port=$(free_port)
    mkdir -p "$data"
    if [[ $name == sqlite ]]; then
        DB_URL=
        start_server "$data" "$port"; record "sqlite start-up on a fresh folder (seed run): ${STARTUP_MS} ms"; stop_server
    else
        psql -q "$PG_HOST_URL/postgres" -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB"
        DB_URL=$PG_HOST_URL/$PG_DB
        start_server "$data" "$port"; local fresh=$STARTUP_MS; stop_server
        start_server "$data" "$port"; local second=$STARTUP_MS; sleep 5; local rss; rss=$(rss_kib "$SERVER_PID"); stop_server
        record "postgres start-up: fresh database ${fresh} ms, second start ${second} ms; idle RSS after 5 s ${rss} KiB"
    fi
    env EKROV_DATA_DIR="$data" ${DB_URL:+EKROV_DATABASE_URL=$DB_URL} "$EKROV_BIN" operator add \
        --rnokpp "$RNOKPP" --surname Демо --given-name Оператор >>"$data.log"
    EKROV_DATA_DIR=$data "$EKROV_BIN" dev-pki issue --rnokpp "$RNOKPP" --surname Демо --given-name Оператор \
        --out "$data/bench-operator.p12" --password bench >>"$data.log"
    start_server "$data" "$port" --demo # --demo trusts <data>/dev-pki/ca.pem, the CA that issued the key
    local base=http://127.0.0.1:$port
    TOKEN=$(login "$base" "$data" "$data/bench-operator.p12" bench)
    [[ ${#TOKEN} == 43 ]] || die "login failed: $TOKEN"
    TOKEN_HASH=$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)
    ACCOUNT_ID=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$base/api/v1/me" | jq -r .account.id)
    record "$name seed: $N_APPS applications through POST /api/v1/applications at $(seed "$base" "$TOKEN" "$N_APPS")/s (one connection, sequential)"
    local got; got=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$base/api/v1/applications" | jq '.items | length')
    [[ $got == 50 ]] || die "the first page has $got items, expected 50"

    local db=$data/ekrov.db
    local pg_list=$OUT/pg-list.sql pg_whole=$OUT/pg-whole.sql
    if [[ $name == postgres ]]; then
        { echo '\set lim 51'; echo "${LIST_SQL/\$1/:lim};"; } >"$pg_list"
        {
            echo "SELECT account_id, csrf_token, expires_at FROM sessions WHERE token_hash = '$TOKEN_HASH' AND revoked_at IS NULL AND expires_at > '$(date -u +%Y-%m-%dT%H)';"
            echo "SELECT $ACCOUNT_COLS FROM accounts WHERE id = '$ACCOUNT_ID';"
            echo "SELECT account_id FROM operators WHERE account_id = '$ACCOUNT_ID';"
            echo "SELECT day, reason FROM days_off ORDER BY day;"
            echo '\set lim 51'; echo "${LIST_SQL/\$1/:lim};"
        } >"$pg_whole"
    else
        # Calibrate N so that the direct run lasts about DURATION seconds.
        local q; q=$(sqlite_direct "$db" 200 calib)
        SQLITE_N=$(( q * DURATION )); SQLITE_N_WHOLE=$(( q * DURATION / 4 ))
    fi

    local try
    for ((try = 1; try <= MAX_TRIES; try++)); do
        wait_quiet
        local before; before=$(cut -d' ' -f1-3 /proc/loadavg)
        cpuwatch_start "$OUT/$name-cpu-$try"
        local w; w=$(wrk_run "$base/api/v1/applications" "$TOKEN" "$OUT/$name-wrk-$try.txt")
        cpuwatch_stop "$OUT/$name-cpu-$try"
        local wcpu=$CPU d dcpu whole
        cpuwatch_start "$OUT/$name-cpu-direct-$try"
        if [[ $name == postgres ]]; then
            pgbench -n -M prepared -f "$pg_list" -c 32 -j 2 -T "$DURATION" "$DB_URL" >"$OUT/pgbench-list-$try.txt" 2>&1
            d=$(awk '/^tps/{printf "%.0f", $3}' "$OUT/pgbench-list-$try.txt")
            d="$d $(awk '/^latency average/{print $4}' "$OUT/pgbench-list-$try.txt")"
        else
            d=$(sqlite_direct "$db" "$SQLITE_N" "list-$try")
        fi
        cpuwatch_stop "$OUT/$name-cpu-direct-$try"; dcpu=$CPU
        local d2=""
        if [[ $name == sqlite ]]; then
            d2="; two sqlite3 processes at once $(SQLITE_PROCS=2 sqlite_direct "$db" $((SQLITE_N / 4)) "list2-$try") query/s"
        fi
        if [[ $name == postgres ]]; then
            pgbench -n -M prepared -f "$pg_whole" -c 32 -j 2 -T $((DURATION / 2)) "$DB_URL" >"$OUT/pgbench-whole-$try.txt" 2>&1
            whole=$(awk '/^tps/{printf "%.0f", $3}' "$OUT/pgbench-whole-$try.txt")
        else
            whole=$(sqlite_direct "$db" "$SQLITE_N_WHOLE" "whole-$try" whole)
        fi
        local rps=${w%% *}
        record "$name try $try (load before $before): wrk rps/p50 ms/p99 ms = $w [cpu busy/ours/others $wcpu]; direct list query/s$([[ $name == postgres ]] && echo ' (+avg latency ms)') = $d [cpu $dcpu]; ratio server/direct = $(awk -v a="$rps" -v b="${d%% *}" 'BEGIN{printf "%.3f", a/b}')$d2; direct 5 statements of a request/s = $whole"
        local others=${wcpu##* } dothers=${dcpu##* }
        if awk -v a="$others" -v b="$dothers" -v m="$OTHERS_MAX" 'BEGIN{exit !(a<=m && b<=m)}'; then
            record "$name try $try: other processes stayed under $OTHERS_MAX cores — no retry"; break
        fi
        record "$name try $try: other processes used $others / $dothers cores during the runs (> $OTHERS_MAX)"
    done
    record "$name RSS after the load runs: $(rss_kib "$SERVER_PID") KiB"
    stop_server

    # What if applications had an index for the list's order? On a copy; the schema is not changed.
    local idx_sql="CREATE INDEX bench_applications_created ON applications (created_at, id)"
    if [[ $name == sqlite ]]; then
        cp -r "$data" "$data-idx"; sqlite3 "$data-idx/ekrov.db" "$idx_sql"
        data=$data-idx; db=$data/ekrov.db
    else
        psql -q "$PG_HOST_URL/postgres" -c "DROP DATABASE IF EXISTS ${PG_DB}_idx" -c "CREATE DATABASE ${PG_DB}_idx TEMPLATE $PG_DB"
        DB_URL=$PG_HOST_URL/${PG_DB}_idx; psql -q "$DB_URL" -c "$idx_sql"
    fi
    start_server "$data" "$port" --demo
    wait_quiet
    local before; before=$(cut -d' ' -f1-3 /proc/loadavg)
    cpuwatch_start "$OUT/$name-cpu-idx"
    local w; w=$(wrk_run "$base/api/v1/applications" "$TOKEN" "$OUT/$name-wrk-idx.txt")
    cpuwatch_stop "$OUT/$name-cpu-idx"; local wcpu=$CPU d
    cpuwatch_start "$OUT/$name-cpu-idx-direct"
    if [[ $name == postgres ]]; then
        pgbench -n -M prepared -f "$pg_list" -c 32 -j 2 -T "$DURATION" "$DB_URL" >"$OUT/pgbench-list-idx.txt" 2>&1
        d=$(awk '/^tps/{printf "%.0f", $3}' "$OUT/pgbench-list-idx.txt")
    else
        local q; q=$(sqlite_direct "$db" 200 calib-idx)
        d=$(sqlite_direct "$db" $((q * DURATION)) "list-idx")
    fi
    cpuwatch_stop "$OUT/$name-cpu-idx-direct"
    record "$name WITH an index on (created_at, id), a copy (load before $before): wrk rps/p50 ms/p99 ms = $w [cpu busy/ours/others $wcpu]; direct list query/s = $d [cpu $CPU]; ratio server/direct = $(awk -v a="${w%% *}" -v b="$d" 'BEGIN{printf "%.3f", a/b}')"
    stop_server
}

bench_backend sqlite
[[ -z ${SKIP_PG:-} ]] && bench_backend postgres
record "done: $(date -u '+%H:%M UTC'); raw output in $OUT"
