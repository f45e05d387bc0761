#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what the tests need (Node packages for the JavaScript
# references and the UI; Debian's Chromium when run as root and missing), then the whole Maven build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
. scripts/find-jdk.sh

if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
for pkg in $(find . -name package-lock.json -not -path '*/node_modules/*' -printf '%h\n' | sort); do
  (cd "$pkg" && npm ci --no-audit --no-fund --loglevel=error)
done

# The Python references and the Python package's pytest suite (PythonPackageTest) need python3 with numpy,
# jsonschema, pytest and venv: from the machine's package index if it has one, else from Debian when root.
if ! python3 -c "import numpy, jsonschema, pytest, venv, ensurepip" 2>/dev/null; then
  python3 -m pip install --quiet numpy jsonschema pytest 2>/dev/null \
    || { [ "$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
         python3-numpy python3-jsonschema python3-pytest python3-venv >/dev/null; } || true
fi

mvn -B -ntp verify "$@"
