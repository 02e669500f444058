"""What in a rubric's fact base the checker cannot test, said in plain sentences for `marker rubric check`: a fact
that holds nothing a check reads, and figures, durations, memberships or closed sets on a fact that is not verified
(only verified facts ever produce a flag)."""

from __future__ import annotations

from marker.rubric import Fact, Rubric

# The parts of a fact some check reads (a name alone only lets other facts' claims be placed).
_CHECKED = ("date", "other_dates", "actors", "parties", "opponents", "absent", "camps", "frames", "contradictions",
            "office", "winners", "losers", "quantities", "membership", "sets", "durations", "after", "before")
_NEED_VERIFIED = ("quantities", "durations", "membership", "sets")


def untested(rubric: Rubric) -> list[str]:
    """One sentence per fact (or part of one) the checker cannot test; empty when it can test them all."""
    out = []
    for f in rubric.facts:
        if not any(_has(f, key) for key in _CHECKED):
            out.append(f"fact {f.id!r}: nothing in it is checked (add a date, frames, actors, an office, an outcome, "
                       "figures or durations)")
        elif not f.verified and (parts := [k for k in _NEED_VERIFIED if _has(f, k)]):
            out.append(f"fact {f.id!r}: its {', '.join(parts)} are never checked: the fact is not verified")
    return out


def _has(fact: Fact, key: str) -> bool:
    value = getattr(fact, key)
    return bool(value) if isinstance(value, list) else value is not None
