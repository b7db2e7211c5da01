#!/usr/bin/env bash
# CI: Debian's chromium for the browser tests (tests/ui/test_browser.py drive it through
# Playwright's Python API with executable_path; Playwright's own browser download is not used).
# Idempotent and quiet: does nothing when /usr/bin/chromium is already installed.
set -euo pipefail

[ -x /usr/bin/chromium ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
[ -x /usr/bin/chromium ]
