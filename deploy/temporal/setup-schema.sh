#!/bin/sh
# One-shot schema job (temporalio/admin-tools). Every step is idempotent, so re-running it on an
# existing volume only applies schema versions that are newer than the installed ones.
set -eu
: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}"   # temporal-sql-tool reads SQL_PASSWORD
PORT="${DB_PORT:-5432}"
SCHEMA_DIR=/etc/temporal/schema/postgresql/v12

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$PORT" -u "$POSTGRES_USER" "$@"
}

for pair in "${DBNAME:-temporal}:temporal" "${VISIBILITY_DBNAME:-temporal_visibility}:visibility"; do
  db="${pair%%:*}"
  kind="${pair#*:}"
  echo "schema: $db ($kind)"
  sql_tool --db "$db" create   # no-op when deploy/postgres/init-databases.sh already created it
  sql_tool --db "$db" setup-schema -v 0.0
  sql_tool --db "$db" update-schema -d "$SCHEMA_DIR/$kind/versioned"
done
echo 'schema: done'
