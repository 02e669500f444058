"""Write: a draft as a rubric mapping, YAML text, a validated Rubric, or a file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml

from marker.build.edit import TEACHER
from marker.build.model import BUILD_DEFAULTS, Draft, DraftDebate, DraftFact, DraftPoint
from marker.build.name import without_label
from marker.rubric import DateSettings, Rubric, parse_rubric

LEVELS_FILE = Path(__file__).with_name("levels.yaml")


def default_levels() -> tuple[tuple[int, tuple[int, int], str], ...]:
    """The levels-of-response scheme a new draft starts with, read from levels.yaml beside this module."""
    data = yaml.safe_load(LEVELS_FILE.read_text(encoding="utf-8"))
    return tuple((int(lv["level"]), (int(lv["marks"][0]), int(lv["marks"][1])), str(lv["descriptor"]))
                 for lv in data["levels"])

def _lower_first(text: str) -> str:
    """Lower-case a first word that is a function word ("The king ..." -> "the king ..."); others may be names."""
    from marker.nlp import STOP_WORDS

    first = text.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower() and first.lower() in STOP_WORDS:
        return text[0].lower() + text[1:]
    return text


def _target(title: str, key_terms: Sequence[str]) -> str:
    subject = _lower_first(title.rstrip(".?!"))
    detail = ", ".join(key_terms[:3])
    return (f"Argue that {subject}, and show why it matters to the question, with precise evidence"
            + (f" (for example: {detail})." if detail else "."))


def _point_dict(p: DraftPoint) -> dict:
    # a heading the reading step wrote in front of a bullet groups it; a student's sentence would not carry it
    phrasings = list(dict.fromkeys(without_label(x.text) for x in p.passages[: BUILD_DEFAULTS["max_phrasings"]]))
    if len(phrasings) < 2:  # a point the sources state once: its title, the argument read from it, is the second
        phrasings.append(p.title if p.title not in phrasings else f"{p.title} mattered.")
    provenance: list[dict[str, str]] = []
    for x in p.passages:
        if x.document == TEACHER:
            continue  # the teacher's own wording quotes no source
        if len(provenance) >= BUILD_DEFAULTS["max_provenance"]:
            break
        if x.document not in {q["document"] for q in provenance} or len(p.documents) < BUILD_DEFAULTS["max_provenance"]:
            provenance.append({"document": x.document, "passage": x.text})
    return {
        "id": p.id,
        "title": p.title,
        "kind": "factor",
        "description": p.description or p.passages[0].text,
        "importance": float(p.importance),
        "phrasings": phrasings,
        "key_terms": list(p.key_terms),
        "entities": list(p.entities),
        "target": _target(p.title, p.key_terms),
        "prompt": f"How far can you argue that {_lower_first(p.title.rstrip('.?!'))}, and why does it matter?",
        "provenance": provenance,
    }


def _debate_phrasings(d: DraftDebate) -> list[str]:
    """The passages that weigh the sides; a debate the source states only once gets the two judgements it asks
    for, so it has the two phrasings every point needs."""
    out = [p.text for p in d.passages[: BUILD_DEFAULTS["max_phrasings"]]]
    a, b = d.sides
    for first, second in ((a, b), (b, a)):
        if len(out) >= 2:
            break
        out.append(f"{first.label} mattered more than {second.label.lower()}.")
    return out


def _debate_dict(d: DraftDebate, point_ids: set[str]) -> dict:
    a, b = d.sides
    return {
        "id": d.id,
        "title": d.title,
        "kind": "debate",
        "description": (f"The sources weigh {a.label.lower()} against {b.label.lower()}. {d.passages[0].text}"
                        if d.passages else f"Weigh {a.label.lower()} against {b.label.lower()}."),
        "importance": float(d.importance),
        "phrasings": _debate_phrasings(d),
        "key_terms": list(dict.fromkeys([*a.cues[:3], *b.cues[:3]])),
        "entities": [],
        "target": f"Weigh {a.label.lower()} against {b.label.lower()} and reach a supported judgement.",
        "prompt": f"Which matters more: {a.label.lower()} or {b.label.lower()}?",
        "sides": [
            {"label": s.label, "points": [p for p in s.points if p in point_ids], "cues": list(s.cues)}
            for s in (a, b)
        ],
        "provenance": [{"document": p.document, "passage": p.text}
                       for p in [x for x in d.passages if x.document != TEACHER][: BUILD_DEFAULTS["max_provenance"]]],
    }


def _fact_dict(f: DraftFact, fact_ids: set[str]) -> dict:
    out: dict = {"id": f.id, "statement": f.statement, "verified": bool(f.verified), "names": list(f.names)}
    if f.date is not None:
        out["date"] = {"start": f.date.isoformat(), "precision": f.precision}
        if f.calendar == "julian":
            out["date"]["calendar"] = "julian"
    if f.role is not None:
        out["actors"] = [{"entity": f.role[0], "role": f.role[1]}]
    if f.parties:
        out["parties"] = list(f.parties)
    after = [a for a in f.after if a in fact_ids]
    if after:
        out["after"] = after
    if f.alternatives:
        out["correction"] = "Sources disagree; they also give: " + "; ".join(f.alternatives)
    return out


def to_rubric_dict(draft: Draft) -> dict:
    """The draft as a rubric mapping (validates with marker.rubric)."""
    point_ids = {p.id for p in draft.points}
    fact_ids = {f.id for f in draft.facts}
    people = sorted({f.role[0] for f in draft.facts if f.role})
    levels = draft.levels or default_levels()
    out = {
        "id": draft.rubric_id,
        "version": 1,
        "title": draft.title,
        "subject": draft.subject,
        "qualification": draft.qualification,
        "status": draft.status,
        "max_mark": max(hi for _, (_, hi), _ in levels),
        "questions": [{"id": "main", "text": draft.question}],
        "levels": [{"level": lv, "marks": list(marks), "descriptor": text} for lv, marks, text in levels],
        "points": [_point_dict(p) for p in draft.points] + [_debate_dict(d, point_ids) for d in draft.debates],
        "entities": [{"name": name, "kind": "person"} for name in people],
        "facts": [_fact_dict(f, fact_ids) for f in draft.facts],
    }
    years = _years(draft)
    if years is not None:
        out["dates"] = {"years": list(years)}
    return out


def _years(draft: Draft) -> tuple[int, int] | None:
    """The centuries the facts' dates fall in, when some fall outside the rubric default (1800-1999): a draft on
    the seventeenth century reads 1600-1699 as years."""
    found = [f.date.year for f in draft.facts if f.date is not None]
    default = DateSettings().years
    if not found or default[0] <= min(found) and max(found) <= default[1]:
        return None
    return max(1000, min(found) // 100 * 100), min(2099, max(found) // 100 * 100 + 99)


def to_rubric_yaml(draft: Draft) -> str:
    """The draft as rubric YAML, with a header saying what to check before use."""
    header = (
        f"# Draft rubric built by `marker rubric build` from: {', '.join(draft.documents)}.\n"
        "# Check every point, merge or delete the weak ones, and verify each fact (all are `verified: false`:\n"
        "# sources contain slips, and only verified facts are ever used to flag an essay).\n"
    ) + "".join(f"# Note: {note}\n" for note in draft.notes)
    body = yaml.safe_dump(to_rubric_dict(draft), sort_keys=False, allow_unicode=True, width=110)
    return header + body


def to_rubric(draft: Draft) -> Rubric:
    """Validate the draft as a rubric (raises RubricError naming the key that is wrong)."""
    return parse_rubric(to_rubric_yaml(draft), f"<draft {draft.rubric_id}>")


def save_draft(draft: Draft, path: str | Path) -> Path:
    """Validate and write the draft; a folder gets `<rubric id>.yaml` inside it."""
    path = Path(path)
    if path.is_dir() or not path.suffix:
        path.mkdir(parents=True, exist_ok=True)
        path = path / f"{draft.rubric_id}.yaml"
    text = to_rubric_yaml(draft)
    parse_rubric(text, str(path))
    path.write_text(text, encoding="utf-8")
    return path


