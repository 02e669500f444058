"""Flashcards: a deck of question-and-answer cards read card by card, each answer with its question (read.py).

Alone, a card's answer rarely states its argument: "It is intense patriotism", "The strengthening of armies and
navies" say nothing until read with "What is nationalism?", "What is militarism?". A deck is two or more cards, each
a "Q" line (or "Q:", "Question:" in front of the question) and an "A" line (or "A:", "Answer:") before the answer,
which runs to the next card or a blank line. Each card is written as one paragraph:

- a definition card ("What is X?", "What were the X?") states that X is the answer: a pronoun subject opening the
  answer is X ("It is ..." -> "X is ..."); an answer that is a noun phrase follows "X is" when the parse of "X is
  <answer>" reads the answer as the copula's attribute ("X is the strengthening of ..."); an answer of several one-line items lists them ("The X are a,
  b and c.");
- a cloze card, whose question ends in an ellipsis ("The largest navy was..."), is completed by its answer;
- any other answer stands as it is; the questions are dropped (a question argues nothing).

Genre words only (Q, A, what is); nothing of any topic. Text without a deck is returned unchanged, so reading a read
text changes nothing.
"""

from __future__ import annotations

import re

_Q = re.compile(r"^(?:q|question)\s*[.:)]?(?:\s+(?P<rest>\S.*))?$", re.IGNORECASE)
_A = re.compile(r"^(?:a|answer)\s*[.:)]?(?:\s+(?P<rest>\S.*))?$", re.IGNORECASE)
# An inline card line must say which it is with a colon ("Q: What is ...?"): "A boiling ..." is an answer's text.
_INLINE = re.compile(r"^(?:q|question|a|answer)\s*:\s+\S", re.IGNORECASE)
_DEFINITION = re.compile(r"^what\s+(?P<verb>is|was|are|were)\s+(?P<x>[^?]{2,60}?)\s*\?$", re.IGNORECASE)
_PRONOUN_OPENING = re.compile(r"^(?:it|they|this|these)\s+(?=(?:is|was|are|were|means|meant|refers|referred)\b)",
                              re.IGNORECASE)
_CLOZE = re.compile(r"(?:\.\.\.|…)\s*$")


def _marker(line: str, pattern: re.Pattern) -> str | None:
    """The text after a card marker ("" for a marker line alone), or None when the line is no such marker."""
    m = pattern.match(line.strip())
    if m is None or (m.group("rest") and not _INLINE.match(line.strip())):
        return None
    return m.group("rest") or ""


def _blocks(lines: list[str]) -> list[tuple[list[str], list[str]] | str]:
    """The text as cards (question lines, answer lines) and, between and after them, lines outside any card (a
    paragraph after an answer's blank line, a page's closing words), which stay as they are."""
    blocks: list[tuple[list[str], list[str]] | str] = []
    side = ""  # "q" in a question, "a" in an answer, "" outside a card
    for line in lines:
        card = blocks[-1] if side and blocks and isinstance(blocks[-1], tuple) else None
        if (rest := _marker(line, _Q)) is not None:
            blocks.append(([rest] if rest else [], []))
            side = "q"
        elif card is not None and side == "q" and (rest := _marker(line, _A)) is not None:
            card[1].extend([rest] if rest else [])
            side = "a"
        elif card is not None and line.strip():
            card[0 if side == "q" else 1].append(line.strip())
        elif card is not None:
            side = "" if side == "a" and card[1] else side  # a blank line ends the answer
        else:
            blocks.append(line)
    return blocks


def _states(sentence: str, verb: str) -> bool:
    """"X is <answer>" reads as one statement (from the parse): its root is the copula, with the answer as its
    attribute, a common noun ("Militarism is the strengthening of armies ..."): not a clause of its own ("The race
    was the Germans built ships": a clause complement), nor a name (a card asking "What was the first X?" is answered
    by a name, a fact rather than a definition, and stays as written)."""
    from marker.build.segment import parse

    root = next((t for t in parse(sentence) if t.dep_ == "ROOT"), None)
    return root is not None and root.lower_ == verb and any(
        c.dep_ == "attr" and c.pos_ == "NOUN" for c in root.children) and not any(
        c.dep_ in ("ccomp", "xcomp", "csubj") for c in root.children)


# Words that open a noun phrase and are written in lower case inside a sentence (a name keeps its capital).
_DETERMINERS = frozenset("the a an its their his her our this that these those".split())


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    return text[0].lower() + text[1:] if first.lower() in _DETERMINERS else text


def _closed(text: str) -> str:
    return text if re.search(r"[.!?…]$", text) else text.rstrip(" ,;") + "."


def _answered(question: str, answer: list[str]) -> str:
    """The card as one paragraph: its answer read with its question."""
    text = " ".join(answer)
    if _CLOZE.search(question) and len(answer) == 1:
        return _closed(f"{_CLOZE.sub('', question).rstrip()} {_lower_first(text)}")
    m = _DEFINITION.match(question)
    if m is None:
        return "\n".join(answer)  # as written: one line an item
    subject, verb = m.group("x")[0].upper() + m.group("x")[1:], m.group("verb").lower()
    if len(answer) >= 3 and all(len(a.split()) <= 4 for a in answer):
        items = [a.rstrip(" .;,") for a in answer]
        return f"{subject} {verb} {', '.join(items[:-1])} and {items[-1]}."
    if _PRONOUN_OPENING.match(text):
        return _closed(_PRONOUN_OPENING.sub(f"{subject} ", text, count=1))
    stated = _closed(f"{subject} {verb} {_lower_first(text)}")
    if _states(re.split(r"(?<=[.!?])\s+", stated, maxsplit=1)[0], verb):
        return stated
    return "\n".join(answer)


def read_cards(text: str) -> str:
    """The text with each card of a deck written as one paragraph, its answer read with its question; the text as
    it is when it holds no deck (two or more cards, each answered)."""
    blocks = _blocks(text.splitlines())
    cards = [b for b in blocks if isinstance(b, tuple)]
    if len(cards) < 2 or not all(answer for _, answer in cards):
        return text
    out: list[str] = []
    for block in blocks:
        out += [block] if isinstance(block, str) else ["", _answered(" ".join(block[0]), block[1]), ""]
    return "\n".join(out).strip() + "\n"
