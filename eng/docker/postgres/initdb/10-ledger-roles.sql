-- The ledger's database roles for a development stack (docker-compose, the tests' PostgreSQL container); eng/servers.sh
-- creates the same with passwords from LEDGER_PG_* variables. The group roles get their privileges from the migrations
-- (Persistence/Migrations/DatabaseRolesSql.cs, EdgePrivilegesSql.cs); the login roles are what the processor, the admin tool,
-- the HTTP API and report readers log in as. Development passwords only: a production server provisions its own.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_runtime') THEN CREATE ROLE ledger_runtime NOLOGIN; END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_operator') THEN CREATE ROLE ledger_operator NOLOGIN; END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_reader') THEN CREATE ROLE ledger_reader NOLOGIN; END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_api') THEN CREATE ROLE ledger_api NOLOGIN; END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_processor') THEN CREATE ROLE ledger_processor LOGIN PASSWORD 'ledger' IN ROLE ledger_runtime; END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_ops') THEN CREATE ROLE ledger_ops LOGIN PASSWORD 'ledger' IN ROLE ledger_operator; END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_readonly') THEN CREATE ROLE ledger_readonly LOGIN PASSWORD 'ledger' IN ROLE ledger_reader; END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_http') THEN CREATE ROLE ledger_http LOGIN PASSWORD 'ledger' IN ROLE ledger_operator, ledger_api; END IF;
END $$;
