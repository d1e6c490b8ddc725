#!/usr/bin/env bash
# Regenerates the README's pictures of a member's journey (docs/seal-member-*.png): builds the
# app and runs the 3-of-5 Seal end-to-end test, which saves one 1200x820 window per moment.
# Needs what `npm test` needs (Chromium, gnome-keyring, dbus): see the README's test line.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build
dbus-run-session -- bash -c 'KR=$(mktemp -d) && echo -n ceremony-ci | XDG_DATA_HOME="$KR" gnome-keyring-daemon --unlock --components=secrets >/dev/null && CEREMONY_DOCS_SCREENSHOTS=1 npx playwright test --project=chromium-loopback e2e/seal.spec.ts -g "3-of-5"'
ls -l docs/seal-member-*.png
