-- Every statement that adds postings checks its entries balance and moves the cached figures (ledger_postings_apply).
-- Per statement, with the new rows as a table: one check and one update per batch, however many entries it holds.
CREATE OR REPLACE TRIGGER trg_postings_apply
    AFTER INSERT ON postings
    REFERENCING NEW TABLE AS new_postings
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_postings_apply();
