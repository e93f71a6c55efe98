-- Links the given journal entries, in the order given, to the end of the hash chain: each link's hash is the SHA-256 of the previous
-- link's hash (32 zero bytes before the first) followed by its entry's digest. Returns how many it linked.
-- Under one transaction-scoped lock, taken as late as possible (at commit, see ledger_chain_link), so links are made in commit order and
-- the lock is held only while a transaction commits. Its statements read by key only (enable_seqscan off): a session plans them once,
-- and a plan made while the chain was small must not scan it whole once it is not.
CREATE OR REPLACE FUNCTION ledger_chain_append(entry_ids bigint[], digests bytea[]) RETURNS integer LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp SET enable_seqscan = off AS $$
DECLARE
    head_sequence bigint;
    head_hash bytea;
    digest bytea;
    hashes bytea[] := '{}';
BEGIN
    IF coalesce(cardinality(entry_ids), 0) = 0 THEN
        RETURN 0;
    END IF;

    PERFORM pg_advisory_xact_lock(hashtext('journal_chain'));
    SELECT c.sequence, c.hash INTO head_sequence, head_hash FROM journal_chain c ORDER BY c.sequence DESC LIMIT 1;
    IF NOT FOUND THEN
        head_sequence := 0;
        head_hash := decode(repeat('00', 32), 'hex');
    END IF;

    FOREACH digest IN ARRAY digests LOOP
        head_hash := sha256(head_hash || digest);
        hashes := hashes || head_hash;
    END LOOP;

    INSERT INTO journal_chain (sequence, journal_entry_id, hash)
    SELECT head_sequence + x.n, x.id, x.hash FROM unnest(entry_ids, hashes) WITH ORDINALITY AS x(id, hash, n);
    RETURN cardinality(entry_ids);
END $$;
