"""One-off availability hours: a window on one date (``on_date``) instead of a weekday.

Revision ID: 9c4e1a7b3d82
Revises: 5b7d2e9a4c61
Create Date: 2027-01-10 10:00:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '9c4e1a7b3d82'
down_revision = '5b7d2e9a4c61'
branch_labels = None
depends_on = None

WEEKLY_OR_ONE_OFF = "(weekday IS NULL AND on_date IS NOT NULL) OR (weekday IS NOT NULL AND on_date IS NULL)"


def upgrade():
    with op.batch_alter_table('availability_windows', schema=None) as batch_op:
        batch_op.add_column(sa.Column('on_date', sa.Date(), nullable=True))
        batch_op.alter_column('weekday', existing_type=sa.Integer(), nullable=True)
        batch_op.create_check_constraint(op.f('ck_availability_windows_weekly_or_one_off'), WEEKLY_OR_ONE_OFF)


def downgrade():
    # One-off hours have no weekday to fall back to: they go, the weekly windows stay.
    op.execute("DELETE FROM availability_windows WHERE on_date IS NOT NULL")
    with op.batch_alter_table('availability_windows', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_availability_windows_weekly_or_one_off'), type_='check')
        batch_op.alter_column('weekday', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('on_date')
