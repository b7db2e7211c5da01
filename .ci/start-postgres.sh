#!/usr/bin/env bash
# CI: make PostgreSQL server binaries available for the audit tests. The test fixture
# (tests/postgres.py) creates, starts and removes its own throwaway cluster; nothing runs here.
# Idempotent and quiet: does nothing when initdb/pg_ctl are already installed.
set -euo pipefail

have_server() {
    command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1 && return 0
    compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null
}

have_server && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
# The Debian package may start a default cluster; the tests never use it.
have_server
