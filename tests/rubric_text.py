"""A minimal rubric as YAML text, for tests that need a rubric of a few points of their own (format id and points)."""

RUBRIC_TEXT = """id: {id}
title: T
subject: History
qualification: A-level
questions: [{{id: q, text: "A question?"}}]
levels: [{{level: 1, marks: [1, 25], descriptor: "All."}}]
points:
{points}
"""
