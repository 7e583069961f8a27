#!/usr/bin/env bash
# Starts the local BotCriptoFy2 stack on loopback: a private PostgreSQL cluster and Redis, a local
# CA with certificates, bcf-core and bcf-compute; then opens the workstation (unless --headless).
# Ctrl-C (or closing the workstation) stops everything; the next start reuses the data.
#
# Usage: scripts/local-stack.sh [--headless] [--build-dir DIR]
# Environment: BCF_ADMIN_PASSWORD  password of the first admin account (generated when unset)
#              BCF_STATE_DIR       where the stack keeps its data (see docs/running.md)
set -euo pipefail

headless=0
build_dir=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --headless) headless=1 ;;
        --build-dir) build_dir="$2"; shift ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "local-stack: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

repo=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${build_dir:-$repo/build/dev}
bin() { echo "$build_dir/$1"; }
bcfctl=$(bin server/ctl/bcfctl)
for binary in "$bcfctl" "$(bin server/core/bcf-core)" "$(bin server/compute/bcf-compute)" \
              "$(bin server/sim/bcf-exchange-sim)"; do
    [[ -x "$binary" ]] || { echo "local-stack: $binary is missing; build first (scripts/run.sh)" >&2; exit 1; }
done

# Root keeps state under /var/lib (root's home is closed to the unprivileged PostgreSQL user);
# everyone else under the XDG state directory.
if [[ $(id -u) -eq 0 ]]; then
    state=${BCF_STATE_DIR:-/var/lib/botcriptofy/local}
    pg_user=postgres
else
    state=${BCF_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/botcriptofy/local}
    pg_user=$(id -un)
fi
mkdir -p "$state"/{logs,tls,run}
chmod 755 "$state" "$state/run"

# One stack per state directory: a second start would fight over the same data.
exec 9>"$state/stack.lock"
if ! flock -n 9; then
    echo "local-stack: a stack is already running on $state (stop it with Ctrl-C first)" >&2
    exit 1
fi
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi; }
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x "$pg_bin/initdb" ]] || { echo "local-stack: PostgreSQL server binaries not found; run scripts/install-deps.sh" >&2; exit 1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() { # preferred port if free, else a free one from the ephemeral range
    local port=$1
    while ! port_free "$port"; do port=$((20000 + RANDOM % 30000)); done
    echo "$port"
}
random_secret() { head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 24; }

# Ports chosen on the first start are kept, so saved workstation profiles stay valid.
ports="$state/ports.env"
if [[ -f "$ports" ]]; then source "$ports"; fi
PG_PORT=$(pick_port "${PG_PORT:-55432}")
REDIS_PORT=$(pick_port "${REDIS_PORT:-56379}")
CORE_PORT=$(pick_port "${CORE_PORT:-50051}")
COMPUTE_PORT=$(pick_port "${COMPUTE_PORT:-50061}")
CORE_METRICS_PORT=$(pick_port "${CORE_METRICS_PORT:-9464}")
COMPUTE_METRICS_PORT=$(pick_port "${COMPUTE_METRICS_PORT:-9465}")
SIM_REST_PORT=$(pick_port "${SIM_REST_PORT:-18080}")
SIM_WS_PORT=$(pick_port "${SIM_WS_PORT:-18081}")
printf 'PG_PORT=%s\nREDIS_PORT=%s\nCORE_PORT=%s\nCOMPUTE_PORT=%s\nCORE_METRICS_PORT=%s\nCOMPUTE_METRICS_PORT=%s\nSIM_REST_PORT=%s\nSIM_WS_PORT=%s\n' \
    "$PG_PORT" "$REDIS_PORT" "$CORE_PORT" "$COMPUTE_PORT" "$CORE_METRICS_PORT" "$COMPUTE_METRICS_PORT" \
    "$SIM_REST_PORT" "$SIM_WS_PORT" > "$ports"

pids=()
stop_all() {
    trap - INT TERM EXIT
    echo "local-stack: stopping…"
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    as_pg "$pg_bin/pg_ctl" -D "$state/pgdata" -m fast -w stop >/dev/null 2>&1 || true
    echo "local-stack: stopped (data kept in $state)"
}
trap stop_all INT TERM EXIT

# PostgreSQL: a private cluster with a generated password, on 127.0.0.1 only.
if [[ ! -f "$state/db.password" ]]; then
    (umask 077; random_secret > "$state/db.password")
fi
if [[ ! -f "$state/pgdata/PG_VERSION" ]]; then
    echo "local-stack: creating the PostgreSQL cluster in $state/pgdata"
    mkdir -p "$state/pgdata"
    install -m 600 -o "$pg_user" "$state/db.password" "$state/run/pwfile"
    chown "$pg_user" "$state/pgdata" "$state/run"
    as_pg "$pg_bin/initdb" -D "$state/pgdata" -U botcriptofy --pwfile="$state/run/pwfile" \
        --auth=scram-sha-256 -E UTF8 >"$state/logs/initdb.log"
    rm -f "$state/run/pwfile"
fi
chown "$pg_user" "$state/pgdata" "$state/run"
touch "$state/logs/postgresql.log"; chown "$pg_user" "$state/logs/postgresql.log"
as_pg "$pg_bin/pg_ctl" -D "$state/pgdata" -l "$state/logs/postgresql.log" -w \
    -o "-p $PG_PORT -k $state/run -c listen_addresses=127.0.0.1" start >/dev/null
PGPASSWORD=$(cat "$state/db.password") psql -h 127.0.0.1 -p "$PG_PORT" -U botcriptofy -d postgres \
    -tAc "SELECT 1 FROM pg_database WHERE datname = 'botcriptofy'" | grep -q 1 ||
    PGPASSWORD=$(cat "$state/db.password") psql -q -h 127.0.0.1 -p "$PG_PORT" -U botcriptofy \
        -d postgres -c "CREATE DATABASE botcriptofy"

# Redis: private, password-protected, persisted under the state directory.
if [[ ! -f "$state/redis.password" ]]; then (umask 077; random_secret > "$state/redis.password"); fi
mkdir -p "$state/redis"
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$state/redis" \
    --requirepass "$(cat "$state/redis.password")" --save 60 1 --appendonly no \
    --logfile "$state/logs/redis.log" &
pids+=($!)

# TLS: a local CA and one certificate per server, made on the first start.
if [[ ! -f "$state/tls/ca.crt" ]]; then
    "$bcfctl" certs init --dir "$state/tls" --name "BotCriptoFy2 local CA"
    for name in core compute; do
        "$bcfctl" certs issue --dir "$state/tls" --name "$name" --dns localhost --ip 127.0.0.1 --client
    done
fi
[[ -f "$state/secret.key" ]] || "$bcfctl" secret init --file "$state/secret.key"
[[ -f "$state/exchange.key" ]] || "$bcfctl" secret init --file "$state/exchange.key"

write_config() { # name listen metrics [extra [tls] lines]
    cat > "$state/$1.toml" <<TOML
# Generated by scripts/local-stack.sh on every start; see docs/configuration.md.
[node]
name = "local-$1"
listen = "127.0.0.1:$2"
metrics_listen = "127.0.0.1:$3"

[tls]
certificate = "$state/tls/$1.crt"
private_key = "$state/tls/$1.key"
${4:-}

[database]
host = "127.0.0.1"
port = $PG_PORT
name = "botcriptofy"
user = "botcriptofy"
password_file = "$state/db.password"

[redis]
host = "127.0.0.1"
port = $REDIS_PORT
password_file = "$state/redis.password"
TOML
}
write_config core "$CORE_PORT" "$CORE_METRICS_PORT"
printf '\n[auth]\nsecret_key_file = "%s"\n' "$state/secret.key" >> "$state/core.toml"
# Live trading goes to the simulator's Binance spot API (its demo key: docs/live-venue.md).
cat >> "$state/core.toml" <<TOML

[trading]
exchange_key_file = "$state/exchange.key"
binance_rest_url = "http://127.0.0.1:$SIM_REST_PORT"
binance_websocket_api_url = "ws://127.0.0.1:$SIM_WS_PORT/ws-api/v3"

# Bots' predict(): Predict on bcf-compute over mutual TLS (docs/ml.md).
[inference]
ca_file = "$state/tls/ca.crt"
client_certificate = "$state/tls/core.crt"
client_key = "$state/tls/core.key"
TOML
# The compute node verifies client certificates (Predict answers only servers that have one).
write_config compute "$COMPUTE_PORT" "$COMPUTE_METRICS_PORT" "client_ca = \"$state/tls/ca.crt\""
# The offline exchange simulator is the local stack's market: no internet needed.
cat >> "$state/compute.toml" <<TOML

[collector]
enabled = true
backfill_minutes = 4320

[binance]
enabled = true
rest_url = "http://127.0.0.1:$SIM_REST_PORT"
websocket_url = "ws://127.0.0.1:$SIM_WS_PORT"
symbols = "BTCUSDT,ETHUSDT,BNBUSDT,SOLUSDT"
TOML

"$bcfctl" migrate --config "$state/core.toml"

# The first admin: password from BCF_ADMIN_PASSWORD, or generated and shown once.
generated_password=""
if ! "$bcfctl" user list --config "$state/core.toml" | grep -q $'\tadmin\t'; then
    if [[ -z "${BCF_ADMIN_PASSWORD:-}" ]]; then
        generated_password="Bcf-$(random_secret | head -c 16)-9a"
        export BCF_ADMIN_PASSWORD=$generated_password
    fi
    "$bcfctl" user add --config "$state/core.toml" --username admin --role admin \
        --password-env BCF_ADMIN_PASSWORD
fi

"$(bin server/sim/bcf-exchange-sim)" --rest-port "$SIM_REST_PORT" --ws-port "$SIM_WS_PORT" \
    >>"$state/logs/bcf-exchange-sim.log" 2>&1 &
pids+=($!)
"$(bin server/core/bcf-core)" --config "$state/core.toml" 2>>"$state/logs/bcf-core.log" &
pids+=($!)
"$(bin server/compute/bcf-compute)" --config "$state/compute.toml" 2>>"$state/logs/bcf-compute.log" &
pids+=($!)

for attempt in $(seq 1 60); do
    if "$bcfctl" health --address "127.0.0.1:$CORE_PORT" --ca "$state/tls/ca.crt" >/dev/null 2>&1 &&
       "$bcfctl" health --address "127.0.0.1:$COMPUTE_PORT" --ca "$state/tls/ca.crt" >/dev/null 2>&1; then
        break
    fi
    [[ $attempt -eq 60 ]] && { echo "local-stack: servers did not become healthy; see $state/logs" >&2; exit 1; }
    sleep 0.5
done

cat <<INFO

  BotCriptoFy2 local stack is running
    bcf-core     127.0.0.1:$CORE_PORT   (metrics http://127.0.0.1:$CORE_METRICS_PORT/metrics)
    bcf-compute  127.0.0.1:$COMPUTE_PORT   (metrics http://127.0.0.1:$COMPUTE_METRICS_PORT/metrics)
    exchange     http://127.0.0.1:$SIM_REST_PORT  ws://127.0.0.1:$SIM_WS_PORT  (bcf-exchange-sim, Binance API)
    CA           $state/tls/ca.crt
    logs         $state/logs
INFO
if [[ -n "$generated_password" ]]; then
    cat <<INFO

    First start: the admin account was created.
      username  admin
      password  $generated_password
    It is shown only now. Change it in the workstation (Account ▸ Change password).
INFO
fi
echo

if [[ $headless -eq 0 ]]; then
    workstation=$(bin app/botcriptofy)
    if [[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
        echo "local-stack: no display found; running headless (Ctrl-C stops)."
    else
        BCF_PASSWORD=$generated_password "$workstation" --host 127.0.0.1 --port "$CORE_PORT" \
            --ca "$state/tls/ca.crt" --username admin || true
        exit 0
    fi
fi
echo "Press Ctrl-C to stop."
wait "${pids[@]}"
