#!/usr/bin/env bash
# make-screenshot.sh - regenerates docs/report.png, the README's picture of the HTML report.
#
# usage: docs/make-screenshot.sh [TLCHECK-BINARY]   (default: build/tlcheck)
# Needs chromium and a CJK font (Debian: chromium, fonts-noto-cjk). The batch is
# the example declarations of the source tree: two clean, one with errors, one
# with a warning, a foreign-production act that is not covered, and a material
# the measures do not cover.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tool=${1:-$root/build/tlcheck}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$root"
"$tool" check --lang en --format html --output "$work/report.html" \
  fixtures/valid/complete-semiconductors.yaml fixtures/valid/complete-storage-batteries.yaml \
  tests/data/cli/errors.yaml tests/data/cli/warning-only.yaml \
  tests/data/cli/capacity-6pct.yaml tests/data/cli/fertilizer.yaml || [ $? -eq 1 ]
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
  --user-data-dir="$work/profile" --screenshot="$work/report.png" --window-size=1280,1600 \
  "file://$work/report.html" 2>/dev/null
size=$(stat -c %s "$work/report.png")
if [ "$size" -gt 307200 ]; then
  echo "docs/report.png would be $size bytes; keep it under 300 KB" >&2
  exit 1
fi
cp "$work/report.png" docs/report.png
echo "docs/report.png: $size bytes"
