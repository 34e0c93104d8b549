#!/bin/sh
# First start of the primary (docker-entrypoint-initdb.d): the warta role may stream to the
# replica (pg_basebackup in compose.yaml), from the compose network only.
set -e
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -c "ALTER ROLE warta WITH REPLICATION"
echo "host replication warta samenet scram-sha-256" >> "$PGDATA/pg_hba.conf"
