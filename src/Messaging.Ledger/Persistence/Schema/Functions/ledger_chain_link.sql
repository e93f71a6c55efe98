-- At commit (a deferred constraint trigger, once per entry inserted): the first call links all of the transaction's entries in one pass
-- (ledger_chain_append) and notes the last id linked in a transaction-local setting, so the calls for the other entries return at once.
-- Deferred events fire in insertion order, and ids grow within a session, so the first call's entry is the transaction's first.
CREATE OR REPLACE FUNCTION ledger_chain_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    linked_through bigint := nullif(current_setting('ledger.chain_linked_through', true), '')::bigint;
BEGIN
    IF NEW.id <= linked_through THEN
        RETURN NULL;
    END IF;

    PERFORM set_config('ledger.chain_linked_through', coalesce(ledger_chain_append(NEW.id), NEW.id)::text, true);
    RETURN NULL;
END $$;
