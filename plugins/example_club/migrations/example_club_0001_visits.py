"""example_club: who opened their club's activity page (plugin_example_club_visits).

Revision ID: example_club_0001
Revises:
Create Date: 2026-12-01 23:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'example_club_0001'
down_revision = None
branch_labels = ('example_club',)
depends_on = None


def upgrade():
    op.create_table(
        'plugin_example_club_visits',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('club_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('visited_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'),
                  nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plugin_example_club_visits')),
    )
    op.create_index('ix_plugin_example_club_visits_club', 'plugin_example_club_visits', ['club_id'])


def downgrade():
    op.drop_index('ix_plugin_example_club_visits_club', table_name='plugin_example_club_visits')
    op.drop_table('plugin_example_club_visits')
