# SPDX-License-Identifier: EUPL-1.2
"""Add identity tables: roles, tokens, certificates, mandates, consent, audit

Revision ID: 0002_identity
Revises: 0001_initial
Create Date: 2026-12-04 20:45:40.894894
"""

from alembic import op
import sqlalchemy as sa


revision = '0002_identity'
down_revision = '0001_initial'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('auditchainhead',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.execute(f"INSERT INTO auditchainhead (id, sequence, hash) VALUES (1, 0, '{'0' * 64}')")
    op.create_table('auditevent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('actor_roles', sa.String(length=200), nullable=False),
    sa.Column('represented_nif', sa.String(length=20), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.String(length=80), nullable=False),
    sa.Column('subject_person_id', sa.Integer(), nullable=True),
    sa.Column('client_address', sa.String(length=64), nullable=False),
    sa.Column('details', sa.String(length=4000), nullable=False),
    sa.Column('previous_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('hash'),
    sa.UniqueConstraint('sequence')
    )
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auditevent_actor_user_id'), ['actor_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_auditevent_subject_person_id'), ['subject_person_id'], unique=False)

    op.create_table('accountrole',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('granted_by_user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['granted_by_user_id'], ['useraccount.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['useraccount.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'role', name='uq_accountrole_user_role')
    )
    with op.batch_alter_table('accountrole', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accountrole_user_id'), ['user_id'], unique=False)

    op.create_table('mandate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('representative_nif', sa.String(length=20), nullable=False),
    sa.Column('represented_nif', sa.String(length=20), nullable=False),
    sa.Column('represented_name', sa.String(length=200), nullable=False),
    sa.Column('represented_kind', sa.String(length=40), nullable=False),
    sa.Column('all_procedures', sa.Boolean(), nullable=False),
    sa.Column('procedures', sa.String(length=1000), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('origin', sa.String(length=40), nullable=False),
    sa.Column('created_by_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['useraccount.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mandate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mandate_representative_nif'), ['representative_nif'], unique=False)
        batch_op.create_index(batch_op.f('ix_mandate_represented_nif'), ['represented_nif'], unique=False)

    op.create_table('onetimetoken',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=40), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['useraccount.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('onetimetoken', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_onetimetoken_user_id'), ['user_id'], unique=False)

    op.create_table('usercertificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('fingerprint_sha256', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=1000), nullable=False),
    sa.Column('issuer', sa.String(length=1000), nullable=False),
    sa.Column('serial_number', sa.String(length=80), nullable=False),
    sa.Column('not_before', sa.DateTime(timezone=True), nullable=False),
    sa.Column('not_after', sa.DateTime(timezone=True), nullable=False),
    sa.Column('profile', sa.String(length=40), nullable=False),
    sa.Column('holder_nif', sa.String(length=20), nullable=True),
    sa.Column('entity_nif', sa.String(length=20), nullable=True),
    sa.Column('der', sa.LargeBinary(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['useraccount.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'fingerprint_sha256', name='uq_usercertificate_user_cert')
    )
    with op.batch_alter_table('usercertificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_usercertificate_fingerprint_sha256'), ['fingerprint_sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_usercertificate_user_id'), ['user_id'], unique=False)

    op.create_table('householdconsent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sheet_id', sa.Integer(), nullable=False),
    sa.Column('grantor_person_id', sa.Integer(), nullable=False),
    sa.Column('grantee_person_id', sa.Integer(), nullable=False),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['grantee_person_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['grantor_person_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['sheet_id'], ['householdsheet.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('householdconsent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_householdconsent_grantee_person_id'), ['grantee_person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_householdconsent_grantor_person_id'), ['grantor_person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_householdconsent_sheet_id'), ['sheet_id'], unique=False)

    with op.batch_alter_table('authsession', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('client_address', sa.String(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('acting_for_nif', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('certificate_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_authsession_certificate_id', 'usercertificate', ['certificate_id'], ['id'])

    with op.batch_alter_table('useraccount', schema=None) as batch_op:
        batch_op.add_column(sa.Column('full_name', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('phone', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('notify_by_email', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('notify_by_sms', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('password_changed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=40), nullable=False, server_default='active'))
        batch_op.create_index(batch_op.f('ix_useraccount_email'), ['email'], unique=False)

    # Existing accounts keep what they could do: the old single role becomes a grant
    # (staff had every staff power, so it becomes administrator) and is_active a status.
    op.execute("UPDATE useraccount SET status = 'disabled' WHERE is_active = false")
    op.execute(
        "INSERT INTO accountrole (user_id, role, granted_at) "
        "SELECT id, CASE role WHEN 'staff' THEN 'administrator' ELSE role END, created_at FROM useraccount"
    )
    with op.batch_alter_table('useraccount', schema=None) as batch_op:
        batch_op.drop_column('is_active')
        batch_op.drop_column('role')



def downgrade() -> None:
    with op.batch_alter_table('useraccount', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=40), nullable=False, server_default='citizen'))
        batch_op.add_column(sa.Column('is_active', sa.Boolean(), nullable=False, server_default=sa.true()))
    op.execute(
        "UPDATE useraccount SET role = 'staff' WHERE id IN "
        "(SELECT user_id FROM accountrole WHERE role NOT IN ('citizen', 'company'))"
    )
    op.execute("UPDATE useraccount SET is_active = false WHERE status <> 'active'")
    with op.batch_alter_table('useraccount', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_useraccount_email'))
        for column in ('status', 'password_changed_at', 'notify_by_sms', 'notify_by_email', 'phone',
                       'email_confirmed_at', 'email', 'full_name'):
            batch_op.drop_column(column)

    with op.batch_alter_table('authsession', schema=None) as batch_op:
        batch_op.drop_constraint('fk_authsession_certificate_id', type_='foreignkey')
        for column in ('certificate_id', 'acting_for_nif', 'client_address', 'last_seen_at'):
            batch_op.drop_column(column)

    with op.batch_alter_table('householdconsent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_householdconsent_sheet_id'))
        batch_op.drop_index(batch_op.f('ix_householdconsent_grantor_person_id'))
        batch_op.drop_index(batch_op.f('ix_householdconsent_grantee_person_id'))

    op.drop_table('householdconsent')
    with op.batch_alter_table('usercertificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_usercertificate_user_id'))
        batch_op.drop_index(batch_op.f('ix_usercertificate_fingerprint_sha256'))

    op.drop_table('usercertificate')
    with op.batch_alter_table('onetimetoken', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_onetimetoken_user_id'))

    op.drop_table('onetimetoken')
    with op.batch_alter_table('mandate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mandate_represented_nif'))
        batch_op.drop_index(batch_op.f('ix_mandate_representative_nif'))

    op.drop_table('mandate')
    with op.batch_alter_table('accountrole', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accountrole_user_id'))

    op.drop_table('accountrole')
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auditevent_subject_person_id'))
        batch_op.drop_index(batch_op.f('ix_auditevent_actor_user_id'))

    op.drop_table('auditevent')
    op.drop_table('auditchainhead')
