namespace Messaging.Ledger.Backups;

// The ledger's tables besides the journal and its accounts, as a full backup carries them (seed 001: "include all related tables"), in
// the order a restore writes them. Rows that name an account or a journal entry carry its code or key, not its id, because a restored
// ledger numbers them afresh. Left out: what is transient (the inbox's window, the outboxes' undelivered messages, operators' pauses).
internal static class BackupTables
{
    // Rows that stand on their own: copied as they are, skipped when already there.
    public static readonly string[] Plain =
    [
        "rewards",
        "tenants",
        "user_quota_plans",
        "limit_usage",
        "attendances",
        "attendance_streaks",
        "attendance_badges",
        "redemption_sagas",
        "issued_vouchers",
        "ledger_refusals",
        "operator_actions",
    ];

    public const string Holds = "ledger_holds";

    public const string Redemptions = "redemptions";

    public static IEnumerable<string> All => Plain.Prepend(Redemptions).Prepend(Holds);

    public static string BackupSql(string table) =>
        table switch
        {
            Holds => """
                SELECT coalesce(jsonb_agg(to_jsonb(h) || jsonb_build_object('account_code', a.code, 'entry_key', e.idempotency_key) ORDER BY
                    h.id), '[]')
                FROM ledger_holds h JOIN accounts a ON a.id = h.account_id LEFT JOIN journal_entries e ON e.id = h.journal_entry_id
                """,
            Redemptions => """
                SELECT coalesce(jsonb_agg(to_jsonb(r) || jsonb_build_object('entry_key', e.idempotency_key, 'refund_entry_key',
                    f.idempotency_key)), '[]')
                FROM redemptions r JOIN journal_entries e ON e.id = r.journal_entry_id LEFT JOIN journal_entries f ON f.id =
                    r.refund_entry_id
                """,
            _ => $"SELECT coalesce(jsonb_agg(to_jsonb(t)), '[]') FROM {table} t",
        };

    // {cols} stands for the table's columns but its identity (a restored row is numbered afresh, as the journal's are); a row already there
    // is skipped, by the table's own unique key or, where it has none but its id, by its content. The last statement returns how many rows
    // were written.
    public static string[] RestoreSql(string table) =>
        table switch
        {
            // A hold starts active (the database moves the account's held points with it), then moves once to how it ended.
            Holds =>
            [
                """
                    CREATE TEMP TABLE restored_holds ON COMMIT DROP AS
                    WITH written AS (
                        INSERT INTO ledger_holds ({cols})
                        SELECT {cols} FROM (
                            SELECT (jsonb_populate_record(NULL::ledger_holds,
                                r || jsonb_build_object('account_id', a.id, 'journal_entry_id', NULL, 'status', 'active', 'settled_at',
                                    NULL))).*
                            FROM jsonb_array_elements(@rows) r JOIN accounts a ON a.code = r->>'account_code') h
                        ON CONFLICT DO NOTHING
                        RETURNING hold_key)
                    SELECT hold_key FROM written
                    """,
                """
                    UPDATE ledger_holds h SET status = r->>'status', journal_entry_id = e.id, settled_at = (r->>'settled_at')::timestamptz
                    FROM jsonb_array_elements(@rows) r LEFT JOIN journal_entries e ON e.idempotency_key = r->>'entry_key'
                    WHERE h.hold_key = r->>'hold_key' AND r->>'status' <> 'active' AND h.hold_key IN (SELECT hold_key FROM restored_holds)
                    """,
                "SELECT count(*) FROM restored_holds",
            ],
            Redemptions =>
            [
                """
                    WITH written AS (
                        INSERT INTO redemptions ({cols})
                        SELECT {cols} FROM (
                            SELECT (jsonb_populate_record(NULL::redemptions, r || jsonb_build_object('journal_entry_id', e.id,
                                'refund_entry_id', f.id))).*
                            FROM jsonb_array_elements(@rows) r JOIN journal_entries e ON e.idempotency_key = r->>'entry_key'
                            LEFT JOIN journal_entries f ON f.idempotency_key = r->>'refund_entry_key') x
                        ON CONFLICT DO NOTHING
                        RETURNING 1)
                    SELECT count(*) FROM written
                    """,
            ],
            _ =>
            [
                $$"""
                    WITH written AS (
                        INSERT INTO {{table}} ({cols})
                        SELECT {cols} FROM jsonb_populate_recordset(NULL::{{table}}, @rows) r
                        {{SameContent(table)}}
                        ON CONFLICT DO NOTHING
                        RETURNING 1)
                    SELECT count(*) FROM written
                    """,
            ],
        };

    // History tables keyed only by their id: a row counts as there when one with the same content is.
    private static string SameContent(string table) =>
        table switch
        {
            "ledger_refusals" => """
                WHERE NOT EXISTS (SELECT 1 FROM ledger_refusals x
                                  WHERE x.idempotency_key = r.idempotency_key AND x.consumer_id = r.consumer_id
                                  AND x.refused_at = r.refused_at AND x.message_id IS NOT DISTINCT FROM r.message_id)
                """,
            "operator_actions" => """
                WHERE NOT EXISTS (SELECT 1 FROM operator_actions x WHERE x.occurred_at = r.occurred_at AND x.operator = r.operator
                                  AND x.action = r.action AND x.parameters = r.parameters)
                """,
            _ => "",
        };

    public const string ColumnsSql = """
        SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)
        FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = @table AND is_identity = 'NO' AND is_generated = 'NEVER'
        """;
}
