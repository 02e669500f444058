"""Read: source documents in any ingest format into (name, text) the later steps can split into sentences.

Teachers' material is rarely prose alone. Each line is read for what it is:

- page furniture (menus, "Reply", "Share", cookie banners, "Posted by", slide numbers, copyright lines) is dropped,
  and so is everything from a comments header ("3 comments", "Leave a reply") to the end of the page: readers'
  comments are not the teacher's source;
- bullets ("-", "*", "•", "1.", "a)") and indented outline lines (mind-map exports) lose their markers; a short
  line without a full stop that has children is a heading, and each child is written as "Heading: child." so a
  bullet keeps the argument it was listed under;
- table rows ("| a | b |", tab-separated cells) become one sentence each, "a: b."; a header row is dropped;
- numbered outlines (mind-map exports: "1 Alliances", "1.1 The Triple Alliance", "1.1.1 ...") take their depth
  from the number; a run of lines numbered 1, 2, 3 ... with no decimals (slide transcripts) loses the numbers;
- a short line ending in a colon ("The Tangier Crisis, 1905:") labels the lines that follow it at its depth, up to
  a blank line, the next label, a heading in Title Case or a paragraph of several sentences, like a heading over
  bullets;
- a flashcard deck (cards of a "Q" line, the question, an "A" line and the answer; or "Q: ..." and "A: ...") is read
  card by card, the answer with its question (cards.py): a definition card ("What is X?") states that X is the
  answer ("It is intense patriotism" -> "X is intense patriotism"; an answer that is a noun phrase, "The X of Y",
  -> "X is the X of Y"), a list answer to "What are the X?" becomes "The X are a, b and c.", a cloze card ("The
  largest navy was...") is completed by its answer; other answers stand as they are, and questions are dropped;
- punctuation typed without its space ("held at Algeciras(1906),Germany was", "defend Morocco.There was") gets
  one, so the sentence splitter and the lemmatiser see the words ("Algeciras", not "algeciras(1906),germany");
- hard-wrapped prose (a PDF or a scanned booklet's column: lines broken mid-sentence, the next starting in lower
  case) is joined back into paragraphs; a line broken mid-sentence elsewhere is joined to its continuation;
- a heading over prose stays as it is, on its own line ("Debate 1: doomed from the start versus contingent
  collapse" names a debate); a bullet, or a line in a run of one-item lines, without closing punctuation gets a
  full stop, so one item never runs into the next.

Prose lines are kept verbatim, so a draft's provenance quotes the (cleaned) document exactly. Cleaning is
idempotent: cleaning a cleaned text changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

READ_DEFAULTS = {
    # A heading is a short line (at most this many words) without closing punctuation.
    "heading_words": 10,
    # Tab stops count as this many spaces when reading an outline's indentation.
    "tab_width": 4,
}

# Words of web pages and slide decks, not of any topic: a line made only of these is furniture.
_FURNITURE_LINE = re.compile(
    r"^(?:reply|share|share this|tweet|like|likes?\s*\d*|\d+\s+likes?|report|flag|edit|print|email|menu|search|"
    r"home|about|about us|contact|contact us|log ?in|sign ?in|sign ?up|register|subscribe|follow us|skip to "
    r"(?:main )?content|back to top|next|previous|next slide|read more|continue reading|load more|show more|"
    r"advertisement|sponsored|related posts?|you may also like|tags?:.*|categories:.*|filed under.*|"
    r"posted (?:by|on|in)\b.*|written by\b.*|published\b.*\d{4}|updated\b.*\d{4}|by [A-Z][\w.]*(?: [A-Z][\w.]*)?|"
    r"share (?:on|via)\b.*|copyright\b.*|©.*|all rights reserved.*|privacy(?: policy)?|terms(?: of use| and "
    r"conditions)?|cookie(?:s| policy| settings)?|accept(?: all)?(?: cookies)?|reject(?: all)?|manage "
    r"(?:cookies|preferences)|slide\s*\d+(?:\s*(?:of|/)\s*\d+)?|page\s*\d+(?:\s*(?:of|/)\s*\d+)?|\d+|"
    r"section|section\s*\d+[.:]?|click here.*|download (?:the )?(?:pdf|slides?|worksheet).*)[.!:]?$",
    re.IGNORECASE,
)
_COOKIE_BANNER = re.compile(r"\b(?:we use cookies|this (?:site|website) uses cookies|by continuing to (?:use|browse))",
                            re.IGNORECASE)
_NAV_SEPARATORS = re.compile(r"\s(?:\||»|›|>|·)\s")
# From here on the page holds readers' comments, not the source.
_COMMENTS_HEADER = re.compile(
    r"^(?:\d+\s+(?:comments?|responses?|replies|thoughts? on\b.*)|comments?(?:\s*\(\d+\))?|leave a (?:reply|comment)"
    r"|join the discussion|reader comments|add a comment|post a comment|"
    r"responses?)[.:]?$",
    re.IGNORECASE,
)
_COMMENT_BYLINE = re.compile(r"^\S.{0,40}?\s(?:says|said|wrote|commented)\s*:?$|^\S.{0,40}?\s+on\s.*\d{4}.*(?:at|@)\s*"
                             r"\d{1,2}[:.]\d{2}\s*(?:am|pm)?$", re.IGNORECASE)
_BULLET = re.compile(r"^(?:(?:[-*•◦▪▫●○‣⁃–—>+]|\d{1,2}[.)]|[a-z][.)]|[ivx]{1,4}[.)])\s+|-(?=[A-Z]))")
_DECIMAL_NUMBER = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?=\S)")  # "1.1", "1.2.3" (outline numbers)
_BARE_NUMBER = re.compile(r"^(?P<num>\d{1,2})\s+(?=[A-Z\"“‘'])")  # "2 Breakdown of ..." (an outline or slide number)
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_CLOSED = re.compile(r"[.!?:;…\"”’)\]]$")
# Punctuation typed without the space after (or before) it, between words: "Morocco.There", "Algeciras(1906),Germany",
# "Imperialism,building". Not between digits ("1,000", "3.5") nor inside abbreviations ("A.J.P.", "e.g."), nor a
# bracketed letter ("alliance(s)").
_GLUED = (
    (re.compile(r"(?<=[a-z]{2})([.!?])(?=[A-Z][a-z])"), r"\1 "),
    (re.compile(r"(?<=[A-Za-z)])([,;])(?=[A-Za-z])"), r"\1 "),
    (re.compile(r"(?<=[a-z])\((?=[\dA-Z])"), " ("),
)


def _spaced(text: str) -> str:
    for pattern, repl in _GLUED:
        text = pattern.sub(repl, text)
    return text


@dataclass(frozen=True)
class _Line:
    depth: int
    text: str
    bullet: bool


def _is_furniture(text: str) -> bool:
    if _FURNITURE_LINE.match(text) or _COOKIE_BANNER.search(text):
        return True
    # a menu: three or more short items separated by bars or chevrons ("Home | Revision | Quizzes")
    parts = _NAV_SEPARATORS.split(f" {text} ")
    return len(parts) >= 3 and all(0 < len(p.split()) <= 3 for p in parts if p.strip())


def _table_row(text: str) -> list[str] | None:
    if text.startswith("|") and text.endswith("|") and text.count("|") >= 3:
        return [c.strip() for c in text.strip("|").split("|")]
    if "\t" in text.strip():
        cells = [c.strip() for c in text.strip().split("\t") if c.strip()]
        return cells if len(cells) >= 2 else None
    return None


def _numbering(raws: Sequence[str]) -> str:
    """How the document numbers its lines: "outline" (decimal numbers, so a bare "1" is the top level), "sequence"
    (bare numbers rising through the document: slide or item numbers) or "" (numbers are text)."""
    if any(_DECIMAL_NUMBER.match(r.strip()) for r in raws):
        return "outline"
    bare = [int(m.group("num")) for r in raws if (m := _BARE_NUMBER.match(r.strip()))]
    rising = sum(b > a for a, b in zip(bare, bare[1:]))
    return "sequence" if len(bare) >= 3 and rising >= 0.8 * (len(bare) - 1) else ""


def _lines(text: str) -> list[_Line]:
    out = []
    width = READ_DEFAULTS["tab_width"]
    raws = text.splitlines()
    numbering = _numbering(raws)
    for k, raw in enumerate(raws):
        stripped = raw.strip()
        if not stripped:
            out.append(_Line(0, "", False))
            continue
        if _COMMENTS_HEADER.match(stripped) or _COMMENT_BYLINE.match(stripped):
            break
        if _TABLE_RULE.match(stripped):
            continue
        row = _table_row(raw)
        if row is None and _is_furniture(stripped):
            continue
        if row is not None:
            if k + 1 < len(raws) and _TABLE_RULE.match(raws[k + 1].strip()):
                continue  # the header row: column labels, not a statement
            cells = [c for c in row if c]
            if cells:
                out.append(_Line(0, _close(f"{cells[0]}: {'; '.join(cells[1:])}" if len(cells) > 1 else cells[0]),
                                 False))
            continue
        indent = len(raw.expandtabs(width)) - len(raw.expandtabs(width).lstrip())
        stripped = _spaced(_MD_HEADING.sub("", stripped))
        number = (_DECIMAL_NUMBER.match(stripped) or _BARE_NUMBER.match(stripped)) if numbering else None
        if number is not None:  # an outline's depth is its number's ("1.2.3" is three deep); a sequence is flat
            depth = indent + (number.group("num").count(".") + 1 if numbering == "outline" else 0)
            stripped = stripped[number.end():].strip()
            if stripped:
                out.append(_Line(depth, stripped, numbering == "outline"))
            continue
        bullet = bool(_BULLET.match(stripped))
        stripped = _BULLET.sub("", stripped).strip()
        if stripped:
            out.append(_Line(indent + (1 if bullet else 0), stripped, bullet))
    return _unwrap(out)


def _continues(a: _Line, b: _Line) -> bool:
    """b carries on a's sentence: a is unclosed prose and b starts in lower case at the same depth."""
    return bool(a.text and b.text and not a.bullet and not b.bullet and a.depth == b.depth
                and not _CLOSED.search(a.text) and b.text[0].islower())


def _unwrap(lines: list[_Line]) -> list[_Line]:
    """Join hard-wrapped prose: in a block of prose lines where at least half the breaks fall mid-sentence, the
    whole block is one paragraph; elsewhere a line joins only the line that continues its sentence."""
    out: list[_Line] = []
    k = 0
    while k < len(lines):
        end = k
        while end + 1 < len(lines) and lines[end + 1].text and lines[k].text and not lines[end + 1].bullet \
                and not lines[k].bullet and lines[end + 1].depth == lines[k].depth:
            end += 1
        block = lines[k:end + 1]
        breaks = list(zip(block, block[1:]))
        wrapped = sum(_continues(a, b) for a, b in breaks)
        if breaks and wrapped * 2 >= len(breaks):
            out.append(_Line(block[0].depth, " ".join(x.text for x in block), False))
        else:
            for line in block:
                if out and _continues(out[-1], line):
                    out[-1] = _Line(out[-1].depth, f"{out[-1].text} {line.text}", False)
                else:
                    out.append(line)
        k = end + 1
    return out


def _close(text: str) -> str:
    return text if _CLOSED.search(text) else text.rstrip(" ,") + "."


def _is_heading(line: _Line) -> bool:
    """A short line without closing punctuation, or a short label ending in a colon or a question mark."""
    return ((not _CLOSED.search(line.text) or line.text.endswith((":", "?")))
            and len(line.text.split()) <= READ_DEFAULTS["heading_words"])


_SENTENCES_IN_LINE = re.compile(r"[.!?]\s+[A-Z]")  # a line of prose holding more than one sentence
_FUNCTION_WORDS = frozenset("a an the of and or in on at to for with by from as vs versus de von".split())


def _title_case(text: str) -> bool:
    """A line in Title Case ("Soviet Response to International Crises"): a heading, not an item of a list."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if w.lower() not in _FUNCTION_WORDS]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def _same_run(a: _Line | None, b: _Line | None) -> bool:
    return a is not None and b is not None and bool(a.text) and bool(b.text) and a.depth == b.depth


def clean_text(text: str) -> str:
    """The document's lines with furniture dropped, bullets and outline children written as sentences."""
    from marker.build.cards import read_cards

    lines = _lines(read_cards(text))
    out: list[str] = []
    label: _Line | None = None  # "The Tangier Crisis, 1905:" over the lines that follow it
    for i, line in enumerate(lines):
        if not line.text:
            if out and out[-1]:
                out.append("")
            label = None
            continue
        nxt = next((x for x in lines[i + 1:] if x.text), None)
        before, after = (lines[i - 1] if i else None), (lines[i + 1] if i + 1 < len(lines) else None)
        has_children = nxt is not None and nxt.depth > line.depth
        if has_children and _is_heading(line):
            if out and out[-1]:
                out.append("")
            continue  # a heading: written into its children, not a sentence of its own
        if line.text.endswith(":") and _is_heading(line) and _same_run(line, after):
            label = line
            continue  # a label: written into the lines it labels
        if label is not None and (_SENTENCES_IN_LINE.search(line.text) or (
                len(line.text.split()) <= READ_DEFAULTS["heading_words"] and _title_case(line.text)
                and not line.text.endswith((".", "!", "?")))):
            label = None  # a new heading, or a paragraph of prose, ends the label's list
        parent = next((x for x in reversed(lines[:i]) if x.text and x.depth < line.depth), None)
        in_run = _same_run(before, line) or _same_run(line, after)  # one item a line, not a heading over prose
        if parent is not None and _is_heading(parent):  # a question over bullets heads them without a label
            out.append(_close(line.text if parent.text.endswith("?") else f"{parent.text.rstrip(':')}: {line.text}"))
        elif label is not None and label.depth == line.depth:
            out.append(_close(f"{label.text.rstrip(':')}: {line.text}"))
        elif line.bullet or line.depth > 0 or in_run or not _is_heading(line):
            out.append(_close(line.text) if line.bullet or line.depth > 0 or in_run else line.text)
        else:  # a heading over prose: kept verbatim, on its own
            out.extend(["", line.text, ""] if out and out[-1] else [line.text, ""])
    return "\n".join(out).strip()


def read_documents(paths: Sequence[str | Path]) -> list[tuple[str, str]]:
    """(name, cleaned text) for each document, read through ingest so every supported format works."""
    from marker.ingest import read_essay

    docs: list[tuple[str, str]] = []
    seen: Counter[str] = Counter()
    for path in paths:
        text = clean_text(read_essay(path).text)
        name = Path(path).name
        seen[name] += 1
        docs.append((name if seen[name] == 1 else f"{name}#{seen[name]}", text))
    return docs
