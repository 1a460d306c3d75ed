"""Typed plugin settings: the values a site admin or a club's admins saved for a plugin (JSON).

Revision ID: f02504b5948f
Revises: d9efc2103a59
Create Date: 2026-12-01 21:56:34

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f02504b5948f'
down_revision = 'd9efc2103a59'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('plugin_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plugin_name', sa.String(length=80), nullable=False),
    sa.Column('club_id', sa.Integer(), nullable=True),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['club_id'], ['clubs.id'], name=op.f('fk_plugin_settings_club_id_clubs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_plugin_settings_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plugin_settings')),
    sa.UniqueConstraint('plugin_name', 'club_id', name='uq_plugin_settings_club')
    )
    with op.batch_alter_table('plugin_settings', schema=None) as batch_op:
        batch_op.create_index('uq_plugin_settings_site', ['plugin_name'], unique=True, postgresql_where=sa.text('club_id IS NULL'), sqlite_where=sa.text('club_id IS NULL'))



def downgrade():
    with op.batch_alter_table('plugin_settings', schema=None) as batch_op:
        batch_op.drop_index('uq_plugin_settings_site', postgresql_where=sa.text('club_id IS NULL'), sqlite_where=sa.text('club_id IS NULL'))

    op.drop_table('plugin_settings')
