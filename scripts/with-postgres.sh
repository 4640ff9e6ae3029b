#!/usr/bin/env bash
# Runs a command against a real PostgreSQL server on this machine: starts the Debian cluster
# if it is down, makes sure the `trajectoires` role exists (allowed to create the test
# database), then runs the command with DATABASE_URL pointing at it.
set -euo pipefail
ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
if [ -z "$ver" ]; then
  echo "PostgreSQL n'est pas installé : lancez scripts/install-system-deps.sh" >&2
  exit 1
fi
if ! pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$ver" main start
fi
SU="runuser -u postgres --"
[ "$(id -u)" -eq 0 ] || SU="sudo -u postgres"
$SU psql -q -v ON_ERROR_STOP=1 -d postgres -c "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trajectoires') THEN
    CREATE ROLE trajectoires LOGIN PASSWORD 'trajectoires' CREATEDB;
  END IF; END \$\$;" >/dev/null
$SU psql -q -d postgres -tc "SELECT 1 FROM pg_database WHERE datname='trajectoires'" | grep -q 1 || \
  $SU createdb -O trajectoires trajectoires
export DATABASE_URL="${PG_DATABASE_URL:-postgres://trajectoires:trajectoires@127.0.0.1:5432/trajectoires}"
exec "$@"
