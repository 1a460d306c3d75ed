"""Suspended users indexed on their own: every list of people leaves them out, and the check
no longer scans every user.

Revision ID: e4b8c1d2f3a6
Revises: d3a9b7c25e18
Create Date: 2026-12-02 20:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4b8c1d2f3a6'
down_revision = 'd3a9b7c25e18'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_users_suspended', 'users', ['id'],
                    postgresql_where=sa.text('suspended_at IS NOT NULL'),
                    sqlite_where=sa.text('suspended_at IS NOT NULL'))


def downgrade():
    op.drop_index('ix_users_suspended', table_name='users')
