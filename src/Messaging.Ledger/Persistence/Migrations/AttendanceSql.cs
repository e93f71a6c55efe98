namespace Messaging.Ledger.Persistence.Migrations;

// Attendances are facts (inserted once, never updated: the processor's role may not); the streak and badge tables record what each week
// and each badge level was paid and when each counts from, kept in step with late attendances. The payments themselves are journal
// entries, never edited; the audit checks the two agree.
internal static class AttendanceSql
{
    public const string Create = """
        CREATE TABLE attendances (
            event_id varchar(100) NOT NULL,
            user_id varchar(100) NOT NULL,
            event_type varchar(60) NOT NULL,
            attended_at timestamptz NOT NULL,
            week date NOT NULL,
            points bigint NOT NULL,
            tenant_id varchar(100) NULL,
            recorded_at timestamptz NOT NULL,
            CONSTRAINT pk_attendances PRIMARY KEY (event_id, user_id),
            CONSTRAINT ck_attendances_week_is_monday CHECK (extract(isodow FROM week) = 1),
            CONSTRAINT ck_attendances_points CHECK (points > 0)
        );
        CREATE INDEX ix_attendances_user_id ON attendances (user_id);
        CREATE INDEX ix_attendances_attended_at ON attendances (attended_at);

        CREATE TABLE attendance_streaks (
            user_id varchar(100) NOT NULL,
            week date NOT NULL,
            streak_length integer NOT NULL,
            bonus_paid bigint NOT NULL,
            first_attended_at timestamptz NOT NULL,
            tenant_id varchar(100) NULL,
            updated_at timestamptz NOT NULL,
            CONSTRAINT pk_attendance_streaks PRIMARY KEY (user_id, week),
            CONSTRAINT ck_attendance_streaks_week_is_monday CHECK (extract(isodow FROM week) = 1),
            CONSTRAINT ck_attendance_streaks_length CHECK (streak_length >= 1),
            CONSTRAINT ck_attendance_streaks_bonus CHECK (bonus_paid >= 0)
        );
        CREATE INDEX ix_attendance_streaks_first_attended_at ON attendance_streaks (first_attended_at);

        CREATE TABLE attendance_badges (
            user_id varchar(100) NOT NULL,
            badge varchar(40) NOT NULL,
            level integer NOT NULL,
            threshold bigint NOT NULL,
            points bigint NOT NULL,
            reached_at timestamptz NOT NULL,
            tenant_id varchar(100) NULL,
            awarded_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            CONSTRAINT pk_attendance_badges PRIMARY KEY (user_id, badge, level),
            CONSTRAINT ck_attendance_badges_level CHECK (level BETWEEN 1 AND 5),
            CONSTRAINT ck_attendance_badges_points CHECK (points >= 0)
        );
        CREATE INDEX ix_attendance_badges_reached_at ON attendance_badges (reached_at);

        GRANT INSERT ON attendances TO ledger_runtime;
        GRANT INSERT, UPDATE ON attendance_streaks, attendance_badges TO ledger_runtime;
        GRANT TRUNCATE ON attendances, attendance_streaks, attendance_badges TO ledger_operator;
        """;

    public const string Drop = """
        DROP TABLE attendance_badges;
        DROP TABLE attendance_streaks;
        DROP TABLE attendances;
        """;
}
