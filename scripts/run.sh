#!/usr/bin/env bash
# Set up (first time only) and open the chat on the bundled article: http://127.0.0.1:7860
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/newsqa serve "$@"
