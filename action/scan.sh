#!/usr/bin/env bash
# One scan, every output: SARIF to a file, annotations on stdout, a summary in $GITHUB_STEP_SUMMARY.
# In: LEAKSCAN_BIN, LEAKSCAN_REPO, LEAKSCAN_RANGE (empty: the whole history), LEAKSCAN_BASELINE,
# LEAKSCAN_CONFIG, LEAKSCAN_FAIL_ON, LEAKSCAN_SARIF, LEAKSCAN_ANNOTATIONS (true/false).
# Out: exit-code and sarif-file in $GITHUB_OUTPUT. Exits 0 unless the scan itself failed (status 2).
set -uo pipefail
out="${GITHUB_OUTPUT:-/dev/stdout}"
args=(git "${LEAKSCAN_REPO:-.}")
if [ -n "${LEAKSCAN_RANGE:-}" ]; then args+=(--range "$LEAKSCAN_RANGE"); fi
if [ -n "${LEAKSCAN_BASELINE:-}" ]; then args+=(--baseline "$LEAKSCAN_BASELINE"); fi
if [ -n "${LEAKSCAN_CONFIG:-}" ]; then args+=(--config "$LEAKSCAN_CONFIG"); fi
args+=(--fail-on "${LEAKSCAN_FAIL_ON:-low}" --no-color --format sarif --output "$LEAKSCAN_SARIF")
if [ "${LEAKSCAN_ANNOTATIONS:-true}" = "true" ]; then args+=(--report github=-); fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then args+=(--report "markdown=$GITHUB_STEP_SUMMARY"); fi
"$LEAKSCAN_BIN" "${args[@]}"
code=$?
echo "exit-code=$code" >> "$out"
if [ "$code" -ge 2 ]; then
  echo "::error title=leakscan::the scan failed (exit $code); see the message above"
  exit "$code"
fi
echo "sarif-file=$LEAKSCAN_SARIF" >> "$out"
exit 0
