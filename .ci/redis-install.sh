#!/usr/bin/env bash
# Installs redis-server from Debian packages when it is missing (idempotent). Used by .ci/run before
# the jobs tests, which start their own throwaway servers on loopback.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq redis-server >/dev/null
# The package starts a system-wide service on 6379 where systemd runs; the tests do not need it.
command -v redis-server >/dev/null 2>&1 || { echo "redis-install.sh: redis-server still missing" >&2; exit 1; }
redis-server --version
