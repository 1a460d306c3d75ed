"""A professional's usual video meeting link, filled in when they accept a video chat.

Revision ID: 8d2a61f4c0b3
Revises: 3e8b5f0c2d19
Create Date: 2026-12-01 16:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8d2a61f4c0b3'
down_revision = '3e8b5f0c2d19'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('professional_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_link', sa.String(length=300), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('professional_profiles', schema=None) as batch_op:
        batch_op.drop_column('meeting_link')
