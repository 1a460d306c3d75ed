"""Club invites: links a club admin shares (expiry, use limit, revocable) and invitations
emailed to one address; one club per name, whatever the case.

Revision ID: d9efc2103a59
Revises: 2f6a9d3c8e15
Create Date: 2026-12-01 21:31:13

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd9efc2103a59'
down_revision = '2f6a9d3c8e15'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('club_invites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('club_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=43), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('max_uses', sa.Integer(), nullable=False),
    sa.Column('uses', sa.Integer(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('max_uses >= 1', name=op.f('ck_club_invites_max_uses_positive')),
    sa.CheckConstraint('uses >= 0 AND uses <= max_uses', name=op.f('ck_club_invites_uses_within_limit')),
    sa.ForeignKeyConstraint(['club_id'], ['clubs.id'], name=op.f('fk_club_invites_club_id_clubs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_club_invites_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_club_invites')),
    sa.UniqueConstraint('token', name=op.f('uq_club_invites_token'))
    )
    with op.batch_alter_table('club_invites', schema=None) as batch_op:
        batch_op.create_index('ix_club_invites_club_created', ['club_id', 'created_at'], unique=False)
    op.create_index('uq_clubs_name_lower', 'clubs', [sa.text('lower(name)')], unique=True)



def downgrade():
    op.drop_index('uq_clubs_name_lower', table_name='clubs')
    with op.batch_alter_table('club_invites', schema=None) as batch_op:
        batch_op.drop_index('ix_club_invites_club_created')

    op.drop_table('club_invites')
