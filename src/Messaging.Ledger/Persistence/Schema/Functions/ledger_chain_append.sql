-- Links every journal entry from from_id on that has no link yet to the end of the hash chain, in id order: each link's hash is the
-- SHA-256 of the previous link's hash (32 zero bytes before the first) followed by its entry's digest (ledger_chain_digests). Returns the
-- last entry id linked, or NULL when there was none.
-- Under one transaction-scoped lock, taken as late as possible (at commit, see ledger_chain_link), so links are made in commit order and
-- the lock is held only while a transaction commits. A committed entry is always linked, since its transaction linked it before
-- committing; an uncommitted one is invisible here; so what this finds unlinked is the caller's own, or, when the chain is empty, the
-- whole history (the first link after the chain was added).
CREATE OR REPLACE FUNCTION ledger_chain_append(from_id bigint) RETURNS bigint LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    head_sequence bigint;
    head_hash bytea;
    entry record;
    ids bigint[] := '{}';
    hashes bytea[] := '{}';
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('journal_chain'));
    SELECT c.sequence, c.hash INTO head_sequence, head_hash FROM journal_chain c ORDER BY c.sequence DESC LIMIT 1;
    IF NOT FOUND THEN
        head_sequence := 0;
        head_hash := decode(repeat('00', 32), 'hex');
        from_id := 0;
    END IF;

    FOR entry IN
        SELECT d.id, d.digest FROM ledger_chain_digests d
        WHERE d.id >= from_id AND NOT EXISTS (SELECT 1 FROM journal_chain c WHERE c.journal_entry_id = d.id)
        ORDER BY d.id
    LOOP
        head_hash := sha256(head_hash || entry.digest);
        ids := ids || entry.id;
        hashes := hashes || head_hash;
    END LOOP;

    INSERT INTO journal_chain (sequence, journal_entry_id, hash)
    SELECT head_sequence + x.n, x.id, x.hash FROM unnest(ids, hashes) WITH ORDINALITY AS x(id, hash, n);
    RETURN ids[array_upper(ids, 1)];
END $$;
