"""Deleted accounts: when someone deleted theirs (the row stays as "a former member").

Revision ID: d3a9b7c25e18
Revises: c8e4f2a61d57
Create Date: 2026-12-02 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd3a9b7c25e18'
down_revision = 'c8e4f2a61d57'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('users', sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    op.drop_column('users', 'deleted_at')  # SQLite 3.35+ drops a plain column in place
