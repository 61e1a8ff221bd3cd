#!/bin/sh
# Run by the postgres image once, on an empty data directory (/docker-entrypoint-initdb.d).
# Temporal's two databases belong to the superuser Temporal connects as; the app gets its own login
# role owning only its database (so it can run its migrations) and cannot connect to Temporal's.
# Every statement is guarded, so re-running it is harmless. The entrypoint may source this file
# rather than execute it, hence no `set -u`.
set -e
: "${APP_DB_PASSWORD:?APP_DB_PASSWORD must be set}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v app_password="$APP_DB_PASSWORD" <<'SQL'
SELECT 'CREATE DATABASE temporal'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'temporal')\gexec
SELECT 'CREATE DATABASE temporal_visibility'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'temporal_visibility')\gexec
REVOKE CONNECT ON DATABASE temporal, temporal_visibility FROM PUBLIC;
SELECT format('CREATE ROLE activity_summary LOGIN PASSWORD %L', :'app_password')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'activity_summary')\gexec
SELECT 'CREATE DATABASE activity_summary OWNER activity_summary'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'activity_summary')\gexec
SQL
