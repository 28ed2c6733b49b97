#!/bin/sh
# First start of the database only: the login role serving processes connect as.
# `pmr migrate` makes it a member of pmr_app (read and append, no DDL).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE pmr_serve LOGIN PASSWORD '${PMR_SERVE_DB_PASSWORD}';
SQL
