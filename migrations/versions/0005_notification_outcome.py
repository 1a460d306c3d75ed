"""Notifications remember what the person did about them ("You accepted"), set when they
acted on the request, so the inbox shows it.

Revision ID: 3e8b5f0c2d19
Revises: a7c3e91d5f20
Create Date: 2026-12-01 16:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3e8b5f0c2d19'
down_revision = 'a7c3e91d5f20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outcome', sa.String(length=120), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('outcome')
