"""Question: the essay question a draft offers when the teacher gives none, written as an exam question.

A topic title such as "Why did the Provisional Government fall in 1917?" is already a question: it is kept (one
question mark, no wrapper). A plain title ("The Weimar Republic 1918-33") becomes an instruction on the topic
("Assess the main factors that shaped the Weimar Republic 1918-33.").
"""

from __future__ import annotations

import re

_QUESTION_OPENING = re.compile(
    r"^(?:why|how|what|to what extent|how far|assess|explain|evaluate|examine|analyse|analyze|discuss|was|were|did|"
    r"do|does|is|are|which|who|in what ways?)\b", re.IGNORECASE)
_REASONS = re.compile(r"^(?:the\s+)?(?:causes|reasons|origins)\s+(?:of|for)\s+(?P<rest>.+)$", re.IGNORECASE)
_INSTRUCTION = re.compile(r"^(?:assess|explain|evaluate|examine|analyse|analyze|discuss)\b", re.IGNORECASE)


def tidy_question(text: str) -> str:
    """One trailing mark: '?' for a question, '.' for an instruction; stray '?.' and doubled marks removed."""
    text = " ".join(text.split()).strip()
    text = re.sub(r"[?.!\s]+$", "", text)
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text + ("." if _INSTRUCTION.match(text) else "?")


def draft_question(title: str) -> str:
    """An exam question from the topic title: a title that is already a question is kept, tidied."""
    title = " ".join(title.split()).strip()
    if _QUESTION_OPENING.match(title) or title.endswith("?"):
        return tidy_question(title)
    topic = re.sub(r"^(The|A|An)\b", lambda m: m.group(1).lower(), title)
    reasons = _REASONS.match(topic)
    if reasons:  # "Causes of the English Civil War" -> "Assess the reasons for the English Civil War."
        return tidy_question(f"Assess the reasons for {reasons.group('rest')}")
    return tidy_question(f"Assess the main factors that shaped {topic}")
