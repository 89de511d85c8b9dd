# Shared by scripts/schemathesis.sh and scripts/soak.sh: start a server, log in by КЕП, register a
# facility and log in as its administrator through the first-login letter. Source it after setting
# EKROV_BIN, OUT and DATA (the data folder). Needs curl, jq, base64, python3.

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_server PORT [serve args…]: the server on 127.0.0.1:PORT with DATA (and DB_URL if set);
# sets SERVER_PID and BASE, waits for /healthz.
start_server() {
    local port=$1; shift
    BASE=http://127.0.0.1:$port
    env EKROV_DATA_DIR="$DATA" EKROV_LISTEN="127.0.0.1:$port" EKROV_PUBLIC_URL="$BASE" \
        EKROV_LOGIN_RATE_PER_MINUTE=1000000 ${DB_URL:+EKROV_DATABASE_URL=$DB_URL} \
        "$EKROV_BIN" serve "$@" >>"$OUT/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 300); do curl -fs -o /dev/null "$BASE/healthz" && return 0; sleep 0.1; done
    die "server not healthy, see $OUT/server.log"
}
stop_server() {
    if [[ -n ${SERVER_PID:-} ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true
    fi
    SERVER_PID=
}

# ekrov_cli ARGS…: the CLI on the same data folder and database.
ekrov_cli() { env EKROV_DATA_DIR="$DATA" ${DB_URL:+EKROV_DATABASE_URL=$DB_URL} "$EKROV_BIN" "$@"; }

# key RNOKPP: a dev-PKI key file $DATA/RNOKPP.p12 (password st) for that person.
key() { ekrov_cli dev-pki issue --rnokpp "$1" --surname Тест --given-name Особа --out "$DATA/$1.p12" --password st >>"$OUT/cli.log"; }

# sign_in RNOKPP URL → a token: a challenge from the API, signed by `ekrov sign`, posted to URL
# (/api/v1/auth/kep, or /api/v1/links/TOKEN/accept).
sign_in() {
    local r=$1 url=$2 d; d=$(mktemp -d "$OUT/login-XXXX")
    curl -fsS -X POST -H 'content-type: application/json' -d '{}' "$BASE/api/v1/auth/challenge" >"$d/challenge.json"
    jq -r .challenge "$d/challenge.json" | base64 -d >"$d/challenge.bin"
    "$EKROV_BIN" sign --key "$DATA/$r.p12" --password st --in "$d/challenge.bin" --out "$d/sig.der"
    jq -n --arg id "$(jq -r .challenge_id "$d/challenge.json")" --arg sig "$(base64 -w0 "$d/sig.der")" \
        '{challenge_id: $id, signature: $sig}' >"$d/body.json"
    curl -fsS -X POST -H 'content-type: application/json' --data-binary @"$d/body.json" "$url" | jq -r .token
}

# facility OPERATOR_TOKEN EDRPOU ADMIN_RNOKPP TAG: registers a facility and logs its administrator
# in through the first-login link of the letter (files in $DATA/mail). Sets FID and ADMIN_TOKEN.
facility() {
    local op=$1 edrpou=$2 admin=$3 tag=$4 body app link=
    body=$(jq -n --arg e "$edrpou" --arg r "$admin" --arg m "admin-$tag@example.ua" '{
        edrpou: $e, full_name: "Комунальне некомерційне підприємство «Лікарня \($e)»", short_name: "КНП «Л\($e)»",
        name_en: "Hospital", address: "м. Житомир, вул. Червоного Хреста, 3", region: "Житомирська область",
        head_name: "Іваненко Петро Степанович", chief_accountant_name: "Сидоренко Марія Іванівна",
        provides_transfusion: true, received_on: "2026-11-20",
        admin: {surname: "Мельник", given_name: "Андрій", patronymic: "Васильович", rnokpp: $r, email: $m,
                phone: "067 123 45 67"}}')
    app=$(curl -fsS -X POST -H "Authorization: Bearer $op" -H 'content-type: application/json' -d "$body" "$BASE/api/v1/applications" | jq -r .id)
    FID=$(curl -fsS -X POST -H "Authorization: Bearer $op" -H 'content-type: application/json' -d '{}' "$BASE/api/v1/applications/$app/register" | jq -r .facility.id)
    for _ in $(seq 1 100); do
        link=$(python3 - "$DATA/mail" "admin-$tag@example.ua" <<'PY' || true
import email, email.policy, pathlib, re, sys
for f in sorted(pathlib.Path(sys.argv[1]).glob("*.eml")):
    m = email.message_from_bytes(f.read_bytes(), policy=email.policy.default)
    if sys.argv[2] in str(m["To"]):
        print(re.search(r"/links/([A-Za-z0-9_-]+)", m.get_body(("plain",)).get_content()).group(1))
        break
PY
)
        [[ -n $link ]] && break
        sleep 0.1
    done
    [[ -n $link ]] || die "no first-login letter for $tag"
    ADMIN_TOKEN=$(sign_in "$admin" "$BASE/api/v1/links/$link/accept")
    [[ ${#ADMIN_TOKEN} -ge 20 ]] || die "first login of $tag failed"
}

# Before the server starts (serve --demo trusts the dev CA as it is at start): the operator and the
# key files of the people who will log in.
prepare() {
    local r
    ekrov_cli operator add --rnokpp "$1" --surname Демо --given-name Оператор >>"$OUT/cli.log"
    for r in "$@"; do key "$r"; done
}

# operator_login RNOKPP → sets OP_TOKEN.
operator_login() {
    OP_TOKEN=$(sign_in "$1" "$BASE/api/v1/auth/kep")
    [[ ${#OP_TOKEN} -ge 20 ]] || die "operator login failed"
}
