"""Responsiveness: a professional's usual reply time, the requests in a row they let expire,
and when requests were paused for them because of it.

Revision ID: c8e4f2a61d57
Revises: b5d21f7a9c40
Create Date: 2026-12-02 04:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c8e4f2a61d57'
down_revision = 'b5d21f7a9c40'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('professional_profiles', sa.Column('usual_reply_seconds', sa.Integer(), nullable=True))
    op.add_column('professional_profiles',
                  sa.Column('expired_in_a_row', sa.Integer(), server_default='0', nullable=False))
    op.add_column('professional_profiles', sa.Column('auto_paused_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    # SQLite 3.35+ drops a plain column in place.
    op.drop_column('professional_profiles', 'auto_paused_at')
    op.drop_column('professional_profiles', 'expired_in_a_row')
    op.drop_column('professional_profiles', 'usual_reply_seconds')
