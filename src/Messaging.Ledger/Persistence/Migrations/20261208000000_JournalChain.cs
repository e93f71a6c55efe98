using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

// A tamper-evident journal (issue 28, item 1): one link per journal entry, in commit order, each hash covering its entry, its postings
// and the link before it (Schema/Functions/ledger_chain_append.sql). Links live beside the entries, not in them, because an entry is
// immutable and its hash can only be known at commit, after its postings. Written only by the chain's trigger (with the owner's rights),
// never updated, deleted or truncated outside a test database, like the entries themselves. No foreign key to journal_entries: the
// audit checks every entry has exactly one link and every link an entry, and a key would cost every entry a lookup at commit.
// Existing entries are linked in id order when the chain is added (LedgerMigration). journal_chain_pending holds one row per transaction
// between its first entry and its commit, where the row's deferred trigger links its entries: one event per transaction, not per entry.
// ledger_checkpoints: the chain's head once a UTC day, as announced (LedgerCheckpoint); its primary key makes it once per day whichever
// processor takes it, and the audit compares the chain with each.
[DbContext(typeof(LedgerDbContext))]
[Migration("20261208000000_JournalChain")]
public sealed class JournalChain : Migration
{
    public const string Id = "20261208000000_JournalChain";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(
            """
            CREATE TABLE journal_chain (
                sequence bigint NOT NULL,
                journal_entry_id bigint NOT NULL,
                hash bytea NOT NULL,
                CONSTRAINT pk_journal_chain PRIMARY KEY (sequence),
                CONSTRAINT ck_journal_chain_sequence CHECK (sequence > 0),
                CONSTRAINT ck_journal_chain_hash CHECK (octet_length(hash) = 32)
            );
            CREATE UNIQUE INDEX ix_journal_chain_entry ON journal_chain (journal_entry_id);

            -- One row per transaction that wrote entries, from its first statement that did to its commit (ledger_chain_note).
            CREATE TABLE journal_chain_pending (
                transaction_id bigint NOT NULL,
                CONSTRAINT pk_journal_chain_pending PRIMARY KEY (transaction_id)
            );
            GRANT SELECT ON journal_chain TO ledger_runtime, ledger_reader, ledger_operator;

            CREATE TABLE ledger_checkpoints (
                day date NOT NULL,
                sequence bigint NOT NULL,
                journal_entry_id bigint NOT NULL,
                hash bytea NOT NULL,
                taken_at timestamp with time zone NOT NULL DEFAULT now(),
                CONSTRAINT pk_ledger_checkpoints PRIMARY KEY (day)
            );
            GRANT SELECT ON ledger_checkpoints TO ledger_runtime, ledger_reader, ledger_operator;
            GRANT INSERT ON ledger_checkpoints TO ledger_runtime;
            """
        );
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(
            """
            DROP TRIGGER IF EXISTS trg_journal_entries_chain ON journal_entries;
            DROP TRIGGER IF EXISTS trg_postings_chain ON postings;
            DROP TABLE journal_chain_pending;
            DROP FUNCTION IF EXISTS ledger_chain_note();
            DROP FUNCTION IF EXISTS ledger_chain_note_postings();
            DROP FUNCTION IF EXISTS ledger_chain_link();
            DROP FUNCTION IF EXISTS ledger_chain_append(bigint[], bytea[]);
            DROP VIEW IF EXISTS ledger_chain_digests;
            DROP FUNCTION IF EXISTS ledger_chain_entry_digest(journal_entries);
            DROP FUNCTION IF EXISTS ledger_chain_canonical_field(text);
            DROP TABLE ledger_checkpoints;
            DROP TABLE journal_chain;
            """
        );
    }
}
