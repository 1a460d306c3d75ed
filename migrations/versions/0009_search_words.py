"""Search documents with word stems and the field's concepts (matching in people's words).

No schema change: every professional's search document is written again in the new form
(``~stem~`` and ``~c:concept~`` tokens after the text), so an upgraded database matches
stems and synonyms at once. The tables are read as they are at this revision (frozen
here, not the app's models), and the document text comes from
``search_index.document``, with the vocabulary the app is configured with. Downgrading
leaves the documents as they are (still searchable by substring);
``flask mentorhub reindex-search`` rewrites them at any time.

Revision ID: 2f6a9d3c8e15
Revises: 9c4e1a7b3d82
Create Date: 2026-12-01 19:00:00

"""
from collections import defaultdict

from alembic import op
import sqlalchemy as sa

from mentorhub.discovery.search_index import document


# revision identifiers, used by Alembic.
revision = '2f6a9d3c8e15'
down_revision = '9c4e1a7b3d82'
branch_labels = None
depends_on = None

users = sa.table('users', sa.column('id', sa.Integer), sa.column('display_name', sa.String))
profiles = sa.table(
    'professional_profiles', sa.column('user_id', sa.Integer), sa.column('headline', sa.String),
    sa.column('company', sa.String), sa.column('bio', sa.Text),
)
topics = sa.table('topics', sa.column('id', sa.Integer), sa.column('name', sa.String))
professional_topics = sa.table(
    'professional_topics', sa.column('profile_id', sa.Integer), sa.column('topic_id', sa.Integer)
)
search = sa.table('professional_search', sa.column('user_id', sa.Integer), sa.column('document', sa.Text))
CHUNK = 2000


def upgrade():
    bind = op.get_bind()
    ids = list(bind.scalars(sa.select(profiles.c.user_id).order_by(profiles.c.user_id)))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        names = defaultdict(list)
        for profile_id, name in bind.execute(
            sa.select(professional_topics.c.profile_id, topics.c.name)
            .join(topics, topics.c.id == professional_topics.c.topic_id)
            .where(professional_topics.c.profile_id.in_(chunk))
            .order_by(topics.c.name)
        ):
            names[profile_id].append(name)
        rows = bind.execute(
            sa.select(profiles.c.user_id, users.c.display_name, profiles.c.headline, profiles.c.company,
                      profiles.c.bio)
            .join(users, users.c.id == profiles.c.user_id)
            .where(profiles.c.user_id.in_(chunk))
        ).all()
        bind.execute(sa.delete(search).where(search.c.user_id.in_(chunk)))
        bind.execute(sa.insert(search), [
            {"user_id": user_id, "document": document(name or "", headline or "", company or "", bio or "",
                                                      names[user_id])}
            for user_id, name, headline, company, bio in rows
        ])


def downgrade():
    pass
