#!/usr/bin/env bash
# A local Redis for durable runs and the BullMQ worker: loopback only, no persistence.
#   scripts/redis.sh                 start on 127.0.0.1:6379 in the foreground (Ctrl-C stops it)
#   scripts/redis.sh --port 6390     another port
#   scripts/redis.sh --daemon        start in the background (pid file and log in ${TMPDIR:-/tmp})
#   scripts/redis.sh --stop          stop the background server on that port
# Needs redis-server (Debian/Ubuntu: .ci/redis-install.sh, or apt-get install redis-server).
set -euo pipefail

port=6379
mode=foreground
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="${2:?--port needs a number}"; shift 2 ;;
    --port=*) port="${1#--port=}"; shift ;;
    --daemon) mode=daemon; shift ;;
    --foreground) mode=foreground; shift ;;
    --stop) mode=stop; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "redis.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done

state_dir="${TMPDIR:-/tmp}"
pidfile="$state_dir/mimo-agents-redis-$port.pid"
logfile="$state_dir/mimo-agents-redis-$port.log"

if [ "$mode" = stop ]; then
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    echo "redis.sh: stopped redis-server on 127.0.0.1:$port"
  else
    echo "redis.sh: no background redis-server found for port $port ($pidfile)" >&2
    exit 1
  fi
  exit 0
fi

if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis.sh: redis-server not found. Install it: .ci/redis-install.sh (or apt-get install redis-server)." >&2
  exit 127
fi

args=(--port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$state_dir")
if [ "$mode" = daemon ]; then
  redis-server "${args[@]}" --daemonize yes --pidfile "$pidfile" --logfile "$logfile"
  # Wait (bounded) until it answers, so the next command can connect.
  for _ in $(seq 1 50); do
    if command -v redis-cli >/dev/null 2>&1 && redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then break; fi
    if ! command -v redis-cli >/dev/null 2>&1 && [ -s "$pidfile" ]; then break; fi
    sleep 0.1
  done
  echo "redis.sh: redis-server on redis://127.0.0.1:$port (pid $(cat "$pidfile" 2>/dev/null || echo '?'), log $logfile)"
else
  exec redis-server "${args[@]}"
fi
