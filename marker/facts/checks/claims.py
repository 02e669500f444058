"""Checks of typed claims read from the parse: a post given to the wrong person, country or term; a signatory who
did not sign; a winner who lost. Each check abstains unless the claim is a plain, unnegated assertion."""

from __future__ import annotations

import datetime as dt

from marker.dates import _MAX, DateClaim, _month_span, _year_span, calendar_variants, date_matches
from marker.defaults import FACT_DEFAULTS
from marker.facts.claims import Claim
from marker.facts.cues import SIGNING_ROLES
from marker.facts.index import _Index
from marker.facts.model import FactFlag, _make_flag, naming_makers
from marker.facts.tokens import _key
from marker.rubric import Fact

_SIGNING_ROLES = SIGNING_ROLES


def _entity(index: _Index, name: str) -> str:
    return index.entity_keys.get(_key(name), name)


def _holder(index: _Index, fact: Fact) -> str:
    """The entity holding the fact's office ("" for a fact that records no office)."""
    return _entity(index, fact.office.holder) if fact.office is not None else ""


def _title_matches(title: str, fact: Fact) -> bool:
    words = f" {title.replace(' - ', '-')} "  # "vice - chancellor" is one word, not "chancellor"
    if fact.office is None:
        return False
    return any(f" {form.lower()} " in words for form in (fact.office.title, *fact.office.aliases))


def check_claim(index: _Index, text: str, claim: Claim) -> list[FactFlag]:
    if claim.modality != "assert":
        return []
    if claim.kind == "role":
        return _check_role(index, text, claim) if claim.polarity else []
    if claim.kind == "agents" and claim.polarity:
        return _check_agents(index, text, claim)
    if claim.kind == "outcome":
        return _check_outcome(index, text, claim)
    return []


def _check_role(index: _Index, text: str, claim: Claim) -> list[FactFlag]:
    person, own = claim.person, index.represents.get(claim.person, "")
    span = (claim.start, claim.end)
    about = [f for f in index.rubric.facts if f.verified and (
        (f.office and _entity(index, f.office.holder) == person) or any(r.entity == person for r in f.actors))]
    if own == person and index.kind.get(claim.country) == "group":
        # "Stresemann, the leader of the SPD": the post of his that names a party names the DVP
        own, post = _party_of(index, person, about)
        about = [post] if post is not None else about
    if claim.country and own and own != person and claim.country != own and about \
            and index.kind.get(claim.country) == index.kind.get(own):
        fact = about[0]
        flag = _make_flag(text, span, f"{person} called a {claim.title} of {claim.country}", fact,
                          FACT_DEFAULTS["confidence_person"], "person")
        return [FactFlag(flag.start, flag.end, flag.text, flag.claim, f"{person} acted for {own}. "
                         f"{fact.correction or fact.statement}", fact.id, flag.confidence, "person")]
    offices = [f for f in index.rubric.facts if f.verified and f.office and _title_matches(claim.title, f)]
    if not offices:
        return []
    holders = {_holder(index, f) for f in offices}
    if person not in holders:
        # Only a person whose posts the base records (an office of their own) and who holds this title nowhere in
        # it (no office, frame or role) is judged; the post must be one of their own country's.
        country = claim.country or own
        same = [f for f in offices if index.represents.get(_holder(index, f)) == country]
        own_posts = [f for f in index.rubric.facts if f.office and _holder(index, f) == person]
        if not same or not own_posts or _holds_elsewhere(index, person, claim.title):
            return []
        same.sort(key=lambda f: f.date.start if f.date else _MAX)
        # The slip is the person's own post: the flag is that post's, and shows it first, then the title's holders
        # while the person held it ("Voroshilov, the Soviet foreign minister": Defence; Chicherin, Litvinov,
        # Molotov), not the title's first holder (Trotsky in 1917). A person with several posts keeps the old reading.
        post = own_posts[0] if len(own_posts) == 1 else None
        held = [f for f in same if post is not None and _terms_meet(f, post)] or same
        shown = [post, *held] if post is not None else same
        fix = " ".join(f.correction or f.statement for f in shown)
        flag = _make_flag(text, span, f"{person} called {claim.title}", shown[0], FACT_DEFAULTS["confidence_person"],
                          "person")
        return [FactFlag(flag.start, flag.end, flag.text, flag.claim, fix, shown[0].id, flag.confidence, "person")]
    if claim.date is None or claim.date.approx or claim.date.relative or claim.date.partial:
        return []
    own_terms = [f for f in offices if _holder(index, f) == person and f.date is not None]
    fits = _term_overlaps if claim.listed else _term_fits
    if own_terms and not any(fits(index, claim.date, f) for f in own_terms):
        fact = own_terms[0]
        return [_make_flag(text, span, f"{person} {claim.title} {claim.date.text}", fact,
                           FACT_DEFAULTS["confidence_clause_date"], "date")]
    return []


def _party_of(index: _Index, person: str, about: list[Fact]) -> tuple[str, Fact | None]:
    """The one party the titles of a person's own posts name ("leader of the DVP"), with that post's fact; ("", None)
    when they name none or several."""
    named: dict[str, Fact] = {}
    for f in about:
        if f.office is None or _entity(index, f.office.holder) != person:
            continue
        for t in (f" {form.lower()} " for form in (f.office.title, *f.office.aliases)):
            hits = [(e.name, form) for e in index.rubric.entities if e.kind == "group"
                    for form in (f" {x.lower()} " for x in (e.name, *e.aliases)) if form in t]
            # a party named inside another's longer name ("people's party" in "German National People's Party")
            for name, form in hits:
                if not any(other != name and form in longer and form != longer for other, longer in hits):
                    named.setdefault(name, f)
    return next(iter(named.items())) if len(named) == 1 else ("", None)


def _terms_meet(a: Fact, b: Fact) -> bool:
    """Whether two facts' dated terms share a day (a term with no end is its start's day)."""
    if a.date is None or b.date is None:
        return False
    return a.date.start <= (b.date.end or b.date.start) and b.date.start <= (a.date.end or a.date.start)


def _holds_elsewhere(index: _Index, person: str, title: str) -> bool:
    """Whether any fact gives the person this title: a frame ("Litvinov" + "Foreign Commissar") or a role."""
    def fits(phrase: str) -> bool:
        a, b = f" {phrase.lower()} ", f" {title} "
        return a in b or b in a
    for f in index.rubric.facts:
        for frame in f.frames:
            if any(_entity(index, a) == person for a in frame.agents) and any(fits(t) for t in frame.targets):
                return True
        if any(r.entity == person and fits(r.role) for r in f.actors) and _holder(index, f) != person:
            return True  # a role in a fact of the person's own office is that office ("commissar" for defence)
    return False


def _term_overlaps(index: _Index, d: DateClaim, fact: Fact) -> bool:
    """A list's span ("between 1930 and 1933") shares some time with the term (whole years: "the chancellors of 1932")."""
    if fact.date is None:
        return False
    return any(d.lo <= _year_span((spec.end or spec.start).year)[1] and _year_span(spec.start.year)[0] <= d.hi
               for spec in calendar_variants(fact.date, index.rubric.dates, fact.places))


def _term_fits(index: _Index, d: DateClaim, fact: Fact) -> bool:
    """'from 1930' must give the year the term began, 'until 1936' the year it ended, a plain date fall in it."""
    if fact.date is None:
        return False
    for spec in calendar_variants(fact.date, index.rubric.dates, fact.places):
        end = spec.end or spec.start
        if d.kind == "bound" and d.hi == _MAX:
            if d.lo.year == spec.start.year:
                return True
        elif d.kind == "until":
            if _ends_within(d, end, spec.precision):
                return True
        elif d.kind == "range" and d.first and d.last:
            if d.first[0].year == spec.start.year and d.last[1].year == end.year:
                return True
        elif date_matches(d, spec) == "ok" or (d.lo >= _year_span(spec.start.year)[0] and d.hi <= _year_span(end.year)[1]):
            return True
    return False


def _ends_within(d: DateClaim, end: dt.date, precision: str) -> bool:
    """A term's end told at the claim's own precision against the stored end, to the month where the base dates it
    to the month or day ("resigned as chancellor on 28 February 1933" for a term that ended on 28 January), with a
    week's grace either side for the days around a month's turn; to the year otherwise ("until 1936")."""
    if precision == "year":
        return d.lo.year <= end.year <= d.hi.year
    lo, hi = _month_span(end.year, end.month)
    grace = dt.timedelta(days=_END_GRACE_DAYS)
    return d.lo <= max(hi, end + grace) and min(lo, end - grace) <= d.hi


_END_GRACE_DAYS = 7


def _check_agents(index: _Index, text: str, claim: Claim) -> list[FactFlag]:
    if len(claim.facts) != 1:
        return []
    fact = index.facts[next(iter(claim.facts))]
    if not fact.verified or not any(r.role.lower() in _SIGNING_ROLES for r in fact.actors):
        return []
    actors = {r.entity for r in fact.actors}
    wrong = [a for a in claim.agents if a not in actors]
    if not wrong:
        return []
    names = ", ".join(r.entity for r in fact.actors if r.role.lower() in _SIGNING_ROLES)
    return [naming_makers(_make_flag(text, (claim.start, claim.end), f"{' and '.join(wrong)} {claim.verb} the "
                                     f"{fact.names[0]} (signatories: {names})", fact,
                                     FACT_DEFAULTS["confidence_person"], "person"), fact)]


def _check_outcome(index: _Index, text: str, claim: Claim) -> list[FactFlag]:
    if len(claim.facts) != 1:
        return []
    fact = index.facts[next(iter(claim.facts))]
    if not fact.verified or not (fact.winners or fact.losers):
        return []
    winners = {index.represents.get(_entity(index, w), _entity(index, w)) for w in fact.winners}
    losers = {index.represents.get(_entity(index, w), _entity(index, w)) for w in fact.losers}
    said = set(claim.agents)
    wrong = (said & losers) if claim.polarity else (said & winners)
    if not wrong:
        return []
    what = "won" if claim.polarity else "lost"
    return [_make_flag(text, (claim.start, claim.end), f"{' and '.join(sorted(wrong))} {what} the {fact.names[0]}",
                       fact, FACT_DEFAULTS["confidence_outcome"], "outcome")]
