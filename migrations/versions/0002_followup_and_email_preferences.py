"""Followup and email preferences: a chat's preparation (note and ordered questions),
thank-you notes and updates, the nudges tick sent (unique per chat and stage, so each goes
out once), keep-in-touch stops per pair, and email opt-outs per optional kind.

Revision ID: ef40fd8757b5
Revises: 079c5168cd42
Create Date: 2026-12-01 12:17:48.120536

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ef40fd8757b5'
down_revision = '079c5168cd42'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('email_opt_outs',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('choice', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_email_opt_outs_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'choice', name=op.f('pk_email_opt_outs'))
    )
    op.create_table('followup_stops',
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['professional_id'], ['users.id'], name=op.f('fk_followup_stops_professional_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['users.id'], name=op.f('fk_followup_stops_student_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('student_id', 'professional_id', name=op.f('pk_followup_stops'))
    )
    op.create_table('followup_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('thank_you','update')", name=op.f('ck_followup_notes_kind')),
    sa.ForeignKeyConstraint(['professional_id'], ['users.id'], name=op.f('fk_followup_notes_professional_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['request_id'], ['chat_requests.id'], name=op.f('fk_followup_notes_request_id_chat_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['users.id'], name=op.f('fk_followup_notes_student_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_notes'))
    )
    with op.batch_alter_table('followup_notes', schema=None) as batch_op:
        batch_op.create_index('ix_followup_notes_professional_created', ['professional_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_followup_notes_request_id'), ['request_id'], unique=False)
        batch_op.create_index('uq_followup_notes_one_thank_you', ['request_id'], unique=True, postgresql_where=sa.text("kind = 'thank_you'"), sqlite_where=sa.text("kind = 'thank_you'"))

    op.create_table('followup_nudges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=30), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('times_sent', sa.Integer(), nullable=False),
    sa.Column('snoozed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['professional_id'], ['users.id'], name=op.f('fk_followup_nudges_professional_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['request_id'], ['chat_requests.id'], name=op.f('fk_followup_nudges_request_id_chat_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['users.id'], name=op.f('fk_followup_nudges_student_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_nudges')),
    sa.UniqueConstraint('request_id', 'stage', name='uq_followup_nudges_request_stage')
    )
    with op.batch_alter_table('followup_nudges', schema=None) as batch_op:
        batch_op.create_index('ix_followup_nudges_snoozed_until', ['snoozed_until'], unique=False)
        batch_op.create_index('ix_followup_nudges_student_open', ['student_id', 'closed_at'], unique=False)

    op.create_table('followup_preparations',
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('learn_note', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['chat_requests.id'], name=op.f('fk_followup_preparations_request_id_chat_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('request_id', name=op.f('pk_followup_preparations'))
    )
    op.create_table('followup_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['chat_requests.id'], name=op.f('fk_followup_questions_request_id_chat_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_questions'))
    )
    with op.batch_alter_table('followup_questions', schema=None) as batch_op:
        batch_op.create_index('ix_followup_questions_request_position', ['request_id', 'position'], unique=False)



def downgrade():
    with op.batch_alter_table('followup_questions', schema=None) as batch_op:
        batch_op.drop_index('ix_followup_questions_request_position')

    op.drop_table('followup_questions')
    op.drop_table('followup_preparations')
    with op.batch_alter_table('followup_nudges', schema=None) as batch_op:
        batch_op.drop_index('ix_followup_nudges_student_open')
        batch_op.drop_index('ix_followup_nudges_snoozed_until')

    op.drop_table('followup_nudges')
    with op.batch_alter_table('followup_notes', schema=None) as batch_op:
        batch_op.drop_index('uq_followup_notes_one_thank_you', postgresql_where=sa.text("kind = 'thank_you'"), sqlite_where=sa.text("kind = 'thank_you'"))
        batch_op.drop_index(batch_op.f('ix_followup_notes_request_id'))
        batch_op.drop_index('ix_followup_notes_professional_created')

    op.drop_table('followup_notes')
    op.drop_table('followup_stops')
    op.drop_table('email_opt_outs')
