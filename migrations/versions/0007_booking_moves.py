"""Moves of a booked chat proposed by one person and confirmed (or not) by the other.

Revision ID: 5b7d2e9a4c61
Revises: 8d2a61f4c0b3
Create Date: 2026-12-01 18:40:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '5b7d2e9a4c61'
down_revision = '8d2a61f4c0b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'booking_moves',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('booking_id', sa.Integer(), nullable=False),
        sa.Column('proposed_by_id', sa.Integer(), nullable=False),
        sa.Column('old_start_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('start_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('end_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint('start_at < end_at', name=op.f('ck_booking_moves_start_before_end')),
        sa.CheckConstraint(
            "status IN ('open', 'confirmed', 'declined', 'withdrawn', 'replaced', 'closed')",
            name=op.f('ck_booking_moves_status'),
        ),
        sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_booking_moves_booking_id_bookings'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id'], name=op.f('fk_booking_moves_proposed_by_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_moves')),
    )
    with op.batch_alter_table('booking_moves', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_moves_booking_id'), ['booking_id'], unique=False)
        batch_op.create_index(
            'ux_booking_moves_open', ['booking_id'], unique=True,
            sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"),
        )


def downgrade():
    with op.batch_alter_table('booking_moves', schema=None) as batch_op:
        batch_op.drop_index('ux_booking_moves_open', sqlite_where=sa.text("status = 'open'"),
                            postgresql_where=sa.text("status = 'open'"))
        batch_op.drop_index(batch_op.f('ix_booking_moves_booking_id'))
    op.drop_table('booking_moves')
