"""The department server's tables: accounts, who owns each class, students' drafts, uploads and the audit log.

They join marker.store's metadata (migration 0004 creates them; a test compares the migrations with these models)
but live here so the store stays about classes and marks. A laptop never fills them except the audit log, which
records every change of a mark or judgement wherever it is made.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from marker.store import Base


class UserRow(Base):
    """An account: local (a password hash) or signed in by the school's identity provider (matched by email)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(200), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # student | teacher | head
    department: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), unique=True)  # the identity provider's verified email
    password_hash: Mapped[str | None] = mapped_column(String(300))  # NULL: signs in only through the provider
    upload_files_per_day: Mapped[int | None] = mapped_column(Integer)  # NULL: the role's default
    upload_mb_per_day: Mapped[int | None] = mapped_column(Integer)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ClassOwnerRow(Base):
    """Which teacher owns a class and which department it belongs to (a class without a row: nobody's yet)."""

    __tablename__ = "class_owners"

    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    department: Mapped[str] = mapped_column(String(200), index=True)


class DraftRow(Base):
    """A draft a student kept on the Check my draft page: only that student (and nobody else) can open it."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    rubric_id: Mapped[str] = mapped_column(String(80))
    question_id: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class UploadRow(Base):
    """One upload by a user (files and bytes), counted against that user's daily limit."""

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    files: Mapped[int] = mapped_column(Integer)
    bytes: Mapped[int] = mapped_column(Integer)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AuditRow(Base):
    """Who changed what and when: every change of a mark or judgement (before and after), and class deletions.

    Rows about one essay go with that essay (the foreign key cascades); class-wide rows keep no student data."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    who: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    class_id: Mapped[int | None] = mapped_column(Integer, index=True)
    essay_id: Mapped[int | None] = mapped_column(ForeignKey("essays.id", ondelete="CASCADE"), index=True)
    before_json: Mapped[str] = mapped_column(Text)
    after_json: Mapped[str] = mapped_column(Text)
