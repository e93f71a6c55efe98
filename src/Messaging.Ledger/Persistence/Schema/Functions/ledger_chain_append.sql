-- Links the given journal entries, in id order, to the end of the hash chain: each link's hash is the SHA-256 of the previous link's hash
-- (32 zero bytes before the first) followed by its entry's digest (ledger_chain_digests). Returns how many it linked.
-- Under one transaction-scoped lock, taken as late as possible (at commit, see ledger_chain_link), so links are made in commit order and
-- the lock is held only while a transaction commits.
-- Never by a sequential scan (enable_seqscan): a session plans this once and keeps the plan, and a plan made while the journal was small
-- would scan it whole at every commit once it was not. (Planning it afresh at every call instead cost more than the linking.)
CREATE OR REPLACE FUNCTION ledger_chain_append(entry_ids bigint[]) RETURNS integer LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp SET enable_seqscan = off AS $$
DECLARE
    head_sequence bigint;
    head_hash bytea;
    entry record;
    ids bigint[] := '{}';
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

    FOR entry IN SELECT d.id, d.digest FROM ledger_chain_digests d WHERE d.id = ANY(entry_ids) ORDER BY d.id LOOP
        head_hash := sha256(head_hash || entry.digest);
        ids := ids || entry.id;
        hashes := hashes || head_hash;
    END LOOP;

    INSERT INTO journal_chain (sequence, journal_entry_id, hash)
    SELECT head_sequence + x.n, x.id, x.hash FROM unnest(ids, hashes) WITH ORDINALITY AS x(id, hash, n);
    RETURN cardinality(ids);
END $$;
