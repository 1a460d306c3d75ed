"""Search documents with word stems and the field's concepts (matching in people's words).

No schema change: every professional's search document is written again in the new form
(``~stem~`` and ``~c:concept~`` tokens after the text), so an upgraded database matches
stems and synonyms at once. Downgrading leaves the documents as they are (still
searchable by substring); ``flask mentorhub reindex-search`` rewrites them at any time.

Revision ID: 2f6a9d3c8e15
Revises: 9c4e1a7b3d82
Create Date: 2026-12-01 19:00:00

"""
from alembic import op

from mentorhub.discovery.search_index import rebuild_on


# revision identifiers, used by Alembic.
revision = '2f6a9d3c8e15'
down_revision = '9c4e1a7b3d82'
branch_labels = None
depends_on = None


def upgrade():
    rebuild_on(op.get_bind())


def downgrade():
    pass
