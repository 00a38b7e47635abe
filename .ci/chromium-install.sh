#!/usr/bin/env bash
# Installs Debian's chromium when it is missing (idempotent, quiet). Used by `./dev test` before the
# inspector's browser tests, which drive the system browser through playwright-core (nothing downloads one).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium >/dev/null 2>&1 || { echo "chromium-install.sh: chromium still missing" >&2; exit 1; }
