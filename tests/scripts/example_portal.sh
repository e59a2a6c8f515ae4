#!/usr/bin/env bash
# example_portal.sh - examples/portal.c runs, finds the missing NDA and rejects the upload.
# usage: example_portal.sh PORTAL-BINARY
set -euo pipefail
portal=$1
out=$("$portal")
printf '%s\n' "$out"
for want in 'rule pack tlcheck-default' 'upload.yaml (plan SEMI-2024-012, semiconductors, METI)' \
            'error TL-C-001 (ウ)' 'at: partners[0].nda' 'error TL-C-005 (ウ)' \
            'rejected: please correct the errors above'; do
  if ! grep -qF -- "$want" <<<"$out"; then
    echo "FAIL: the output lacks: $want" >&2
    exit 1
  fi
done
out=$("$portal" ja)
grep -qF '経済産業省' <<<"$out" || { echo "FAIL: \`portal ja\` is not in Japanese" >&2; exit 1; }
echo "PASS"
