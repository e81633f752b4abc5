#!/usr/bin/env bash
# The range the gate scans, made available in the checkout: fetches a missing base or head commit and
# deepens a shallow clone until the two meet, or fails with one line that names the fix.
# In: LEAKSCAN_REPO, LEAKSCAN_BASE (empty or all zeros: the whole history), LEAKSCAN_HEAD, and
# LEAKSCAN_REMOTE (default origin). Out: range=BASE..HEAD (or range= for the whole history) in
# $GITHUB_OUTPUT. Exit 2 on failure.
set -euo pipefail
cd "${LEAKSCAN_REPO:-.}"
remote="${LEAKSCAN_REMOTE:-origin}"
head="${LEAKSCAN_HEAD:-HEAD}"
base="${LEAKSCAN_BASE:-}"
out="${GITHUB_OUTPUT:-/dev/stdout}"
fix="use actions/checkout with fetch-depth: 0"

fail() { echo "::error title=leakscan::$1"; exit 2; }
have() { git cat-file -e "$1^{commit}" 2>/dev/null; }
fetch() { git fetch --no-tags --quiet "$@" >/dev/null 2>&1; }
shallow() { [ "$(git rev-parse --is-shallow-repository)" = true ]; }

if [ -n "$base" ] && [ -z "${base//0/}" ]; then base=""; fi  # all zeros: a new branch
have "$head" || fetch --depth=1 "$remote" "$head" || fail "head commit $head is not in the checkout and cannot be fetched; $fix"
head="$(git rev-parse "$head^{commit}")"

if [ -z "$base" ]; then
  shallow && fail "no base commit (a new branch?) and the checkout is shallow, so its history cannot be scanned; $fix"
  echo "leakscan: no base commit (a new branch?): scanning the whole history"
  echo "range=" >> "$out"
  exit 0
fi
have "$base" || fetch --depth=1 "$remote" "$base" \
  || fail "base commit $base is not in the checkout and cannot be fetched (force-pushed away?); $fix, or set the base input"

# a shallow clone: deepen until base and head share history, so base..head is exactly the new commits
for depth in 50 200 1000; do
  shallow || break
  git merge-base "$base" "$head" >/dev/null 2>&1 && break
  echo "leakscan: shallow checkout: fetching $depth more commits of history"
  fetch --deepen="$depth" "$remote" "$head" "$base" || fail "cannot deepen the shallow checkout; $fix"
done
if shallow && ! git merge-base "$base" "$head" >/dev/null 2>&1; then
  echo "leakscan: shallow checkout: fetching the rest of the history"
  fetch --unshallow "$remote" || fail "cannot unshallow the checkout; $fix"
fi
git merge-base "$base" "$head" >/dev/null 2>&1 || fail "base $base and head $head share no history; set the base input"
echo "range=$base..$head" >> "$out"
