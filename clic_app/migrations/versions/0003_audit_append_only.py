# SPDX-License-Identifier: EUPL-1.2
"""Make the audit log append-only in the database itself

Triggers reject UPDATE and DELETE on ``auditevent`` (and TRUNCATE on PostgreSQL), so a
bug or an SQL console cannot edit the log through the application's connection. The
chain head may only move forward and may not be deleted.

NOTE: a later ``batch_alter_table`` on these tables rebuilds them on SQLite and loses
the triggers; such a revision must create them again. The table owner can still drop
the triggers, so production should run the portal under a role that does not own the
tables; the SHA-256 chain then shows any change made by someone who could.

Revision ID: 0003_audit_append_only
Revises: 0002_identity
Create Date: 2026-12-05 10:00:00
"""

from alembic import op

revision = "0003_audit_append_only"
down_revision = "0002_identity"
branch_labels = None
depends_on = None

_SQLITE_UPGRADE = (
    """
    CREATE TRIGGER auditevent_reject_update BEFORE UPDATE ON auditevent
    BEGIN SELECT RAISE(ABORT, 'auditevent is append-only: UPDATE rejected'); END
    """,
    """
    CREATE TRIGGER auditevent_reject_delete BEFORE DELETE ON auditevent
    BEGIN SELECT RAISE(ABORT, 'auditevent is append-only: DELETE rejected'); END
    """,
    """
    CREATE TRIGGER auditchainhead_reject_delete BEFORE DELETE ON auditchainhead
    BEGIN SELECT RAISE(ABORT, 'auditchainhead may not be deleted'); END
    """,
    """
    CREATE TRIGGER auditchainhead_reject_rewind BEFORE UPDATE ON auditchainhead
    WHEN NEW.sequence < OLD.sequence OR NEW.id <> OLD.id
    BEGIN SELECT RAISE(ABORT, 'auditchainhead may only move forward'); END
    """,
)

_SQLITE_DOWNGRADE = (
    "DROP TRIGGER IF EXISTS auditchainhead_reject_rewind",
    "DROP TRIGGER IF EXISTS auditchainhead_reject_delete",
    "DROP TRIGGER IF EXISTS auditevent_reject_delete",
    "DROP TRIGGER IF EXISTS auditevent_reject_update",
)

# ERRCODE 42501 (insufficient_privilege) makes drivers report a permission error
# rather than a generic one.
_POSTGRESQL_UPGRADE = (
    """
    CREATE FUNCTION auditevent_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'auditevent is append-only: % rejected', TG_OP USING ERRCODE = '42501';
    END;
    $$
    """,
    """
    CREATE TRIGGER auditevent_append_only BEFORE UPDATE OR DELETE ON auditevent
    FOR EACH ROW EXECUTE FUNCTION auditevent_reject_change()
    """,
    """
    CREATE TRIGGER auditevent_no_truncate BEFORE TRUNCATE ON auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION auditevent_reject_change()
    """,
    """
    CREATE FUNCTION auditchainhead_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND NEW.sequence >= OLD.sequence AND NEW.id = OLD.id THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'auditchainhead may only move forward: % rejected', TG_OP USING ERRCODE = '42501';
    END;
    $$
    """,
    """
    CREATE TRIGGER auditchainhead_forward_only BEFORE UPDATE OR DELETE ON auditchainhead
    FOR EACH ROW EXECUTE FUNCTION auditchainhead_forward_only()
    """,
    """
    CREATE TRIGGER auditchainhead_no_truncate BEFORE TRUNCATE ON auditchainhead
    FOR EACH STATEMENT EXECUTE FUNCTION auditchainhead_forward_only()
    """,
)

_POSTGRESQL_DOWNGRADE = (
    "DROP TRIGGER IF EXISTS auditchainhead_no_truncate ON auditchainhead",
    "DROP TRIGGER IF EXISTS auditchainhead_forward_only ON auditchainhead",
    "DROP FUNCTION IF EXISTS auditchainhead_forward_only()",
    "DROP TRIGGER IF EXISTS auditevent_no_truncate ON auditevent",
    "DROP TRIGGER IF EXISTS auditevent_append_only ON auditevent",
    "DROP FUNCTION IF EXISTS auditevent_reject_change()",
)


def _statements(upgrading: bool) -> tuple[str, ...]:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        return _SQLITE_UPGRADE if upgrading else _SQLITE_DOWNGRADE
    if dialect == "postgresql":
        return _POSTGRESQL_UPGRADE if upgrading else _POSTGRESQL_DOWNGRADE
    raise NotImplementedError(f"append-only audit triggers are written for SQLite and PostgreSQL, not {dialect}")


def upgrade() -> None:
    for statement in _statements(upgrading=True):
        op.execute(statement)


def downgrade() -> None:
    for statement in _statements(upgrading=False):
        op.execute(statement)
