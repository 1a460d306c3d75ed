"""Initial schema: accounts, profiles, availability, chat requests and bookings,
notifications, discovery, clubs and plugin state.

Beyond what autogenerate sees, this creates PostgreSQL's ``btree_gist`` and ``pg_trgm``
extensions, the two booking exclusion constraints ("never double-booked"), the trigram and
"soonest free" indexes (PostgreSQL only), and SQLite's FTS5 trigram mirror of
``professional_search`` with the triggers that keep it in step.

Revision ID: 079c5168cd42
Revises: 
Create Date: 2026-11-25 18:11:37.826655

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '079c5168cd42'
down_revision = None
branch_labels = ('mentorhub',)  # the core's branch: plugins' migrations have their own
depends_on = None


BOOKING_EXCLUSIONS = {
    "ex_bookings_professional_overlap": "professional_id",
    "ex_bookings_student_overlap": "student_id",
}
FTS_ADD = "INSERT INTO professional_search_fts(rowid, document) VALUES (new.user_id, new.document);"
FTS_REMOVE = (
    "INSERT INTO professional_search_fts(professional_search_fts, rowid, document) "
    "VALUES ('delete', old.user_id, old.document);"
)
FTS_TRIGGER = "CREATE TRIGGER IF NOT EXISTS professional_search_{} AFTER {} ON professional_search"
SQLITE_SEARCH_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS professional_search_fts USING fts5(document, "
    "content='professional_search', content_rowid='user_id', tokenize='trigram')",
    f"{FTS_TRIGGER.format('ai', 'INSERT')} BEGIN {FTS_ADD} END",
    f"{FTS_TRIGGER.format('ad', 'DELETE')} BEGIN {FTS_REMOVE} END",
    f"{FTS_TRIGGER.format('au', 'UPDATE')} BEGIN {FTS_REMOVE} {FTS_ADD} END",
)


def _dialect():
    return op.get_bind().dialect.name


def upgrade():
    if _dialect() == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table('clubs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clubs')),
    sa.UniqueConstraint('slug', name=op.f('uq_clubs_slug'))
    )
    op.create_table('plugin_states',
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('error_count', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('last_error_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_plugin_states'))
    )
    op.create_table('plugin_store',
    sa.Column('plugin_name', sa.String(length=80), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('plugin_name', 'key', name=op.f('pk_plugin_store'))
    )
    op.create_table('topics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_topics')),
    sa.UniqueConstraint('slug', name=op.f('uq_topics_slug'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('display_name', sa.String(length=80), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('is_admin', sa.Boolean(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('email_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('session_token', sa.String(length=64), nullable=False),
    sa.Column('calendar_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('student', 'professional')", name=op.f('ck_users_role')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('calendar_token', name=op.f('uq_users_calendar_token')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email')),
    sa.UniqueConstraint('session_token', name=op.f('uq_users_session_token'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_role'), ['role'], unique=False)

    op.create_table('availability_windows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.CheckConstraint('start_time < end_time', name=op.f('ck_availability_windows_start_before_end')),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_availability_windows_weekday')),
    sa.ForeignKeyConstraint(['professional_id'], ['users.id'], name=op.f('fk_availability_windows_professional_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_availability_windows'))
    )
    with op.batch_alter_table('availability_windows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_availability_windows_professional_id'), ['professional_id'], unique=False)

    op.create_table('blackouts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['professional_id'], ['users.id'], name=op.f('fk_blackouts_professional_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blackouts')),
    sa.UniqueConstraint('professional_id', 'day', name=op.f('uq_blackouts_professional_id_day'))
    )
    with op.batch_alter_table('blackouts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_blackouts_professional_id'), ['professional_id'], unique=False)

    op.create_table('chat_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('format', sa.String(length=20), nullable=False),
    sa.Column('introduction', sa.Text(), nullable=False),
    sa.Column('awaiting_student', sa.Boolean(), nullable=False),
    sa.Column('decline_note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('pending','accepted','declined','expired','withdrawn','completed','cancelled','no_show')", name=op.f('ck_chat_requests_status')),
    sa.ForeignKeyConstraint(['professional_id'], ['users.id'], name=op.f('fk_chat_requests_professional_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['users.id'], name=op.f('fk_chat_requests_student_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chat_requests'))
    )
    with op.batch_alter_table('chat_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chat_requests_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index('ix_chat_requests_professional_status', ['professional_id', 'status'], unique=False)
        batch_op.create_index('ix_chat_requests_student_status', ['student_id', 'status'], unique=False)
        batch_op.create_index('uq_chat_requests_one_pending_pair', ['student_id', 'professional_id'], unique=True, postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'"))

    op.create_table('club_memberships',
    sa.Column('club_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('is_club_admin', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['club_id'], ['clubs.id'], name=op.f('fk_club_memberships_club_id_clubs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_club_memberships_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('club_id', 'user_id', name=op.f('pk_club_memberships'))
    )
    with op.batch_alter_table('club_memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_club_memberships_user_id'), ['user_id'], unique=False)

    op.create_table('hidden_professionals',
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['professional_id'], ['users.id'], name=op.f('fk_hidden_professionals_professional_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['users.id'], name=op.f('fk_hidden_professionals_student_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('student_id', 'professional_id', name=op.f('pk_hidden_professionals'))
    )
    with op.batch_alter_table('hidden_professionals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hidden_professionals_professional_id'), ['professional_id'], unique=False)

    op.create_table('plugin_club_states',
    sa.Column('plugin_name', sa.String(length=80), nullable=False),
    sa.Column('club_id', sa.Integer(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['club_id'], ['clubs.id'], name=op.f('fk_plugin_club_states_club_id_clubs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('plugin_name', 'club_id', name=op.f('pk_plugin_club_states'))
    )
    op.create_table('professional_profiles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('headline', sa.String(length=120), nullable=False),
    sa.Column('company', sa.String(length=120), nullable=False),
    sa.Column('industry', sa.String(length=40), nullable=False),
    sa.Column('bio', sa.Text(), nullable=False),
    sa.Column('offers_video', sa.Boolean(), nullable=False),
    sa.Column('offers_phone', sa.Boolean(), nullable=False),
    sa.Column('offers_in_person', sa.Boolean(), nullable=False),
    sa.Column('city', sa.String(length=80), nullable=False),
    sa.Column('chat_minutes', sa.Integer(), nullable=False),
    sa.Column('monthly_capacity', sa.Integer(), nullable=False),
    sa.Column('accepting_requests', sa.Boolean(), nullable=False),
    sa.Column('will_not_do', sa.String(length=300), nullable=False),
    sa.Column('buffer_before_minutes', sa.Integer(), nullable=False),
    sa.Column('buffer_after_minutes', sa.Integer(), nullable=False),
    sa.Column('min_notice_hours', sa.Integer(), nullable=False),
    sa.Column('horizon_days', sa.Integer(), nullable=False),
    sa.Column('next_free_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('chat_minutes IN (15, 20, 30)', name=op.f('ck_professional_profiles_chat_minutes')),
    sa.CheckConstraint('monthly_capacity >= 0', name=op.f('ck_professional_profiles_monthly_capacity')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_professional_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_professional_profiles'))
    )
    with op.batch_alter_table('professional_profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_professional_profiles_accepting_requests'), ['accepting_requests'], unique=False)
        batch_op.create_index(batch_op.f('ix_professional_profiles_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_professional_profiles_industry'), ['industry'], unique=False)
        batch_op.create_index(batch_op.f('ix_professional_profiles_next_free_at'), ['next_free_at'], unique=False)

    if _dialect() == "postgresql":
        op.create_index(
            "ix_professional_profiles_soonest", "professional_profiles",
            [sa.literal_column("accepting_requests DESC"), sa.literal_column("next_free_at ASC NULLS LAST"), "user_id"],
            unique=False,
        )

    op.create_table('professional_search',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_professional_search_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_professional_search'))
    )
    if _dialect() == "postgresql":
        op.create_index(
            "ix_professional_search_document_trgm", "professional_search", ["document"],
            unique=False, postgresql_using="gin", postgresql_ops={"document": "gin_trgm_ops"},
        )
    else:
        for statement in SQLITE_SEARCH_DDL:
            op.execute(statement)

    op.create_table('saved_professionals',
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['professional_id'], ['users.id'], name=op.f('fk_saved_professionals_professional_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['users.id'], name=op.f('fk_saved_professionals_student_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('student_id', 'professional_id', name=op.f('pk_saved_professionals'))
    )
    with op.batch_alter_table('saved_professionals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_professionals_professional_id'), ['professional_id'], unique=False)

    op.create_table('student_profiles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('school', sa.String(length=120), nullable=False),
    sa.Column('programme', sa.String(length=120), nullable=False),
    sa.Column('graduation_year', sa.Integer(), nullable=True),
    sa.Column('goals', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_student_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_student_profiles'))
    )
    op.create_table('bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('start_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('end_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=120), nullable=False),
    sa.Column('cancel_reason', sa.Text(), nullable=False),
    sa.Column('cancelled_by_id', sa.Integer(), nullable=True),
    sa.Column('late_cancel', sa.Boolean(), nullable=False),
    sa.Column('no_show_marked_by_id', sa.Integer(), nullable=True),
    sa.Column('reminded_24h_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminded_1h_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('start_at < end_at', name=op.f('ck_bookings_start_before_end')),
    sa.ForeignKeyConstraint(['cancelled_by_id'], ['users.id'], name=op.f('fk_bookings_cancelled_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['no_show_marked_by_id'], ['users.id'], name=op.f('fk_bookings_no_show_marked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['professional_id'], ['users.id'], name=op.f('fk_bookings_professional_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['request_id'], ['chat_requests.id'], name=op.f('fk_bookings_request_id_chat_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['users.id'], name=op.f('fk_bookings_student_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bookings')),
    sa.UniqueConstraint('request_id', name=op.f('uq_bookings_request_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_bookings_uid'))
    )
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.create_index('ix_bookings_professional_start', ['professional_id', 'start_at'], unique=False)
        batch_op.create_index('ix_bookings_student_start', ['student_id', 'start_at'], unique=False)

    if _dialect() == "postgresql":
        # No two active bookings of one professional, nor of one student, overlap: ever.
        for name, column in BOOKING_EXCLUSIONS.items():
            op.execute(
                f"ALTER TABLE bookings ADD CONSTRAINT {name} EXCLUDE USING gist "
                f"({column} WITH =, tstzrange(start_at, end_at, '[)') WITH &&) WHERE (active)"
            )

    op.create_table('messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['chat_requests.id'], name=op.f('fk_messages_request_id_chat_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sender_id'], ['users.id'], name=op.f('fk_messages_sender_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_messages'))
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_messages_request_id'), ['request_id'], unique=False)

    op.create_table('professional_topics',
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['profile_id'], ['professional_profiles.user_id'], name=op.f('fk_professional_topics_profile_id_professional_profiles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_professional_topics_topic_id_topics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_id', 'topic_id', name=op.f('pk_professional_topics'))
    )
    with op.batch_alter_table('professional_topics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_professional_topics_topic_id'), ['topic_id'], unique=False)

    op.create_table('proposed_times',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('start_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('end_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('start_at < end_at', name=op.f('ck_proposed_times_start_before_end')),
    sa.ForeignKeyConstraint(['request_id'], ['chat_requests.id'], name=op.f('fk_proposed_times_request_id_chat_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposed_times'))
    )
    with op.batch_alter_table('proposed_times', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposed_times_request_id'), ['request_id'], unique=False)

    op.create_table('request_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_request_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_id'], ['chat_requests.id'], name=op.f('fk_request_events_request_id_chat_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request_events'))
    )
    with op.batch_alter_table('request_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_events_request_id'), ['request_id'], unique=False)

    op.create_table('student_interests',
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['profile_id'], ['student_profiles.user_id'], name=op.f('fk_student_interests_profile_id_student_profiles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_student_interests_topic_id_topics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_id', 'topic_id', name=op.f('pk_student_interests'))
    )
    with op.batch_alter_table('student_interests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_student_interests_topic_id'), ['topic_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('booking_id', sa.Integer(), nullable=True),
    sa.Column('email_status', sa.String(length=10), nullable=False),
    sa.Column('email_attempts', sa.Integer(), nullable=False),
    sa.Column('email_claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_notifications_booking_id_bookings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['request_id'], ['chat_requests.id'], name=op.f('fk_notifications_request_id_chat_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_email_status', ['email_status'], unique=False)
        batch_op.create_index('ix_notifications_user_unread', ['user_id', 'read_at'], unique=False)



def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_unread')
        batch_op.drop_index('ix_notifications_email_status')

    op.drop_table('notifications')
    with op.batch_alter_table('student_interests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_student_interests_topic_id'))

    op.drop_table('student_interests')
    with op.batch_alter_table('request_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_events_request_id'))

    op.drop_table('request_events')
    with op.batch_alter_table('proposed_times', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposed_times_request_id'))

    op.drop_table('proposed_times')
    with op.batch_alter_table('professional_topics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_professional_topics_topic_id'))

    op.drop_table('professional_topics')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_messages_request_id'))

    op.drop_table('messages')
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_index('ix_bookings_student_start')
        batch_op.drop_index('ix_bookings_professional_start')

    op.drop_table('bookings')
    op.drop_table('student_profiles')
    with op.batch_alter_table('saved_professionals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_professionals_professional_id'))

    op.drop_table('saved_professionals')
    if _dialect() == "postgresql":
        op.drop_index("ix_professional_search_document_trgm", table_name="professional_search")
    else:
        op.execute("DROP TABLE IF EXISTS professional_search_fts")

    op.drop_table('professional_search')
    with op.batch_alter_table('professional_profiles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_professional_profiles_next_free_at'))
        batch_op.drop_index(batch_op.f('ix_professional_profiles_industry'))
        batch_op.drop_index(batch_op.f('ix_professional_profiles_created_at'))
        batch_op.drop_index(batch_op.f('ix_professional_profiles_accepting_requests'))

    op.drop_table('professional_profiles')
    op.drop_table('plugin_club_states')
    with op.batch_alter_table('hidden_professionals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hidden_professionals_professional_id'))

    op.drop_table('hidden_professionals')
    with op.batch_alter_table('club_memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_club_memberships_user_id'))

    op.drop_table('club_memberships')
    with op.batch_alter_table('chat_requests', schema=None) as batch_op:
        batch_op.drop_index('uq_chat_requests_one_pending_pair', postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'"))
        batch_op.drop_index('ix_chat_requests_student_status')
        batch_op.drop_index('ix_chat_requests_professional_status')
        batch_op.drop_index(batch_op.f('ix_chat_requests_expires_at'))

    op.drop_table('chat_requests')
    with op.batch_alter_table('blackouts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_blackouts_professional_id'))

    op.drop_table('blackouts')
    with op.batch_alter_table('availability_windows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_availability_windows_professional_id'))

    op.drop_table('availability_windows')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_role'))

    op.drop_table('users')
    op.drop_table('topics')
    op.drop_table('plugin_store')
    op.drop_table('plugin_states')
    op.drop_table('clubs')
