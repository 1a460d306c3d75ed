"""Safety: reports about people, site admins' decisions (who, when, why), and suspended accounts.

Revision ID: b5d21f7a9c40
Revises: a7c3e91d0b12
Create Date: 2026-12-02 01:20:46

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5d21f7a9c40'
down_revision = 'a7c3e91d0b12'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=True),
    sa.Column('reported_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('open', 'handled')", name=op.f('ck_reports_status')),
    sa.CheckConstraint('reporter_id <> reported_id', name=op.f('ck_reports_not_self')),
    sa.ForeignKeyConstraint(['reported_id'], ['users.id'], name=op.f('fk_reports_reported_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_reports_reporter_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_id'], ['chat_requests.id'], name=op.f('fk_reports_request_id_chat_requests'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports'))
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_reported_id'), ['reported_id'], unique=False)
        batch_op.create_index('ix_reports_status_created', ['status', 'created_at'], unique=False)

    op.create_table('safety_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("action IN ('dismiss', 'warn', 'suspend', 'lift')", name=op.f('ck_safety_decisions_action')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_safety_decisions_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_safety_decisions_report_id_reports'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_safety_decisions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_decisions'))
    )
    with op.batch_alter_table('safety_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safety_decisions_report_id'), ['report_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_safety_decisions_user_id'), ['user_id'], unique=False)

    # Plain ALTER TABLE on both databases: a batch copy of `users` would have to rebuild every
    # table that refers to it on SQLite.
    op.add_column('users', sa.Column('suspended_at', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    op.drop_column('users', 'suspended_at')  # SQLite 3.35+ drops a plain column in place

    with op.batch_alter_table('safety_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safety_decisions_user_id'))
        batch_op.drop_index(batch_op.f('ix_safety_decisions_report_id'))

    op.drop_table('safety_decisions')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index('ix_reports_status_created')
        batch_op.drop_index(batch_op.f('ix_reports_reported_id'))

    op.drop_table('reports')
