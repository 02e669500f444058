"""Department server mode: accounts, class owners, students' drafts, uploads and the audit log.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(200), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("department", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("password_hash", sa.String(300), nullable=True),
        sa.Column("upload_files_per_day", sa.Integer(), nullable=True),
        sa.Column("upload_mb_per_day", sa.Integer(), nullable=True),
        sa.Column("created", _WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
        sa.UniqueConstraint("email", name="uq_users_email"),
    )
    op.create_table(
        "class_owners",
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("department", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["class_id"], ["classes.id"], name="fk_class_owners_class_id_classes",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name="fk_class_owners_owner_id_users",
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("class_id", name="pk_class_owners"),
    )
    op.create_index("ix_class_owners_owner_id", "class_owners", ["owner_id"])
    op.create_index("ix_class_owners_department", "class_owners", ["department"])
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("rubric_id", sa.String(80), nullable=False),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created", _WHEN, nullable=False),
        sa.ForeignKeyConstraint(["student_id"], ["users.id"], name="fk_drafts_student_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_drafts"),
    )
    op.create_index("ix_drafts_student_id", "drafts", ["student_id"])
    op.create_table(
        "uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("files", sa.Integer(), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("created", _WHEN, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_uploads_user_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_uploads"),
    )
    op.create_index("ix_uploads_user_id", "uploads", ["user_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created", _WHEN, nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=True),
        sa.Column("essay_id", sa.Integer(), nullable=True),
        sa.Column("before_json", sa.Text(), nullable=False),
        sa.Column("after_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["essay_id"], ["essays.id"], name="fk_audit_log_essay_id_essays", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_created", "audit_log", ["created"])
    op.create_index("ix_audit_log_class_id", "audit_log", ["class_id"])
    op.create_index("ix_audit_log_essay_id", "audit_log", ["essay_id"])


def downgrade() -> None:
    for table, columns in (("audit_log", ("essay_id", "class_id", "created")), ("uploads", ("user_id",)),
                           ("drafts", ("student_id",)), ("class_owners", ("department", "owner_id"))):
        for column in columns:
            op.drop_index(f"ix_{table}_{column}", table_name=table)
        op.drop_table(table)
    op.drop_table("users")
