#!/usr/bin/env bash
# `make demo`'s server: a task worker (web imports, reminder runs) in the background
# beside Django's development server on 127.0.0.1:PORT; when the server stops (Ctrl+C,
# or it fails), the worker is stopped too, so nothing keeps running unseen.
set -euo pipefail
PORT="${1:-8000}"
BIN="$(cd "$(dirname "$0")/.." && pwd)/.venv/bin"

"$BIN/sozialplanung" worker --verbosity 0 &
worker=$!
trap 'kill -TERM "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT
echo "Hintergrund-Worker läuft (Prozess $worker)."
"$BIN/sozialplanung" runserver "127.0.0.1:$PORT" --noreload
