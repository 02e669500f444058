"""The store's tables (SQLAlchemy models). The migrations in marker/migrations/versions/ create exactly these (a
test compares them); marker.server_tables and marker.store_failed add theirs to the same metadata."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands datetimes back without a zone; every time stored here is UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)



class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


class ClassRow(Base):
    __tablename__ = "classes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    rubric_id: Mapped[str] = mapped_column(String(80))
    rubric_version: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(80))
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    essays: Mapped[list[EssayRow]] = relationship(
        back_populates="klass", cascade="all, delete-orphan", passive_deletes=True, order_by="EssayRow.id")


class EssayRow(Base):
    __tablename__ = "essays"
    __table_args__ = (UniqueConstraint("class_id", "student_label"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    student_label: Mapped[str] = mapped_column(String(200))
    candidate_number: Mapped[str | None] = mapped_column(String(40))
    file_name: Mapped[str | None] = mapped_column(String(1000))
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    klass: Mapped[ClassRow] = relationship(back_populates="essays")
    reports: Mapped[list[ReportRow]] = relationship(
        back_populates="essay", cascade="all, delete-orphan", passive_deletes=True, order_by="ReportRow.id")
    overrides: Mapped[list[OverrideRow]] = relationship(
        back_populates="essay", cascade="all, delete-orphan", passive_deletes=True, order_by="OverrideRow.id")


class ReportRow(Base):
    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    essay_id: Mapped[int] = mapped_column(ForeignKey("essays.id", ondelete="CASCADE"), index=True)
    report_json: Mapped[str] = mapped_column(Text)
    marker_version: Mapped[str] = mapped_column(String(40))
    rubric_id: Mapped[str] = mapped_column(String(80))
    rubric_version: Mapped[int] = mapped_column(Integer)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    essay: Mapped[EssayRow] = relationship(back_populates="reports")


class OverrideRow(Base):
    """A teacher's correction. `report_id` NULL means it applies to the essay whatever report is latest."""

    __tablename__ = "overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    essay_id: Mapped[int] = mapped_column(ForeignKey("essays.id", ondelete="CASCADE"), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    points_json: Mapped[str] = mapped_column(Text)
    dismissed_json: Mapped[str] = mapped_column(Text)
    restored_json: Mapped[str] = mapped_column(Text, server_default="[]")  # flags reinstated after a dismissal
    level: Mapped[int | None] = mapped_column(Integer)
    mark: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(200))
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    essay: Mapped[EssayRow] = relationship(back_populates="overrides")


class CommentRow(Base):
    __tablename__ = "comment_bank"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rubric_id: Mapped[str] = mapped_column(String(80), index=True)
    text: Mapped[str] = mapped_column(Text)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class CalibrationRunRow(Base):
    __tablename__ = "calibration_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rubric_id: Mapped[str] = mapped_column(String(80), index=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    figures_json: Mapped[str] = mapped_column(Text)
    calibrated_path: Mapped[str | None] = mapped_column(String(1000))
