"""The first schema: classes, essays, reports, overrides, comment bank, calibration runs.

Revision ID: 0001
Revises:
Create Date: 2026-05-20
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "classes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("rubric_id", sa.String(80), nullable=False),
        sa.Column("rubric_version", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("created", _WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_classes"),
        sa.UniqueConstraint("name", name="uq_classes_name"),
    )
    op.create_table(
        "essays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("student_label", sa.String(200), nullable=False),
        sa.Column("candidate_number", sa.String(40), nullable=True),
        sa.Column("file_name", sa.String(1000), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("created", _WHEN, nullable=False),
        sa.ForeignKeyConstraint(["class_id"], ["classes.id"], name="fk_essays_class_id_classes", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_essays"),
        sa.UniqueConstraint("class_id", "student_label", name="uq_essays_class_id"),
    )
    op.create_index("ix_essays_class_id", "essays", ["class_id"])
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("essay_id", sa.Integer(), nullable=False),
        sa.Column("report_json", sa.Text(), nullable=False),
        sa.Column("marker_version", sa.String(40), nullable=False),
        sa.Column("rubric_id", sa.String(80), nullable=False),
        sa.Column("rubric_version", sa.Integer(), nullable=False),
        sa.Column("created", _WHEN, nullable=False),
        sa.ForeignKeyConstraint(["essay_id"], ["essays.id"], name="fk_reports_essay_id_essays", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_reports"),
    )
    op.create_index("ix_reports_essay_id", "reports", ["essay_id"])
    op.create_table(
        "overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("essay_id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("points_json", sa.Text(), nullable=False),
        sa.Column("dismissed_json", sa.Text(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("mark", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("created", _WHEN, nullable=False),
        sa.ForeignKeyConstraint(["essay_id"], ["essays.id"], name="fk_overrides_essay_id_essays",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], name="fk_overrides_report_id_reports",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_overrides"),
    )
    op.create_index("ix_overrides_essay_id", "overrides", ["essay_id"])
    op.create_index("ix_overrides_report_id", "overrides", ["report_id"])
    op.create_table(
        "comment_bank",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rubric_id", sa.String(80), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created", _WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_comment_bank"),
    )
    op.create_index("ix_comment_bank_rubric_id", "comment_bank", ["rubric_id"])
    op.create_table(
        "calibration_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rubric_id", sa.String(80), nullable=False),
        sa.Column("created", _WHEN, nullable=False),
        sa.Column("figures_json", sa.Text(), nullable=False),
        sa.Column("calibrated_path", sa.String(1000), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_calibration_runs"),
    )
    op.create_index("ix_calibration_runs_rubric_id", "calibration_runs", ["rubric_id"])


def downgrade() -> None:
    for index, table in (("ix_calibration_runs_rubric_id", "calibration_runs"),
                         ("ix_comment_bank_rubric_id", "comment_bank"),
                         ("ix_overrides_report_id", "overrides"), ("ix_overrides_essay_id", "overrides"),
                         ("ix_reports_essay_id", "reports"), ("ix_essays_class_id", "essays")):
        op.drop_index(index, table_name=table)
    for table in ("calibration_runs", "comment_bank", "overrides", "reports", "essays", "classes"):
        op.drop_table(table)
