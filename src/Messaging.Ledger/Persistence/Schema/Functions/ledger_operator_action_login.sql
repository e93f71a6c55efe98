-- Each operator log row records the database login that wrote it, whatever the insert says.
CREATE OR REPLACE FUNCTION ledger_operator_action_login() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.db_login := session_user;
    RETURN NEW;
END $$;
