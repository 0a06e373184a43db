#!/usr/bin/env bash
# A local federation of three processes of the sorgeregister binary, started with one command:
# the platform (hosting Bremen, taking applications) and two register nodes, the Landkreis
# Cuxhaven (ja-03352) and Berlin (ja-11000), each with its own SQLite database seeded with the
# demo data, serving HTTPS with a certificate from the platform CA. All on 127.0.0.1, in a
# temporary folder that is removed on exit.
#
#   scripts/federation-demo.sh          # start, print URLs and a curl, stop all on Ctrl-C
#   scripts/federation-demo.sh --check  # start, submit two applications, check, exit 0
#   scripts/federation-demo.sh --load N # latency: N applications to a platform hosting every
#                                       # register, then N through the Cuxhaven node (BENCHMARKS.md)
#
# SORGEREGISTER_BIN=path/to/sorgeregister uses that binary instead of building one; --load needs
# SORGEREGISTER_LOAD=path/to/examples/load (cargo build --release -p sorgeregister --examples).
set -euo pipefail

mode=run
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  --load) mode=load; load_n=${2:?--load N}; load_bin=${SORGEREGISTER_LOAD:?set SORGEREGISTER_LOAD} ;;
  *) echo "usage: $0 [--check | --load N]" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${SORGEREGISTER_BIN:-}
if [[ -z $bin ]]; then
  echo "building sorgeregister ..." >&2
  (cd "$root" && cargo build -q -p sorgeregister --bin sorgeregister)
  bin=${CARGO_TARGET_DIR:-$root/target}/debug/sorgeregister
fi
for tool in curl; do
  command -v "$tool" >/dev/null || { echo "$0 needs $tool" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/sorgeregister-federation.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ $mode == check && ${failed:-0} == 1 ]]; then
    for log in "$work"/*/stderr.log; do echo "== $log" >&2; tail -n 20 "$log" >&2; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# keys_of NAME: a configuration naming only NAME's key folder, for `keys` commands.
keys_of() {
  mkdir -p "$work/$1"
  printf '[certificates]\nkeys_dir = "%s"\n' "$work/$1/keys" >"$work/$1/keys.toml"
  echo "$work/$1/keys.toml"
}
# Each party's keys in its own folder. The platform: the CA and Bremen's key. Each node makes
# its own office's key, the platform certifies it, the node installs the answer; no private key
# leaves the folder that signs with it.
keys=$work/platform/keys
"$bin" keys create --config "$(keys_of platform)" --office ja-04011 --name "Jugendamt Bremen" >/dev/null
provision() { # NAME OFFICE OFFICE_NAME
  "$bin" keys request --config "$(keys_of "$1")" --office "$2" --name "$3" \
    --platform-ca "$keys/ca.cert.pem" --out "$work/$1/request.json" >/dev/null
  "$bin" keys certify --config "$(keys_of platform)" --request "$work/$1/request.json" \
    --out "$work/$1/certified.json" >/dev/null
  "$bin" keys install --config "$(keys_of "$1")" --certified "$work/$1/certified.json" >/dev/null
}
provision cuxhaven ja-03352 "Jugendamt Landkreis Cuxhaven"
provision berlin ja-11000 "Jugendamt Berlin"
# The nodes' TLS key, made on a node too (both nodes are 127.0.0.1 here: one key serves both).
"$bin" keys tls-request --host 127.0.0.1 --out "$work/node-tls" >/dev/null
"$bin" keys tls-certify --config "$(keys_of platform)" --request "$work/node-tls/tls-request.json" \
  --days 2 --out "$work/node-tls" >/dev/null

# free_port: a port on 127.0.0.1 nobody listens on now (the nodes' addresses must be known
# before they start: the platform's configuration names them). Taken below Linux's ephemeral
# range (32768 and up), where the kernel hands out ports to other programs' connections and
# `:0` listeners, which could take it before the node starts.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 12000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# instance NAME BIND EXTRA_SERVER_TOML EXTRA_TOML: NAME's folder (its keys already there, or
# made on first use) and its configuration.
instance() {
  local dir=$work/$1
  mkdir -p "$dir"
  cat >"$dir/config.toml" <<TOML
[server]
bind = "$2"
$3
[database]
url = "sqlite://$dir/db.sqlite?mode=rwc"

[pipeline]
poll_interval_ms = 200
lease_seconds = 5
retry_first_seconds = 1
retry_max_seconds = 5
node_review_poll_seconds = 2

[certificates]
keys_dir = "$dir/keys"
$4
TOML
}

# start NAME [COMMAND]: `serve` (or `node`) in the background (a child of this shell, so that
# it is stopped on exit), with the demo data; sets $url when it listens.
start() {
  local dir=$work/$1
  RUST_LOG=${RUST_LOG:-info} "$bin" "${2:-serve}" --config "$dir/config.toml" --demo-data "$dir" \
    >"$dir/stdout.log" 2>"$dir/stderr.log" &
  pids+=($!)
  local pid=$! i
  for i in $(seq 1 300); do
    if grep -q '^listening on ' "$dir/stdout.log" 2>/dev/null; then
      url=$(sed -n 's/^listening on //p' "$dir/stdout.log" | head -n 1)
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "$1 did not start:" >&2
  cat "$dir/stderr.log" >&2
  return 1
}

tls="tls_certificate = \"$work/node-tls/tls.cert.pem\"
tls_key = \"$work/node-tls/tls.key.pem\""
cuxhaven=https://127.0.0.1:$(free_port)
berlin=https://127.0.0.1:$(free_port)
instance platform 127.0.0.1:0 "" "public_url = \"http://127.0.0.1\"

[federation]
nodes = { \"ja-03352\" = \"$cuxhaven\", \"ja-11000\" = \"$berlin\" }"
start platform; platform=$url
instance cuxhaven "${cuxhaven#https://}" "$tls" "[federation]
represents = [\"ja-03352\"]
platform_url = \"$platform\""
instance berlin "${berlin#https://}" "$tls" "[federation]
represents = [\"ja-11000\"]
platform_url = \"$platform\""
start cuxhaven node
start berlin node
token=$(awk -F'\t' '$1 == "demo-online-service" {print $4}' "$work/platform/tokens.txt")

sophia='{"applicant":{"given_names":"Sophia","family_name":"Berger","birth_name":null,"birth_date":"1993-02-17","address":{"street":"Am Markt 1","postal_code":"28195","municipality_key":"04011000"}},"child":{"given_names":"Charlotte","family_name_at_birth":"Berger","birth_date":"2020-05-04","birth_place":{"municipality_key":"03352011"}},"declarations":{"applicant_is_mother":true,"married_to_father":false,"married_to_other_man_at_birth":false,"custody_by_court_to_one_parent":false}}'
berlin_child=${sophia/\"Charlotte\"/\"Emil\"}
berlin_child=${berlin_child/2020-05-04/2021-03-09}
berlin_child=${berlin_child/03352011/11000000}

if [[ $mode == load ]]; then
  # (a) the same platform with every register hosted: no [federation] section.
  instance hosted 127.0.0.1:0 "" 'public_url = "http://127.0.0.1"'
  start hosted; hosted=$url
  hosted_token=$(awk -F'\t' '$1 == "demo-online-service" {print $4}' "$work/hosted/tokens.txt")
  echo "== warm-up (50 each)"
  "$load_bin" "$hosted" "$hosted_token" 50 >/dev/null
  "$load_bin" "$platform" "$token" 50 >/dev/null
  echo "== (a) all registers hosted: $load_n applications (Sophia's, Cuxhaven register in process)"
  "$load_bin" "$hosted" "$hosted_token" "$load_n"
  echo "== (b) Cuxhaven's register on its node over HTTPS: $load_n applications"
  "$load_bin" "$platform" "$token" "$load_n"
  echo "== platform metrics"
  curl -sS "$platform/metrics" | grep -E '^sorgeregister_federation_(queries_sent_total|query_duration_seconds_(sum|count))'
  exit 0
fi

if [[ $mode == run ]]; then
  cat <<TEXT
Federation running (folder $work, removed on exit):
  platform (Bremen hosted)        $platform      /metrics, /api/v1
  node Landkreis Cuxhaven ja-03352 $cuxhaven
  node Berlin ja-11000            $berlin
  (nodes trust only the platform CA: curl --cacert $keys/ca.cert.pem $cuxhaven/metrics)

Sophia's application (asks the Cuxhaven node):
  curl -sS -X POST $platform/api/v1/applications \\
    -H 'Authorization: Bearer $token' \\
    -H "Idempotency-Key: \$(date +%s%N)" -H 'Content-Type: application/json' \\
    -d '$sophia'

Ctrl-C stops all three.
TEXT
  wait
  exit 0
fi

# --check: both applications decided, each through its node.
failed=1
submit() {
  curl -sS --fail-with-body -X POST "$platform/api/v1/applications" \
    -H "Authorization: Bearer $token" -H "Idempotency-Key: $1" \
    -H 'Content-Type: application/json' -d "$2"
}
status_of() {
  curl -sS -H "Authorization: Bearer $token" "$platform/api/v1/applications/$1" \
    | grep -o '"status":"[a-z_]*"' | head -n 1 | cut -d'"' -f4
}
decided() {
  local id i
  id=$(grep -o '"id":"[^"]*"' <<<"$1" | head -n 1 | cut -d'"' -f4)
  [[ -n $id ]] || { echo "no application id in: $1" >&2; return 1; }
  for i in $(seq 1 100); do
    [[ $(status_of "$id") == decided ]] && return 0
    sleep 0.2
  done
  echo "application $id not decided: $(status_of "$id")" >&2
  return 1
}
answered_by() {
  curl -sS --cacert "$keys/ca.cert.pem" "$1/metrics" \
    | grep -F "sorgeregister_federation_messages_received_total{peer=\"ja-04011\",outcome=\"answered\"}" \
    | awk '{print $2}'
}
created=$(submit check-sophia "$sophia")
decided "$created"
created=$(submit check-berlin "$berlin_child")
decided "$created"
[[ $(answered_by "$cuxhaven") == 1 ]] || { echo "the Cuxhaven node did not answer once" >&2; exit 1; }
[[ $(answered_by "$berlin") == 1 ]] || { echo "the Berlin node did not answer once" >&2; exit 1; }
curl -sS "$platform/metrics" | grep -q 'sorgeregister_federation_queries_sent_total{peer="ja-11000",outcome="answered"} 1' \
  || { echo "the platform did not count its query to Berlin" >&2; exit 1; }
# A notary's declarations for a child born in Berlin: relayed to the Berlin node, which then
# answers Lena's application with "entries exist".
notary=$(awk -F'\t' '$1 == "demo-notary" {print $4}' "$work/platform/tokens.txt")
relayed=$(curl -sS --fail-with-body -X POST "$platform/api/v1/register-notifications" \
  -H "Authorization: Bearer $notary" -H 'Content-Type: application/json' \
  -d '{"child":{"given_names":"Lena","family_name_at_birth":"Berger","birth_date":"2022-07-01",
       "birth_place":{"municipality_key":"11000000"}},
       "mother":{"given_names":"Sophia","family_name":"Berger","birth_name":null},
       "father":{"given_names":"Tom","family_name":"Wolf"},"kind":"custody_declarations",
       "scope":"whole","parts":[],"effective_date":"2022-08-01",
       "source":{"kind":"notary","name":"Notariat Bremen","reference":"UR 9/2022"}}')
grep -q '"status":"delivered"' <<<"$relayed" || { echo "notification not relayed: $relayed" >&2; exit 1; }
lena=${sophia/\"Charlotte\"/\"Lena\"}
lena=${lena/2020-05-04/2022-07-01}
lena=${lena/03352011/11000000}
created=$(submit check-lena "$lena")
decided "$created"
grep -q '"outcome":"no_certificate"' <<<"$(curl -sS -H "Authorization: Bearer $token" \
  "$platform/api/v1/applications/$(grep -o '"id":"[^"]*"' <<<"$created" | head -n 1 | cut -d'"' -f4)")" \
  || { echo "the Berlin node did not answer with the relayed entry" >&2; exit 1; }
failed=0
echo "federation check passed: Sophia's application decided via the Cuxhaven node, Emil's via the Berlin node;"
echo "a notification relayed to the Berlin node, and Lena's application answered from it"
