"""Files that could not be read are kept with their class (name, reason, when) until dismissed.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "failed_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(1000), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created", _WHEN, nullable=False),
        sa.Column("dismissed", _WHEN, nullable=True),
        sa.ForeignKeyConstraint(["class_id"], ["classes.id"], name="fk_failed_files_class_id_classes",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_failed_files"),
    )
    op.create_index("ix_failed_files_class_id", "failed_files", ["class_id"])


def downgrade() -> None:
    op.drop_index("ix_failed_files_class_id", table_name="failed_files")
    op.drop_table("failed_files")
