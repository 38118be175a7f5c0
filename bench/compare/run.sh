#!/usr/bin/env bash
# Compare gleaner with trafilatura, readability-lxml and jusText on the dev sets.
# Usage: bash bench/compare/run.sh [--limit N] [--sets readability-en,aeb,trafilatura-half,cleaneval] [...]
# Extra arguments go to compare.py (see `--help`). Needs target/release/gleaner
# (cargo build --release) for gleaner's scores and timing; without it the
# baselines are still run and scored in Python.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# Shared data (never copied into the repo): env GLEANER_SHARED, default ../shared
# relative to the repo root.
export GLEANER_SHARED="${GLEANER_SHARED:-$repo/../shared}"

python="${PYTHON:-}"
if [ -z "$python" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
  done
fi
[ -n "$python" ] || { echo "run.sh: no python3 found (set PYTHON)" >&2; exit 1; }

venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
# Reinstall only when requirements.txt changed since the last install.
# requirements.txt pins every dependency, so pip need not resolve any: with
# --no-deps it installs exactly that list (and pip 23's resolver, which
# fails on lxml's doubled `html-clean` extra there, is not asked).
stamp="$venv/.installed-requirements.txt"
if ! cmp -s "$here/requirements.txt" "$stamp"; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$stamp"
fi

if [ ! -x "$repo/target/release/gleaner" ]; then
  echo "run.sh: $repo/target/release/gleaner not found; run 'cargo build --release' for gleaner's rows" >&2
fi

exec "$venv/bin/python" "$here/compare.py" --shared "$GLEANER_SHARED" "$@"
