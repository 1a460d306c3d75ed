"""Sign-up notices: when the owner of an address was last emailed that someone signed up
with it again (at most one such email per interval, whatever the rate limiter's storage).

Revision ID: c41d2b6e8a07
Revises: ef40fd8757b5
Create Date: 2026-12-01 16:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c41d2b6e8a07'
down_revision = 'ef40fd8757b5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signup_notice_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('signup_notice_at')
