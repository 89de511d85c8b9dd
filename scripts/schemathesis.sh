#!/usr/bin/env bash
# Hostile input: schemathesis (PyPI) against /api/openapi.json of the release server, with real
# tokens of the national operator and of the administrators of two facilities, all made by real
# КЕП logins (dev PKI + `ekrov sign`), the administrators through their first-login letters.
#
#   scripts/schemathesis.sh                    # builds target/release/ekrov if missing
#   EKROV_BIN=path/to/ekrov MAX_TIME=60 scripts/schemathesis.sh
#
# Settings (environment): MAX_TIME (s per run, 120), MAX_EXAMPLES (per operation, 100), SEED (6),
# CHECKS (default below). Four runs: the operator; facility A's administrator on A; B's on B; B's
# administrator aimed at facility A (everything must be refused, nothing 5xx).
# Writes target/schemathesis/run-<UTC time>/ (server log, reports, results.txt). Exit 1 on any failure.
# Needs: python3 (venv), curl, jq, base64. Traffic goes only to 127.0.0.1 (and PyPI for the install).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MAX_TIME=${MAX_TIME:-120}
MAX_EXAMPLES=${MAX_EXAMPLES:-100}
SEED=${SEED:-6}
CHECKS=${CHECKS:-not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection}
OUT=${OUT:-$ROOT/target/schemathesis/run-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
RESULTS=$OUT/results.txt
: >"$RESULTS"
record() { printf '%s\n' "$*" | tee -a "$RESULTS"; }
source scripts/lib/ekrov.sh

# Python 3.11.7 trips hypothesis over an AST bug of that CPython ("AST constructor recursion
# depth mismatch", a runtime error of the tool, not of the API): take the newest python3.x here.
if [[ -z ${PYTHON:-} ]]; then
    for p in python3.13 ~/.pyenv/versions/3.13*/bin/python3 python3.12 python3; do
        if "$p" --version >/dev/null 2>&1; then PYTHON=$p; break; fi
    done
fi
VENV=${VENV:-$ROOT/target/schemathesis-venv-$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')}
if [[ ! -x $VENV/bin/schemathesis ]]; then
    log "installing schemathesis into $VENV with $PYTHON"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install -q schemathesis
fi
ST=$VENV/bin/schemathesis

if [[ -z ${EKROV_BIN:-} ]]; then
    EKROV_BIN=$ROOT/target/release/ekrov
    [[ -x $EKROV_BIN ]] || cargo build --release -p ekrov
fi
DATA=$OUT/data
mkdir -p "$DATA"
trap stop_server EXIT

prepare 3184710691 3287301233 3416721101
start_server "$(free_port)" --demo
operator_login 3184710691
facility "$OP_TOKEN" 00012925 3287301233 a; FA=$FID; TA=$ADMIN_TOKEN
facility "$OP_TOKEN" 14360570 3416721101 b; FB=$FID; TB=$ADMIN_TOKEN
record "date: $(date -u '+%Y-%m-%d %H:%M UTC'); $("$ST" --version); binary $EKROV_BIN; server $BASE"
record "facilities: A $FA, B $FB; checks: $CHECKS; max time $MAX_TIME s, max examples $MAX_EXAMPLES, seed $SEED"

# The logout route is left out: it would end the run's own session.
FAILED=0
run() {
    local name=$1 token=$2 fid=$3 rc=0
    printf 'headers = { Authorization = "Bearer %s" }\n[parameters]\nfacility_id = "%s"\n' "$token" "$fid" >"$OUT/$name.toml"
    log "schemathesis: $name"
    # From the run folder: schemathesis keeps its cache (.schemathesis/) in the working directory.
    (cd "$OUT" && "$ST" --config-file "$OUT/$name.toml" run "$BASE/api/openapi.json" \
        --checks "$CHECKS" --max-time "$MAX_TIME" -n "$MAX_EXAMPLES" --seed "$SEED" -w 2 \
        --exclude-path /api/v1/auth/logout --request-timeout 10 --suppress-health-check all \
        --report junit,ndjson --report-dir "$OUT/$name") >"$OUT/$name.txt" 2>&1 || rc=$?
    local summary; summary=$(grep -E 'Test cases:|API Operations:|Failures:|Errors:|passed|failed' "$OUT/$name.txt" | tr -s ' \n' ' ' || true)
    record "$name: exit $rc; $summary"
    [[ $rc == 0 ]] || FAILED=1
}
run operator "$OP_TOKEN" "$FA"
run admin-a "$TA" "$FA"
run admin-b "$TB" "$FB"
run admin-b-at-a "$TB" "$FA"
n500=$(grep -c 'internal error\|panicked' "$OUT/server.log" || true)
record "server log lines with an internal error or a panic: $n500"
[[ $n500 == 0 ]] || FAILED=1
record "done: $(date -u '+%H:%M UTC'); raw output in $OUT"
exit $FAILED
