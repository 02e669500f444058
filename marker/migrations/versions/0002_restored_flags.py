"""Overrides can reinstate error flags an earlier override dismissed (a misclick is not final).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite cannot add a NOT NULL column in place on every version
    with op.batch_alter_table("overrides") as batch:
        batch.add_column(sa.Column("restored_json", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("overrides") as batch:
        batch.drop_column("restored_json")
