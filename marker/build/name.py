"""Name: a group's distinctive terms, names and title, and ids made from titles."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from marker.build.model import BUILD_DEFAULTS, Passage
from marker.build.segment import LABEL, _names_in, _Sentence, _terms, label_of, lemma_of_verb, parse, parses



def _ranked_terms(sentences: Sequence[_Sentence], idf: dict[str, float]) -> list[tuple[str, str, float]]:
    """(lemma term, surface form, score) by TF-IDF within a group; a term must recur unless the group is tiny."""
    tf: Counter[str] = Counter()
    surfaces: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for s in sentences:
        for lemma, surface in _terms(s).items():
            tf[lemma] += 1
            surfaces[lemma][surface] += 1
    need = 2 if len(sentences) >= 3 else 1
    n_corpus = math.exp(max(idf.values(), default=1.0) - 1.0)  # idf's (1 + N) / 1 for a term seen once
    scored = []
    for lemma, count in tf.items():
        if count < need:
            continue
        corpus_count = max((1 + n_corpus) / math.exp(idf.get(lemma, 1.0) - 1.0) - 1, count)
        if count / corpus_count < BUILD_DEFAULTS["term_share"] or corpus_count > BUILD_DEFAULTS["max_term_df"] * n_corpus:
            continue  # a term all over the documents ("stalin", "soviet") does not pick this argument out
        bonus = 1.3 if " " in lemma else 1.0
        scored.append((lemma, surfaces[lemma].most_common(1)[0][0], count * idf.get(lemma, 1.0) * bonus))
    scored.sort(key=lambda t: (-t[2], t[0]))
    kept: list[tuple[str, str, float]] = []
    for lemma, surface, score in scored:
        if any(lemma in k[0].split() or lemma == k[0] for k in kept if " " in k[0]) and " " not in lemma:
            continue  # a word already shown inside a kept phrase
        kept.append((lemma, surface, score))
    return kept


def _group_entities(group: Sequence[_Sentence], corpus_names: Counter) -> list[str]:
    counts = Counter(n for s in group for n in set(s.names))
    out = []
    for name, c in sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0])):
        share = c / corpus_names[name]
        if share >= BUILD_DEFAULTS["entity_share"] and (c >= 2 or " " in name or len(group) <= 3):
            out.append(name)
    return out[:5]


def slug(text: str, taken: Iterable[str] = ()) -> str:
    """A rubric id from a title, unique among `taken`."""
    base = re.sub(r"[^a-z0-9]+", "-", text.lower().replace("’", "").replace("'", "")).strip("-")[:60].strip("-")
    base = base or "point"
    taken = set(taken)
    candidate, k = base, 2
    while candidate in taken:
        candidate, k = f"{base}-{k}", k + 1
    return candidate


def _title(entities: Sequence[str], terms: Sequence[tuple[str, str, float]]) -> str:
    """Fallback title: two distinctive terms joined ("Ship money and property rights"), else the group's name."""
    shown: set[str] = set()
    picked: list[str] = []
    for _, surface, _ in terms:
        words = set(surface.lower().replace("-", " ").split())
        if words - shown and not words & shown and len(picked) < 2:  # "Agadir and agadir crisis" says one thing
            picked.append(surface)
            shown |= words
    if picked:
        text = " and ".join(picked)
        return text[0].upper() + text[1:]
    return entities[0] if entities else "Point"


def without_label(text: str) -> str:
    """A bullet's text without the heading the reading step wrote in front of it ("Money: Ship money was ...")."""
    m = LABEL.match(text.strip())
    return m.group("body") if m and label_of(text) else text.strip()
_WEAK_SUBJECTS = frozenset("it this that these those they he she there which who one some others".split())
_REPORTING = frozenset("argue claim stress emphasise emphasize believe suggest say think show insist point note "
                       "contend maintain conclude agree".split())
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_OBJECT_DEPS = ("dobj", "attr", "acomp", "oprd", "xcomp", "ccomp", "dative")


def _phrase(tok, limit: int) -> list:
    """A token's subtree when short, else the token with its nearest left modifiers (the head of the phrase); an
    adjective or verb head keeps the verb it governs and that verb's object ("able to raise armies")."""
    sub = list(tok.subtree)
    if len(sub) <= limit:
        return sub
    head = [t for t in sub if t.i <= tok.i][-limit:]
    xcomp = next((c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i), None)
    if tok.pos_ in ("ADJ", "VERB", "AUX") and xcomp is not None:
        head += [c for c in xcomp.children if c.dep_ == "aux" and c.i < xcomp.i] + [xcomp]
        obj = next((c for c in xcomp.children if c.dep_ in ("dobj", "attr") and c.i > xcomp.i), None)
        if obj is not None:
            head += [t for t in obj.subtree if t.i <= obj.i][-3:]
    return head


def _join(tokens: Sequence) -> str:
    out = ""
    for k, tok in enumerate(tokens):
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        out += tok.text + (tok.whitespace_ if nxt is not None and nxt.i == tok.i + 1 else " ")
    return out.strip(" ,;:-")


# The essay and its writer: when one is the subject of a sentence's main verb, the sentence advises on writing the
# essay ("a good essay weighs the factors", "you should be ready to ..."), it argues nothing about the past.
# Genre words, the same for every topic; only sentences containing one are parsed.
_ADVICE_SUBJECTS = frozenset("essay essays you candidate candidates examiner examiners".split())


def advises(text: str, lead_in: str = "") -> bool:
    """The sentence speaks to the reader, not about the past: its main verb (or a verb joined to it) has the essay,
    its writer or "you" as its subject ("the answer to the crisis was ..." is about the past, so "answer" is not
    one of them), or it is an instruction (instructs; `lead_in` is the line ending in a colon that heads the list
    the sentence is an item of, segment.lead_in)."""
    return instructs(text, lead_in) or _essay_subject(text)


# Words a sentence opens with that cannot be an imperative verb (the sentence is not parsed for one). Not spaCy's
# stop words: those hold verbs ("give", "make", "put", "take", "show", "see", "call") that open instructions.
_OPENERS = frozenset("the a an this that these those it its he she they we i his her their our my there here in on "
                     "at by for from with as after before when while although though however but and or so yet if "
                     "because since during of to into under over between among despite both each every all some "
                     "many most no not one two three".split())


# A label in front of a list of items ("How to revise this topic: ..."): up to this many words before the colon.
_LIST_LABEL = re.compile(r"^[^:.;?!]{1,80}?:\s+(?=\S)")


def instructs(text: str, lead_in: str = "") -> bool:
    """An instruction (the imperative mood): the clause, after any label, opens with a verb in its base form that
    has no subject ("Use the loans to show ...", "Purge your officers, only trust yourself"), as study advice and
    how-to lists do. A claim about the past has a subject, or a past-tense verb in a note ("Signed the treaty in
    1922"); and an item completing its lead-in ("The pact would: / Delay war ...", the lead-in ending in a
    function word) is the lead-in's claim, not an order. Sentences opening with a determiner, pronoun,
    preposition or conjunction are not parsed."""
    from marker.nlp import STOP_WORDS

    label, body = _list_item(text)
    lead = (label or lead_in).rstrip(" :\n").split()
    if lead and lead[-1].lower() in STOP_WORDS:
        return False
    first = re.match(r"[A-Za-z]+", body)
    if first is None:
        return False
    if first.group(0).lower() in _OPENERS:
        return _instructs_after_adverbial(body)
    doc = parse(body)
    verb = doc[0]
    # two base-form verbs joined opening the sentence ("Research and write down which ...") are an order even when
    # the parser hangs them off the clause after them (issue15-r9, d8fa463)
    paired = verb.dep_ in ("dep", "nsubj") and any(c.dep_ == "conj" and c.tag_ == "VB" for c in verb.children)
    if verb.tag_ != "VB" or verb.dep_ not in ("ROOT", "advcl", "conj") and not paired:
        return _instructs_after_adverbial(body)
    return not any(c.dep_ in (*_SUBJECT_DEPS, "expl", "aux", "auxpass")
                   for v in ((verb,) if paired else (verb, verb.head)) for c in v.children)


# What may stand before an imperative main verb: adverbials of time, place, manner or purpose ("In your notes,",
# "As you read,", "Finally,", "Using the video as an introduction,").
_ADVERBIAL_DEPS = ("prep", "advcl", "advmod", "npadvmod", "punct", "intj")


def _instructs_after_adverbial(body: str) -> bool:
    """An instruction opened by an adverbial ("In your notes, identify who ...", "As you read, take notes ..."): the
    main verb, read from the parse, is in its base form (or a present tense, which without a subject is one) with
    no subject, auxiliary or modal, and every word before
    it belongs to an adverbial of that verb. A claim about the past has a subject or a tensed verb ("In 1908,
    annexed Bosnia" in a note is past tense). Parsed only when a comma is followed by a word that may be that verb
    (not a determiner, pronoun, preposition or conjunction: "In 1637, the king ..." is not parsed)."""
    if not any(w.lower() not in _OPENERS for w in re.findall(r",\s+([a-z]+)\b", body)):
        return False
    doc = parse(body)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.tag_ not in ("VB", "VBP") or root.i == 0:  # "list" may be read as a present tense
        return False
    if any(c.dep_ in (*_SUBJECT_DEPS, "expl", "aux", "auxpass", "csubj") for c in root.children):
        return False
    before = [c for c in root.children if c.i < root.i]
    return all(c.dep_ in _ADVERBIAL_DEPS for c in before) and sum(len(list(c.subtree)) for c in before) == root.i


def _list_item(text: str) -> tuple[str, str]:
    """(label, item) of a sentence the reading step wrote as "Label: item" (a label of up to 12 words), else ("",
    the sentence): a label heads the list, the item is what the sentence says."""
    m = _LIST_LABEL.match(text.strip())
    if m is None or len(m.group(0).split()) > 12:
        return "", text.strip()
    return m.group(0), text.strip()[m.end():]


def _essay_subject(text: str) -> bool:
    """The essay, its writer or "you" is the subject of the item's main verb (a label saying what "an examiner looks
    for" heads a list of arguments, it does not make its items advice)."""
    body = _list_item(text)[1]
    if not _ADVICE_SUBJECTS & set(re.findall(r"[a-z]+", body.lower())):
        return False
    doc = parse(body)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return False
    verbs = [root, *(c for c in root.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))]
    return any(c.dep_ in _SUBJECT_DEPS and c.lower_ in _ADVICE_SUBJECTS for v in verbs for c in v.children)


def clause_title(text: str, max_words: int = 12) -> str | None:
    """The argument a sentence makes, read from its dependency parse: subject, verb and object (or the verb's
    first prepositional phrase), each cut to its head when long: "Ship money angered the landed gentry".
    None when the sentence has no verb with a content subject."""
    doc = parse(without_label(text))
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is not None and lemma_of_verb(root) in _REPORTING:  # "Historians argue that X caused Y": the claim is X caused Y
        root = next((c for c in root.children if c.dep_ == "ccomp"), root)
    subj = None
    if root is not None and root.pos_ in ("NOUN", "PROPN"):  # a note's "Russia's decision ... - led to war": the
        verb = next((c for c in root.children if c.dep_ in ("acl", "relcl") and c.tag_ in ("VBD", "VBN", "VBZ", "VBP")
                     and any(t.text in ("-", "–", "—") for t in doc[root.i:c.i])), None)  # dash parts subject, verb
        if verb is not None:
            subj, root = root, verb
    if root is None or root.pos_ not in ("VERB", "AUX"):
        return None
    return _clause(root, subj or next((c for c in root.children if c.dep_ in _SUBJECT_DEPS), None), max_words)


def _clause(root, subj, max_words: int, *, own: bool = False) -> str | None:
    """Subject, verb and object (or the verb's first prepositional phrase) of one verb, each cut to its head when
    long; None when the subject is missing or points back. With `own` (a title read from any clause), a noun
    subject whose determiner points back ("This movement ... is called urbanisation") is read without that
    determiner, and a subject the parser split ("Farmers, merchants, andlabourers joined": two subjects) is read
    whole."""
    if subj is None or subj.lower_ in _WEAK_SUBJECTS or subj.pos_ == "PRON":
        return None  # "It was ...", "These troops were ...": the argument is in another sentence
    pointing = [c for c in subj.children if c.dep_ == "det" and c.lower_ in _WEAK_SUBJECTS]
    if pointing and not own:
        return None
    tokens = [t for t in _phrase(subj, 6) if t not in pointing]
    if own:
        tokens += [t for c in root.children if c.dep_ == subj.dep_ and c != subj for t in _phrase(c, 6)]
    tokens += [c for c in root.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < root.i] + [root]
    tokens += [c for c in root.children if c.dep_ == "prt"]
    obj = next((c for c in root.children if c.dep_ in _OBJECT_DEPS and c.i > root.i), None)
    if obj is not None and (obj.pos_ == "PRON" or obj.lower_ in _WEAK_SUBJECTS):
        return None
    if obj is not None:
        tokens += _phrase(obj, 6)
    else:
        prep = next((c for c in root.children if c.dep_ in ("prep", "agent") and c.i > root.i), None)
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if pobj is not None:
            tokens += [prep, *_phrase(pobj, 5)]
    tokens = sorted(set(tokens), key=lambda t: t.i)
    if len(tokens) < 3 or len(tokens) > max_words:
        return None
    title = _balanced(_join(tokens))
    return title[0].upper() + title[1:] if title else None


_SUBORDINATE = frozenset("where when how why whenever wherever".split())


def _asserted(verb) -> bool:
    """The verb heads a clause the sentence asserts: the main clause, one joined to it or a reported claim, not a
    clause under a subordinator ("as countries are industrialised", "the belief that a people should ..."), a
    relative clause ("where this manoeuvre was taking place") or a participle or infinitive."""
    head = verb
    while head.dep_ == "conj":
        head = head.head
    if head.dep_ not in ("ROOT", "ccomp", "parataxis", "dep"):
        return False
    return not any(c.dep_ == "mark" or (c.dep_ == "advmod" and c.lower_ in _SUBORDINATE) for c in head.children)


def own_clause_title(text: str, max_words: int = 12) -> str | None:
    """A title read from any clause the sentence asserts, not only its main one, for a point with no distinctive
    terms to be titled by (its title had been "Point"): a note that runs bullets into one line ("is a ... ·  the
    northern towns were centres of ..."), a definition "This movement ... is called urbanisation". The first clause
    with a noun subject and an object; words run together stay as written."""
    for piece in _BULLETS.split(without_label(text)):
        for verb in (parse(piece) if len(piece.split()) >= 3 else ()):
            if verb.pos_ in ("VERB", "AUX") and _asserted(verb) and _completed(verb):
                title = _clause(verb, next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None), max_words,
                                own=True)
                if title is not None:
                    return title
    return None


# Bullets a page's copy ran into one line ("... if it is needed  ·   the northern towns ..."): each is read alone.
_BULLETS = re.compile(r"\s*[·•▪◦]\s*|\s{3,}")


def _completed(verb) -> bool:
    """The verb has an object or a prepositional phrase with its object: "The war would come" says nothing yet."""
    return any(c.dep_ in _OBJECT_DEPS or (c.dep_ in ("prep", "agent") and any(g.dep_ == "pobj" for g in c.children))
               for c in verb.children if c.i > verb.i)


def _balanced(title: str) -> str:
    """A title cut from a longer sentence without a bracket it opened ("suspicious of Germany (Imperialism" ->
    "suspicious of Germany") or a quotation mark whose partner was cut ('Weltpolitik" The demand changed')."""
    if title.count("(") > title.count(")"):
        title = title[: title.rfind("(")]
    if title.count('"') % 2 or title.count("“") != title.count("”"):
        title = re.sub(r'["“”]', "", title)
    return " ".join(title.split()).strip(" ,;:-")


TITLE_PASSAGES = 5  # a title is read from the clauses of a group's most central passages


def _argument_title(passages: Sequence[Passage], terms: Sequence[tuple[str, str, float]]) -> str | None:
    """The clause of the first central passage that names one of the group's distinctive terms (so the title says
    what this group argues, not what any sentence says), else the clause of one of the two most central passages;
    None when neither has a clause (the terms make the title)."""
    distinctive = [surface.lower() for _, surface, _ in terms[:5]]
    parses([without_label(p.text) for p in passages[:TITLE_PASSAGES]])  # in one batch
    clauses = [c for c in map(clause_title, [p.text for p in passages[:TITLE_PASSAGES]]) if c]
    # else the clause of the most central passages: a title should read as an argument, not as two key words
    return next((c for c in clauses if any(term in c.lower() for term in distinctive)), None) or next(
        (c for c in clauses[:2]), None)


def _explained_title(text: str, term: str, max_words: int = 16) -> str | None:
    """A sentence explaining the term the notes put over it, its main subject pointing back to the term ("N
    Nationalism. This is where a country believes ..."): titled by the term and the sentence ("Nationalism: a
    country believes ..."); None without a term, a subject pointing back, or when long."""
    body = without_label(text).rstrip(" .!")
    if not term or len(body.split()) > max_words:
        return None
    root = next((t for t in parse(without_label(text)) if t.dep_ == "ROOT"), None)
    subj = next((c for c in root.children if c.dep_ in _SUBJECT_DEPS), None) if root is not None else None
    if subj is None or not (subj.lower_ in _WEAK_SUBJECTS or subj.pos_ == "PRON"):
        return None
    body = _POINTING_OPENING.sub("", body)  # "This is where a country believes" -> "a country believes"
    return f"{term}: {body if body.startswith('I ') else body[0].lower() + body[1:]}"


_POINTING_OPENING = re.compile(r"^(?:this|that|it)\s+(?:is|was)\s+(?:where|when)\s+(?=\w)", re.IGNORECASE)


# Words that make a subject point back to another sentence ("Its population", "the weight of this new evidence").
_POINTING = frozenset("this that these those its their his her".split())


def leans_on_another(text: str, over: str = "") -> bool:
    """Alone, the sentence names no actor of its own: its main subject is a pronoun ("He ordered the driver ...",
    "Nobody could be sure ...") or a phrase pointing back ("Its population was ...", "The weight of this new
    evidence led many ..."), so what it argues is in a sentence it does not carry. Not when it explains the term the
    notes put over it (that term titles it: _explained_title)."""
    if _explained_title(text, over):
        return False
    root = next((t for t in parse(without_label(text)) if t.dep_ == "ROOT"), None)
    subj = next((c for c in root.children if c.dep_ in _SUBJECT_DEPS), None) if root is not None else None
    if subj is None:
        return False
    return subj.pos_ == "PRON" or subj.lower_ in _WEAK_SUBJECTS or any(
        t.dep_ in ("det", "poss") and t.lower_ in _POINTING for t in subj.subtree)


def describe_point(passages: Sequence[Passage], idf: dict[str, float], corpus_names: Counter | None = None,
                   taken_ids: Iterable[str] = (), over: Sequence[str] = ()) -> tuple[str, str, tuple[str, ...],
                                                                                    tuple[str, ...]]:
    """(id, title, key terms, entities) for a set of passages: used when building, merging and splitting. `over`:
    the term the notes put over each passage (segment.py's `_Sentence.over`), when known."""
    from marker.nlp import STOP_WORDS, get_pipeline

    group = []
    for p in passages:
        tokens = [t for t in get_pipeline()(p.text) if not (t.is_punct or t.is_space)]
        group.append(_Sentence(p, tuple((t.lemma_ or t.lower_).lower() for t in tokens), tuple(t.lower_ for t in tokens),
                               tuple(t.lower_ in STOP_WORDS or not any(c.isalpha() for c in t.text) for t in tokens),
                               _names_in(p.text)))
    names = corpus_names if corpus_names is not None else Counter(n for s in group for n in set(s.names))
    for s in group:
        for n in set(s.names):
            names.setdefault(n, 1)
    terms = _ranked_terms(group, idf)
    entities = _group_entities(group, names)
    title = _argument_title(passages, terms)
    if title is None and not terms:  # no distinctive words to show ("Point"): a clause from any of its sentences
        title = next((c for c in (own_clause_title(p.text) for p in passages[:TITLE_PASSAGES]) if c), None)
    if title is None:  # no clause of its own: an explanation titled by the term the notes put over it
        title = next((c for c in (_explained_title(p.text, t) for p, t in zip(passages[:TITLE_PASSAGES], over)) if c),
                     None)
    title = title or _title(entities, terms)
    key_terms: list[str] = []
    for _, surface, _ in terms:
        if surface not in key_terms and len(key_terms) < BUILD_DEFAULTS["key_terms"]:
            key_terms.append(surface)
    return slug(" ".join(title.split()[:6]), taken_ids), title, tuple(key_terms), tuple(entities)


