-- One field of an entry's canonical form for the hash chain: its length in UTF-8 bytes, a colon, then the text, or '-' for none. A length
-- prefix, not a separator, so no text (a description with a newline, an account code with a colon) can pass for two fields.
-- Chain/ChainDigest.cs writes the same form to verify a backup's chain without a database.
CREATE OR REPLACE FUNCTION ledger_chain_canonical_field(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN value IS NULL THEN '-' ELSE octet_length(value)::text || ':' || value END
$$;
