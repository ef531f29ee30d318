-- Run once by the postgres image on an empty data volume (/docker-entrypoint-initdb.d):
-- one database per service that owns data (docs/architecture.md, "Services").
-- Mirrors infra/postgres/create-databases.sh, which does the same for the local stack.
CREATE DATABASE massage_intake;
CREATE DATABASE massage_scheduling;
CREATE DATABASE massage_treatment;
CREATE DATABASE massage_notification;
