#!/usr/bin/env bash
# `./dev pack [folder]`: build every package and write one installable tarball per publishable
# package into one folder (default: packs/), e.g. packs/mimo-agents-0.1.0.tgz and
# packs/mimo-agents-core-0.1.0.tgz. Install them all at once, as docs/getting-started.md says:
#   npm install <folder>/mimo-agents-*.tgz zod
# (the scoped packages are in the same folder because they are not on the registry yet).
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$repo_root/packs}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$repo_root"
rm -f "$out"/mimo-agents-*.tgz
TURBO_TELEMETRY_DISABLED=1 pnpm --silent turbo run build --output-logs=errors-only >&2
for manifest in packages/*/package.json; do
  dir="$(dirname "$manifest")"
  if node -e 'process.exit(require(process.argv[1]).private === true ? 0 : 1)' "$repo_root/$manifest"; then
    continue
  fi
  # `pnpm pack` rewrites workspace:* ranges to the real versions, as `pnpm publish` does.
  (cd "$dir" && pnpm pack --pack-destination "$out" >/dev/null)
done
ls -1 "$out"/*.tgz
