#!/usr/bin/env bash
# Builds the filter plugins written in WAT (plugins/*.wat, the example of
# the ABI infrawatch-filter-v1, and test/fixtures/plugins/*.wat, the tests'
# misbehaving ones) into dist/ with wat2wasm (Debian's wabt). A machine
# without wabt skips them with a message: the agent runs without them, and
# the plugin tests fail saying wat2wasm is missing. Nothing is downloaded.
set -u
cd "$(dirname "$0")/.."
if ! command -v wat2wasm >/dev/null; then
  echo "build-plugins: skipped, missing: wat2wasm (Debian package wabt); the filter plugin tests will fail" >&2
  exit 0
fi
status=0
for src in plugins/*.wat test/fixtures/plugins/*.wat; do
  [ -e "$src" ] || continue # a tree without the tests (the container's build)
  out="dist/${src%.wat}.wasm"
  mkdir -p "$(dirname "$out")"
  [ "$out" -nt "$src" ] && continue
  wat2wasm "$src" -o "$out" || { echo "build-plugins: wat2wasm failed on $src" >&2; status=1; }
done
exit $status
