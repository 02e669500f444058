"""Roles read from the parse: who is given which post, of which country or party, and when ("Ribbentrop, the Soviet
foreign minister,", "Molotov, who was foreign commissar", "Litvinov as foreign commissar", "the leader of the Social
Democrats", "the chancellors were Brüning, Papen and Schleicher"). Checked by marker/facts/checks/claims.py."""

from __future__ import annotations

from marker.dates import DateClaim, _MAX
from marker.facts.claims import Claim, Parsed, _mention_at, modality, negated, timed_by_event
from dataclasses import replace

from marker.facts.cues import (APPOINT_VERBS, NEGATION_WORDS, OBJECT_AS_VERBS, ROLE_TITLES, SUCCESSION_VERBS,
                               TERM_END_VERBS, TERM_LEAVE_VERBS, TERM_NOUNS)
from marker.facts.index import _Index
from marker.nlp import lemma_of
from marker.facts.model import _Mention, _SentenceInfo


def _own_reach(noun, end: int, info: _SentenceInfo) -> int | None:
    """For a role given in apposition ("Voroshilov, the Soviet foreign minister, asked ... if war broke out"): the
    characters of the sentence up to the role's end; None (the whole sentence) for any other role."""
    return end - info.sentence.start if noun.dep_ == "appos" or any(c.dep_ == "appos" for c in noun.head.children
                                                                     if c.i == noun.i) else None


def _object_as(verb) -> bool:
    """A verb whose "as" phrase says what its object is or becomes ("Stalin replaced him as foreign commissar",
    "Hindenburg appointed Hitler as chancellor"): with an object, the phrase is not the subject's post."""
    return verb.lemma_.lower() in SUCCESSION_VERBS | APPOINT_VERBS | OBJECT_AS_VERBS and any(
        c.dep_ == "dobj" for c in verb.children)


def role_claims(index: _Index, parsed: Parsed, info: _SentenceInfo, dates: list[DateClaim]) -> list[Claim]:
    """"Ribbentrop, the Soviet foreign minister,", "Molotov, who was foreign commissar", "Foreign Minister Molotov",
    "Litvinov as foreign commissar", "Molotov was the foreign commissar"."""
    out = []
    people = [m for m in info.mentions if m.kind == "entity" and index.kind.get(m.entity) == "person"]
    for p in people:
        tok = parsed.root(p.start, p.end)
        if tok is None:
            continue
        nouns = [c for c in tok.children if c.dep_ == "appos" and not _said_of_doer(c)]
        if tok.dep_ == "appos" or _folded_apposition(tok):
            nouns.append(tok.head)
        nouns += [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i]
        for c in tok.children:  # "Molotov as foreign commissar"
            if c.dep_ == "prep" and c.lower_ == "as":
                nouns += [g for g in c.children if g.dep_ == "pobj"]
        head = tok.head
        if tok.dep_ in {"nsubj", "nsubjpass"}:
            nouns += [c for c in head.children if _predicate(c)]
            if not _object_as(head):
                nouns += [g for c in head.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children
                          if g.dep_ == "pobj"]
        for rel in (c for c in tok.children if c.dep_ == "relcl" and c.lemma_ in _COPULAS):
            nouns += [c for c in rel.children if c.dep_ == "attr"]
        ended = _term_ended(tok)
        for noun in nouns:
            claim = _role(index, parsed, info, p, noun, dates)
            if claim is not None and ended is None and noun.dep_ == "pobj" and head.lemma_.lower() in TERM_LEAVE_VERBS:
                ended = noun, head  # "Schleicher resigned as chancellor on 28 January 1933": the term's end
            elif claim is not None:
                out.append(claim)
        if ended is not None:
            claim = _role(index, parsed, info, p, ended[0], dates)
            own = _dates_of(parsed, dates, ended[1])
            if claim is not None and len(own) == 1 and own[0].kind in {"point", "until"}:
                out.append(replace(claim, date=replace(own[0], kind="until"), end=max(claim.end, own[0].end)))
        made = _made_title(tok)
        if made is not None:  # "In May 1939 Stalin makes Litvinov foreign minister": the term begins then
            claim = _role(index, parsed, info, p, made, dates)
            verb = made.head
            own = _dates_of(parsed, dates, verb)
            if not own and verb.dep_ == "conj" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
                own = _dates_of(parsed, dates, verb.head)  # "... sacks Molotov and makes ...": the shared date
            if claim is not None and claim.date is None and len(own) == 1 and own[0].kind == "point":
                out.append(replace(claim, date=replace(own[0], kind="bound", hi=_MAX)))
        listed = _listed_title(tok)
        if listed is not None:
            claim = _role(index, parsed, info, p, listed[0], _listed_dates(parsed, dates, *listed), listed=True)
            if claim is not None:
                out.append(claim)
    return out


# Ordinals and "only": "the first British minister to do so" singles out whoever did the clause's act.
_SINGLING = frozenset({"first", "last", "only", "second", "third"})


def _said_of_doer(noun) -> bool:
    """An apposition after an object that singles out the doer of the clause's act ("Eden ... met Stalin, the first
    British minister to do so"): an ordinal or superlative noun with an infinitive of its own describes whoever did
    the act, the subject, however the parser hangs it. After a subject it stays the subject's ("Molotov, the first
    Soviet minister to visit Berlin, ...")."""
    if noun.head.dep_ in {"nsubj", "nsubjpass"}:
        return False
    singled = any(c.dep_ == "amod" and (c.lower_ in _SINGLING or c.tag_ == "JJS") for c in noun.children)
    infinitive = any(c.dep_ in {"relcl", "acl"} and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                     for c in noun.children)
    return singled and infinitive


def _folded_apposition(tok) -> bool:
    """A name the parser folded into the noun phrase of its apposition ("Schleicher, Hindenburg's Foreign Minister,
    was ...": the name a modifier of "Minister"): a name before its head noun with a comma between them."""
    head = tok.head
    return tok.dep_ in {"amod", "compound", "nmod"} and head.i > tok.i + 1 and head.pos_ in {"NOUN", "PROPN"} and \
        tok.nbor(1).text == "," and tok.nbor(1).head.i == head.i


def _term_ended(tok):
    """"Stresemann's time as chancellor ended in 1929", "Chicherin's term as Commissar came to an end": the title and
    the verb that ends the person's term (the parser may hang "as <title>" on that verb, the title as its subject)."""
    noun = tok.head
    if tok.dep_ != "poss" or noun.lemma_.lower() not in TERM_NOUNS:
        return None
    for verb in [noun.head] if noun.dep_ == "nsubj" else [c for c in noun.children if c.dep_ == "advcl"]:
        ends = verb.lemma_.lower() in TERM_END_VERBS or (verb.lemma_.lower() == "come" and any(
            c.lower_ == "to" and any(g.lemma_.lower() == "end" for g in c.children) for c in verb.children))
        if not ends:
            continue
        titles = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children
                  if g.dep_ == "pobj"]
        if verb.head.i == noun.i and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
            titles += [c for c in verb.children if c.dep_ == "nsubj"]
        if len(titles) == 1:
            return titles[0], verb
    return None


def _made_title(tok):
    """The title a verb of appointing gives a person, parsed as one noun phrase ("made Litvinov foreign minister",
    "appointed Hitler chancellor": the title is the verb's object, the name a modifier before it)."""
    noun = tok.head
    if tok.dep_ in {"compound", "nmod"} and tok.i < noun.i and noun.dep_ == "dobj" and \
            noun.head.lemma_.lower() in APPOINT_VERBS and noun.pos_ == "NOUN":
        return noun
    return None


def _predicate(tok) -> bool:
    """A noun that says what the subject is: "was chancellor", "became chancellor", and after "remain"/"stay" an
    object too ("stayed Commissar for Foreign Affairs until 1936": the parser reads the title as the verb's object)."""
    verb = tok.head
    return (tok.dep_ == "attr" and verb.lemma_ in _COPULAS) or (
        tok.dep_ == "dobj" and verb.lemma_ in _COPULAS - {"be", "become"})


_COPULAS = frozenset({"be", "become", "remain", "stay"})


_PLURAL = frozenset({"NNS", "NNPS"})  # "chancellors", and "Chancellors" capitalised (tagged a proper noun)


def _listed_title(tok):
    """A plural title that names the people of a list, and the word the list's time hangs on: "the chancellors were
    Brüning, Papen and Schleicher" (the copula), "three chancellors, Brüning, Papen and Stresemann, governed" (the
    title itself)."""
    first = tok
    while first.dep_ == "conj" and first.head.pos_ == "PROPN":
        first = first.head
    head = first.head
    if first.dep_ == "attr" and head.lemma_ == "be":
        titles = [c for c in head.children if c.dep_ == "nsubj" and c.tag_ in _PLURAL]
        return (titles[0], head) if titles else None
    if first.dep_ in {"appos", "conj"} and head.tag_ in _PLURAL and head.i < first.i:
        return head, head
    return None


def _listed_dates(parsed: Parsed, dates: list[DateClaim], title, anchor) -> list[DateClaim]:
    """The dates of a list under a plural title: those on its anchor; for a title in apposition, also those of the
    verb it is the subject of ("Two chancellors, X and Y, ruled Germany in 1932") or of the
    preposition the parser made it a second object of ("Between 1930 and 1933 three chancellors, X, Y and Z,")."""
    own = _dates_of(parsed, dates, anchor)
    if own or anchor.i != title.i:
        return own
    if title.dep_ in {"nsubj", "nsubjpass"}:
        return _dates_of(parsed, dates, title.head)
    if title.dep_ == "pobj":
        return [d for d in dates if (t := parsed.root(d.start, d.end)) is not None
                and title.head.i in {t.i, t.head.i}]
    return []


def _dates_of(parsed: Parsed, dates: list[DateClaim], anchor) -> list[DateClaim]:
    """The dates that hang on a word: no other verb or noun between ("Between 1930 and 1933 the chancellors were")."""
    out = []
    for d in dates:
        tok = parsed.root(d.start, d.end)
        up = tok.head if tok is not None else None
        while up is not None and up.i != anchor.i and up.pos_ not in {"VERB", "AUX", "NOUN", "PROPN"} \
                and up.head.i != up.i:
            up = up.head
        if up is not None and up.i == anchor.i:
            out.append(d)
    return out


def _role(index: _Index, parsed: Parsed, info: _SentenceInfo, p: _Mention, noun, dates: list[DateClaim],
          listed: bool = False):
    """`listed`: a plural title naming a list's people; its words are those before it, its dates those of `dates`
    (given by the caller), and a term is checked for overlap with them, not for a fit."""
    named = _mention_at(info.mentions, noun, parsed.base, "entity")
    # "Noske, the Communist in charge of military affairs": an apposition that is a party's name calls him its member
    party = named.entity if named is not None and index.kind.get(named.entity) == "group" and noun.dep_ == "appos" \
        else ""
    if noun.pos_ not in {"NOUN", "PROPN"} or (named is not None and not party):
        return None  # a name, not a post ("Molotov and German Foreign Minister Ribbentrop" misparsed as apposition)
    a, b = parsed.span(noun)
    if noun.dep_ == "dobj":  # "stayed Commissar for Foreign Affairs": the parser hangs "for ..." on the verb
        nxt = [c for c in noun.head.children if c.dep_ == "prep" and c.lower_ in {"for", "of"}
               and c.i == max(t.i for t in noun.subtree) + 1]
        b = parsed.span(nxt[0])[1] if nxt else b
    if a <= p.start < b and noun.dep_ != "compound":
        a = p.end  # the person inside the noun's subtree (a title after the name): the role is what follows
    if noun.dep_ == "compound" or noun.i < parsed.root(p.start, p.end).i:
        a, b = parsed.base + min(t.idx for t in noun.subtree), p.start
    if listed:
        a, b = parsed.base + min(t.idx for t in (noun, *noun.lefts)), parsed.base + noun.idx + len(noun.text)
    words, country = [], party
    for t in parsed.tokens(a, b):
        m = _mention_at(info.mentions, t, parsed.base, "entity")
        if _sent_to(t, noun):
            continue  # "ambassador to the United States": the country the post is sent to, not the holder's own
        if m is not None and index.kind.get(index.represents.get(m.entity, m.entity)) == "country":
            country = country or index.represents.get(m.entity, m.entity)
            continue
        if m is not None and index.kind.get(m.entity) == "group" and _names_the_post(t, noun):
            country = country or m.entity  # "the leader of the Social Democrats", "the SPD leader": the party
            continue
        if m is not None or t.dep_ in {"det", "punct", "poss", "case"} or t.like_num or t.pos_ == "NUM":
            continue
        if any(d.start <= parsed.base + t.idx < d.end for d in dates):
            continue
        words.append(lemma_of(t.lower_) if listed and t.i == noun.i else t.lower_)  # "Chancellors": a proper noun
    if not party and any(m.kind == "entity" and index.kind.get(m.entity) == "person" and m.entity != p.entity
                         and a <= m.start < b and not _employer(parsed, m, noun) for m in info.mentions):
        return None  # another person inside the role: whose post it is cannot be read with confidence
    title = " ".join(words).strip()
    while title.split() and title.split()[-1] in {"from", "until", "till", "since", "in", "of", "between", "and"}:
        title = " ".join(title.split()[:-1])
    if party:
        title = noun.lower_  # the claim is the membership ("a Communist"), whatever post follows
    elif not title or not any(w in ROLE_TITLES for w in title.split()):
        return None
    date = dates[0] if listed and len(dates) == 1 else None if listed else next(
        (d for d in dates if a <= d.start < b + 1), None)
    if date is None and not listed and _predicate(noun) and [c.i for c in noun.head.children
                                                             if _predicate(c)] == [noun.i]:
        # "Stresemann was chancellor in 1925", "In 1925 Stresemann was chancellor": a date of the copula itself, when
        # it gives one post only ("was X from 1917 to 1918, then Y": the date is X's)
        own = _dates_of(parsed, dates, noun.head)
        date = own[0] if len(own) == 1 and not timed_by_event(parsed, info.mentions, noun.head) else None
        if not own:  # "Papen stayed chancellor until Hitler replaced him on 30 January 1933": the term's end
            ends = [c for c in noun.head.children if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in {"until", "till"} for m in c.children)]
            own = _dates_of(parsed, dates, ends[0]) if len(ends) == 1 else []
            date = replace(own[0], kind="until") if len(own) == 1 and own[0].kind == "point" else None
    if listed:
        a, b = min(p.start, a, *(d.start for d in dates)), max(p.end, b)
    return Claim("role", min(p.start, a), max(p.end, b), person=p.entity, title=title, country=country, date=date,
                 listed=listed,
                 polarity=not _role_negated(noun, parsed.root(p.start, p.end)),
                 modality=modality(noun, info.sentence.text, _own_reach(noun, b, info)))


def _employer(parsed: Parsed, m: _Mention, noun) -> bool:
    """A person in the possessive on the title itself ("Hindenburg's Foreign Minister"): whom the post serves, not
    its holder."""
    tok = parsed.root(m.start, m.end)
    return tok is not None and tok.dep_ == "poss" and tok.head.i == noun.i


def _role_negated(noun, person) -> bool:
    """A role given in apposition ("Beck, the Polish foreign minister, said no to ...", "The Polish foreign minister,
    Beck, did not agree") is asserted whatever the main clause denies: only a negation on the title itself denies it
    ("Beck, not the foreign minister, ..."). Any other role is negated with its clause."""
    apposed = person is not None and ((noun.dep_ == "appos" and noun.head.i == person.i) or (
        person.head.i == noun.i and (person.dep_ == "appos" or _folded_apposition(person))))
    if not apposed:
        return negated(noun)
    return any(c.dep_ == "neg" or c.lower_ in NEGATION_WORDS for c in noun.children)


def _sent_to(tok, noun) -> bool:
    """A word of the phrase that says where a post is held ("ambassador to Britain", "envoy in Berlin"): "to"/"in"/"at"
    on the title itself, and the words of its object."""
    for t in (tok, *tok.ancestors):
        if t.dep_ == "prep" and t.head.i == noun.i:
            return t.lower_ in {"to", "in", "at"}
        if t.i == noun.i:
            return False
    return False


def _names_the_post(tok, noun) -> bool:
    """A word that says whose post a title is: a modifier of the title itself ("the SPD leader") or the object of
    its "of" ("the leader of the Social Democrats"), not a noun further inside ("the minister who fought the KPD")."""
    head = tok
    while head.dep_ in {"compound", "amod", "det"} and head.head.i != head.i and head.head.i != noun.i:
        head = head.head  # "the Social Democrats": the words of one name
    if head.head.i == noun.i and head.dep_ in {"compound", "amod", "nmod", "poss"}:
        return True
    return head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.i == noun.i
