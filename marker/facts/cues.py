"""English cue words the checker reads: negation, hedges, conditions, clause breaks, signing, fighting,
attending, supporting, sequence. Never topic words (those live in the rubric)."""

from __future__ import annotations

import re
from marker.facts.tokens import _cue_index

# ---------------------------------------------------------------------------------------------------------------
# English cue words (not topic knowledge).

# Contractions students write without the apostrophe ("didnt", "wouldnt", "wasnt").
_BARE_NT = r"(?:did|does|do|was|were|would|could|should|had|has|have|is|are|must|need|wo|ca)nt"
_NEGATION = re.compile(
    rf"\b(?:{_BARE_NT}|no\s+longer|not|never|no|nor|neither|without|n't|cannot|excluded|exclusion|left\s+out|shut\s+out|ignored|absence|"
    r"absent|instead\s+of|rather\s+than|uninvited|snubbed|failed\s+to\s+invite)\b|n['’]t\b",
    re.IGNORECASE,
)
_ENDING = re.compile(r"\b(?:broke|broken|breaking|ended|ending|end|collapsed|lasted|failed|tore\s+up|torn\s+up|"
                     r"violated|abandoned|cancelled|renounced|over|expired|finished|until|till)\b", re.IGNORECASE)
_REFUSAL = re.compile(r"\b(?:refus\w*|declin\w*|reject\w*|unwilling|reluctant\w*|forb[ia]d\w*|opposed|resist\w*)\b",
                      re.IGNORECASE)
# "no" as a determiner denies its noun's event too ("Britain gave no guarantee to Poland in 1938" is true)
_DATE_NEGATION = re.compile(rf"\b(?:{_BARE_NT}|no\s+longer|no|not|never|n't|neither|nor)\b|n['’]t\b", re.IGNORECASE)
_NOT_UNTIL = re.compile(r"\b(?:not|n['’]t)\b[^.;:]{0,40}?\buntil\b|\bonly\s+(?:in|on)\b", re.IGNORECASE)
_CONDITIONAL = re.compile(
    r"\b(?:if|unless|would\s+have|could\s+have|should\s+have|might|(?-i:may)(?!\s+\d)|wanted\s+to|hoped\s+to|planned\s+to|"
    r"tried\s+to|wished\s+to|aimed\s+to|intended\s+to|threatened\s+to|promised\s+to|"
    r"whether|supposed\s+to|was\s+going\s+to|were\s+going\s+to)\b",
    re.IGNORECASE,
)
_EXTRA_HEDGE = re.compile(
    r"\b(?:some\s+historians|historians\s+(?:such\s+as|like)|according\s+to|it\s+is\s+claimed|claimed\s+that|"
    r"claim\s+that|argue\s+that|argued\s+that|supposedly|reportedly|apparently|believed\s+that|it\s+is\s+thought|"
    r"is\s+believed|i\s+believe|i\s+think|not\s+sure|unsure|i\s+guess|roughly|approximately|circa|around\s+(?:the\s+)?"
    r"(?:19|'|\d)|about\s+(?:19|'|\d)|or\s+so|something\s+like|sometime|some\s+time|can't\s+remember|cannot\s+remember)\b",
    re.IGNORECASE,
)
_TEMPORAL_QUALIFIER = re.compile(
    r"\b(?:yet|until|till|before|after|still|at\s+first|initially|by\s+then|any\s*more|again|when|while|once|"
    r"no\s+longer|originally|first)\b",
    re.IGNORECASE,
)
# Clause boundaries: hard ones split always; commas are weak (a date-only phrase joins its neighbour).
# Every run of spaces is entered only at its start ((?<!\s)) and taken whole (possessive \s++), so a "sentence" of
# 10,000 spaces costs linear time, not quadratic.
_HARD_BREAK = re.compile(
    r"(?<!\s)\s*+[;:]\s++|(?<!\s)\s++[—–-]\s++|(?<!\s)\s*+—\s*+|"
    r",?(?<!\s)\s++(?=(?:which|who|whereas|while|whilst|but|because|although|though|so\s+that|when|where|"
    r"as\s+a\s+result|meaning|leading|despite|even\s+though|and\s+then|then|however|yet|thus|"
    r"therefore|hence|whom|whose)\b)|"
    r",?(?<!\s)\s++(?=(?:after|before)\b(?!\s++(?:the\s+)?(?:year\s+)?(?:\d|['’]|early|late|mid|jan|feb|mar|apr|may|"
    r"jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|winter)))|"
    r",\s++(?=(?:and|so|as|not|this|it|he|she|they)\b)|"
    r"(?<!\s)\s++(?=so\s++(?:(?-i:[A-Z])|(?:the|he|she|it|they|his|their)\b))|"  # "... so Britain sent", no comma
    r"(?<!\s)\s*+\((?=\s*+(?:though|although|but|which|when|while|and|as|after|before|even|not|this|it|he|they|so)\b)",
    re.IGNORECASE,
)
_COMMA = re.compile(r",\s*")
_PARTICIPLE_OPENER = re.compile(r"^(?:\w+ed|made|held|fought|won|led|begun|signed|agreed|having\s+been|being)\b",
                                re.IGNORECASE)
_RELATIVE_OPENER = re.compile(r"^(?:which|who|whom|whose|where)\b", re.IGNORECASE)

_ROLE_BEFORE_VERB = re.compile(r"^(?:signed|negotiated|concluded|agreed|sign|signing|gave|delivered|made)$", re.IGNORECASE)
_PARTICLES = frozenset({"up", "in", "way", "out", "off", "away", "back", "over"})
_ROLE_BY = ("signed", "negotiated", "concluded", "agreed", "commanded", "led", "organised", "organized", "won")
_OPPOSE = ("against", "beat", "beaten", "defeated", "fought", "fighting", "war with", "war on", "war against",
           "victory over", "clash with", "clashes with", "clashed with", "battle with", "battles with",
           "fight", "fight against", "attacked", "invaded", "defeat of", "defeating", "beating", "conflict with")
_AFTER_CUES = ("after", "following", "in response to", "a response to", "in reaction to", "a reaction to",
               "in retaliation for", "in the wake of", "as a result of", "in answer to", "response to",
               "reaction to")
_BEFORE_CUES = ("before", "prior to", "ahead of", "preceded", "came before", "led to", "leading to",
                "responded by", "reacted by", "responded with", "reacted with", "was followed by", "followed by")
_SEQUENCE_SKIP = re.compile(r"\b(?:after|before)\s+(?:which|that|this|it|then|the\s+war)\b|\bbefore\s+long\b|"
                            r"\b(?:long|soon|shortly|just|years|months|weeks|days)\s+(?:after|before)\b", re.IGNORECASE)
_ANAPHOR = re.compile(r"^(?:it|this|that|these|they|the\s+(?:pact|treaty|agreement|deal|alliance|invasion|attack|"
                      r"war|battle|conference|speech|annexation|occupation|guarantee|mission|talks))\b", re.IGNORECASE)
# A later clause of the sentence that opens with a coordinator or "because" and then refers back ("..., and it was
# adopted in 1926", "because the pact was signed ...").
_CLAUSE_ANAPHOR = re.compile(r"^(?:and|but|because|as|so|yet)\s+(?:then\s+)?(?=" + _ANAPHOR.pattern[1:] + ")",
                             re.IGNORECASE)
# English nouns for a person (lemmas): one of them before "he" may be who "he" means, so a pronoun is not read
# (marker.facts.pronouns).
PERSON_NOUNS = frozenset({"man", "woman", "person", "leader", "chancellor", "president", "minister", "general",
                          "king", "queen", "emperor", "dictator", "politician", "diplomat", "commander", "marshal",
                          "ambassador", "secretary", "premier", "commissar", "officer", "soldier", "worker", "student",
                          "historian", "father", "son", "successor", "predecessor", "rival", "ally", "friend",
                          "enemy", "opponent", "deputy", "head", "chief", "statesman", "negotiator", "envoy", "writer",
                          "candidate", "member", "supporter", "founder", "journalist", "judge", "admiral", "colonel",
                          "captain", "governor", "mayor", "tsar", "kaiser", "führer", "fuhrer", "pope", "prince",
                          "lord", "boss", "revolutionary", "communist", "nationalist", "socialist", "nazi"})
# Verbs (lemmas) that tell an event named as their subject took place, whatever its kind ("the fire happened").
HAPPEN_VERBS = frozenset({"happen", "occur"})
# Verbs (lemmas) whose object, an event named by its own name, is the event made or carried out ("signed the Locarno
# Treaties", "fought the war", "held the election", "the Axis, which Mussolini named"): the predicate tells that
# event, not something done to it later (not "broke", "replaced", "ratified", "criticised"). ACTIVE_ONLY: "Hitler
# tried the putsch" is its attempt, but "the putsch, which was tried in 1924" may be its trial in court.
DOING_VERBS = frozenset({"sign", "agree", "conclude", "negotiate", "try", "attempt", "launch", "stage", "fight", "hold",
                         "form", "found", "create", "establish", "introduce", "name", "proclaim"})
ACTIVE_ONLY_DOING_VERBS = frozenset({"try"})
# An agreement named by what kind it is, not by a name of its own: "a Non-Aggression Pact", "the Treaty of Mutual
# Assistance", "a Commercial Agreement" (the words before or after the noun are read against the facts' names).
_KIND_OF_AGREEMENT = re.compile(r"\b(?:a|an|the)\s+((?:(?!(?:a|an|the)\b)[\w-]+\s+){0,3}?)(pact|treaty|agreement)\b"
                                r"((?:\s+of(?:\s+[\w-]+){1,3})?)", re.IGNORECASE)
_GENERIC_EVENT = re.compile(r"\bthe\s+(pact|treaty|agreement|deal|alliance|conference)\b", re.IGNORECASE)
_AGREEMENT_NOUN = re.compile(r"^(?:pact|treaty|agreement|deal|alliance|accord)s?$")



_OPPOSE_I = _cue_index(_OPPOSE)
_AFTER_I, _BEFORE_I = _cue_index(_AFTER_CUES), _cue_index(_BEFORE_CUES)
_SIGN_I = _cue_index(("signed", "agreed", "concluded", "joined", "made", "negotiated", "signed up to",
                      "sign", "signs", "agree", "agrees", "conclude", "concludes", "join", "joins", "make", "makes",
                      "negotiate", "negotiates"))

_SECOND_PREDICATE = re.compile(
    r"\b(?:and|as\s+well\s+as|but|then|while|plus)\s+(?:\w+\s+){0,4}?(?:\w+ed|was|were|had|has|took|made|got|gave|"
    r"set|won|lost|became|began|went|sent|fought|built|saw|left|led|drew|held|bought|kept|met|put|ran|did|came|"
    r"\w+ing)\b",
    re.IGNORECASE,
)


_ROLE_NOUNS = _cue_index(("leader", "prime minister", "pm", "premier", "foreign minister", "minister", "president",
                          "dictator", "chancellor", "general", "commander", "foreign secretary", "commissar"))


_NEGATION_WORDS = frozenset({"not", "never", "didn", "couldn", "wasn", "weren", "no", "refused", "failed", "didnt",
                             "couldnt", "wasnt", "werent", "wouldnt"})
_STRONG_DENIAL = frozenset({"never", "cannot", "couldn", "could not", "couldnt", "cant"})
_WEAK_DENIAL = frozenset({"not", "didn", "wasn", "weren", "doesn", "don", "hadn", "didnt", "wasnt", "werent", "doesnt",
                          "dont", "hadnt"})

# English verbs that tell the same act as a frame's verb: "the army goes into X" for "marched into", "the X rose in
# Berlin" for "rose up" (marker.facts.index expands a frame's verbs with them, in every tense; the frame's agents and
# targets still bind them).
FRAME_VERB_SYNONYMS = {
    "marched into": ("went into", "rolled into", "poured into", "crossed into", "entered"),
    "moved into": ("went into", "rolled into", "poured into", "crossed into", "entered"),
    "rose up": ("rose",),
}

# Words the parse-based claims read (marker/facts/claims.py).
NEGATION_WORDS = frozenset({"not", "n't", "nt", "never", "no", "neither", "nor", "longer"})
# "not only", "not just": the word after "not" that makes it an addition, not a negation
NOT_ONLY = frozenset({"only", "just", "merely", "simply", "solely"})
# Verbs whose meaning holds a manner ("Hitler did not seize power": he was appointed), so their negation may deny the
# manner alone (denials._any_scope), by lemma
MANNER_VERBS = frozenset({"seize", "grab", "snatch", "usurp", "storm", "steal", "force", "trick", "rush", "sneak"})
# Object pronouns that stand for the object of the verb before "and" ("dismissed Brüning and replaced him", "left the
# League, and the USSR joined it": claims.object_referent)
OBJECT_PRONOUNS = frozenset({"him", "her", "it", "them"})
# A term in a post told by its end: "X's time as chancellor ended in 1929" (marker/facts/roles.py)
TERM_NOUNS = frozenset({"time", "term", "spell", "period", "tenure", "stint"})
TERM_END_VERBS = frozenset({"end", "finish", "stop", "close"})
TERM_LEAVE_VERBS = frozenset({"resign", "quit", "retire"})  # "X resigned as chancellor in 1933": the term's end
SUCCESSION_VERBS = frozenset({"replace", "succeed"})  # "X replaced Y (as T)": marker/facts/succession.py
SIGN_VERBS = frozenset({"sign", "negotiate", "conclude", "agree", "make"})
# Roles whose holders a fact base never lists in full: an agreement records its signatories and lead negotiators,
# but a negotiation passes through more hands (a minister who began the talks, an ambassador), so a person named as
# negotiating who is not among the recorded actors is no error.
OPEN_ROLES = frozenset({"negotiate", "negotiated", "negotiates", "negotiating"})
# An actor's role that says under whom others acted ("the Red Army was purged" under Stalin, by the NKVD's hands): a
# frame whose agent holds only this role does not say who did the act itself (marker/facts/doers.py).
UNDER_ROLES = frozenset({"leader"})
WIN_VERBS = frozenset({"win", "beat", "defeat", "crush", "rout"})
LOSE_VERBS = frozenset({"lose"})
# Verbs that tell a win with "back" and the loser as object ("drove the Red Army back", "pushed the Japanese back")
DRIVE_BACK_VERBS = frozenset({"drive", "push", "throw", "force", "beat", "hurl"})
# Bare nouns for the fighting itself, standing for the one event a conjoined clause names ("... and China won the
# conflict")
FIGHT_NOUNS = frozenset({"war", "conflict", "battle", "fighting", "struggle", "clash", "fight"})
# Verbs whose subjects took part in an event told as their object or place ("X, Y and Z signed / attended / met at /
# gave ... at Munich"), and words that mark a list as open rather than the complete set of parties.
PARTY_VERBS = SIGN_VERBS | frozenset({"attend", "meet", "give", "hand", "decide", "occupy", "invade", "form", "join"})
# Verbs of a vote, whose subjects took part in it when the event is the object of "against" or "for" ("X and Y voted
# against the Act"), and whose lists may name parties (groups) as well as countries.
VOTE_VERBS = frozenset({"vote"})
VOTE_PREPOSITIONS = frozenset({"against", "for"})
OPEN_LIST_WORDS = frozenset({"such", "including", "include", "like", "among", "amongst", "other", "others", "etc",
                             "example", "e.g.", "also", "too", "well", "even", "some", "many", "several"})
PHASE_VERBS = frozenset({"extend", "renew", "ratify", "break", "end", "collapse", "expire", "violate", "tear",
                         "denounce", "abandon", "cancel", "renounce", "prolong", "revise", "plan", "order", "approve",
                         "issue", "announce", "prepare", "finish",
                         # the height or the stretch of an event under way ("the Terror that peaked in 1937-38",
                         # "stretched reparations to 1988"), not its start
                         "peak", "intensify", "escalate", "culminate", "stretch",
                         # a sum or term settled within an agreement ("reparations determined in 1921"), not its signing
                         "determine", "fix", "set", "settle", "calculate", "assess", "reduce", "decide"})
# verbs that give a person a post named as their object ("made Litvinov foreign minister"): the term begins
APPOINT_VERBS = frozenset({"make", "appoint", "name"})
# verbs whose "as" phrase says what their object is or becomes ("replaced him as", "chose Papen as", "saw him as")
OBJECT_AS_VERBS = frozenset({"choose", "elect", "install", "nominate", "select", "dismiss", "sack", "remove", "oust",
                             "see", "regard", "treat", "describe", "recognise", "recognize", "accept", "keep"})
NON_FACTIVE = frozenset({"say", "claim", "argue", "believe", "think", "suggest", "accept", "want", "hope", "plan",
                         "refuse", "try", "expect", "fear", "demand", "insist", "propose", "offer",
                         "threaten", "promise", "intend", "wish", "ask", "urge", "allow", "let",
                         "permit", "consider", "doubt", "deny", "imagine", "suppose", "assume", "aim",
                         # a decision or order to act is not the act ("Hitler decided to invade in December 1940")
                         "decide", "order", "prepare", "resolve", "choose", "mean"})
# Adjectives whose complement is only scheduled, expected or wished ("was due to be evacuated in 1925", "was set to
# sign", "was willing to join"): the complement's event is not asserted.
UNREALISED_ADJECTIVES = frozenset({"due", "set", "scheduled", "supposed", "meant", "expected", "likely", "ready",
                                   "willing", "eager", "keen", "determined", "anxious", "reluctant", "unwilling",
                                   "unable", "about"})
# What a sentence calls a claim it disowns: "It is false that X", "It is a myth that X", "The idea that X is wrong".
DISOWNING = frozenset({"wrong", "false", "untrue", "incorrect", "mistaken", "myth", "misconception", "nonsense",
                       "inaccurate", "fiction", "legend"})
REPORTING_VERBS = frozenset({"say", "claim", "argue", "believe", "think", "suggest", "suppose", "allege", "assume",
                             "guess", "feel", "doubt", "wonder", "imagine"})
# Nouns that name an event itself, so "the signing of the Versailles treaty in May 1919" and "his victory at Khalkhin
# Gol" date and tell the event their "of"/"at"/"in" phrase names; never a later phase ("the end", "the ratification").
EVENT_NOUNS = frozenset({"signing", "signature", "invasion", "occupation", "seizure", "annexation", "victory", "battle",
                         "attack", "dismissal", "sacking", "murder", "assassination", "killing", "proclamation",
                         "founding", "formation", "creation", "introduction", "outbreak", "start", "beginning"})
EVENT_NOUN_PREPOSITIONS = frozenset({"of", "at", "in"})
# The verb an event noun is made from: "the occupation of the Ruhr by France" tells a frame "occupied the Ruhr", its
# agents after "by" (marker/facts/mentions.py)
NOMINAL_VERBS = {"occupation": "occupied", "seizure": "seized", "invasion": "invaded", "annexation": "annexed",
                 "conquest": "conquered", "dismissal": "dismissed", "sacking": "sacked", "murder": "murdered",
                 "assassination": "assassinated", "expulsion": "expelled"}
# the auxiliaries of a passive: "was invaded", and before a participle only, "is invaded", "gets assassinated" (never
# a non-finite "being attacked", "getting attacked": worried about, not told)
PASSIVE_AUX = frozenset({"was", "were", "been", "be", "is", "are", "gets", "got", "gotten"})
# nouns of a partitive that names people by its "of" ("by a bunch of communists", "by a group of nationalists")
PARTITIVE_NOUNS = frozenset({"bunch", "group", "gang", "band", "handful", "number", "couple", "pair", "squad", "team"})
# The past participles of irregular verbs whose simple past differs ("had taken Bessarabia" tells "took"): English.
IRREGULAR_PARTICIPLES = {"take": "taken", "give": "given", "go": "gone", "rise": "risen", "break": "broken",
                         "drive": "driven", "begin": "begun", "beat": "beaten", "draw": "drawn", "fly": "flown",
                         "fall": "fallen", "write": "written", "choose": "chosen", "throw": "thrown", "tear": "torn",
                         "speak": "spoken", "forbid": "forbidden", "steal": "stolen", "shake": "shaken",
                         "swear": "sworn", "grow": "grown", "know": "known", "see": "seen", "do": "done",
                         "overrun": "overrun", "overthrow": "overthrown", "undertake": "undertaken", "withdraw":
                             "withdrawn", "come": "come", "become": "become", "run": "run", "ride": "ridden"}
# The phases of an event whose stored date is its whole life ("The Spanish Civil War ended in April 1938": the date of
# the end, not a day within the war): verbs of its start and end, and the cue words by which a fact says its date runs
# from its start to its end (marker/facts/aspect.date_phase, checks/dates.py).
START_PHASE_VERBS = frozenset({"begin", "start", "commence"})
END_PHASE_VERBS = frozenset({"end", "finish", "conclude", "cease"})
START_PHASE_CUES = frozenset({"began", "begin", "started", "start", "broke out", "outbreak", "commenced"})
END_PHASE_CUES = frozenset({"ended", "end", "finished", "came to an end", "was over"})
# Verbs of a state, not an event: a figure they give at a date is no event's figure (marker/facts/quantities.py).
STATE_VERBS = frozenset({"have", "hold", "remain", "stay", "keep"})
TEMPORAL_PREPOSITIONS = frozenset({"after", "before", "following", "since", "until", "till", "during", "like", "unlike",
                                   "despite", "than"})
ROLE_TITLES = frozenset({"leader", "minister", "premier", "president", "chancellor", "commissar", "secretary",
                         "general", "marshal", "commander", "dictator", "head", "chief", "ambassador", "king",
                         "emperor", "chairman", "pm", "admiral"})

# A state at a time, not the event happening ("In 1937 the pact still held", "was in force", "remained"): abstain
# ("had already" is not one: "by 1932 Japan had already overrun Manchuria" dates a completed event).
_STATE = re.compile(r"\b(?:still|remained|remains|in\s+force|in\s+effect|continued\s+to)\b", re.IGNORECASE)
_COORDINATOR = re.compile(r"\b(?:and|but|then)\b", re.IGNORECASE)
_CONJUNCT = re.compile(_COORDINATOR.pattern + r"|[,;]", re.IGNORECASE)  # between two predicates of one subject
# Numbers as students write them (marker/facts/quantities.py), words that make a figure approximate, and units of time
# in days (a duration given in weeks is compared with one stored in days).
NUMBER_WORDS = {w: float(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())} | {w: float(10 * i) for i, w in enumerate(
        "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)} | {"a": 1.0, "half": 0.5}
SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
APPROXIMATE_WORDS = frozenset({"about", "around", "roughly", "approximately", "nearly", "almost", "over", "some",
                               "under", "circa", "c.", "more", "less", "than", "up", "least", "most"})
TIME_UNITS = {"day": 1.0, "week": 7.0, "fortnight": 14.0, "month": 30.4, "year": 365.25}
_CLAUSE_BREAK = re.compile(r",\s*(?:and|but|while|whereas|yet|so)\b|;")
_OWN_TIME_PREPOSITION = re.compile(r"\b(?:since|from|until|till|before|after|prior to)\s+(?:the\s+)?$",
                                   re.IGNORECASE)

# Cue words read in their misspellings too ("untill 1920"), with the verbs of the rubric's frames and date cues
# (marker/facts/spelled.py; the one rule for misspellings, marker.spelling).
SPELLED_CUES = frozenset({"until", "against", "between", "during", "signed", "invaded", "joined", "attacked"})
# Verbs of a frame that put its agent and target on opposite sides (marker/facts/enemies.py), by lemma and particle
HOSTILE_VERBS = frozenset({"attack", "massacre", "purge", "crush", "fight", "defeat", "betray", "turn on", "turn against",
                           "break with"})
# An agreement's actors by role (marker/facts/checks): those who signed or negotiated it, and those recorded beside
# its makers without making it (a leader who approved it, a host)
SIGNING_ROLES = frozenset({"signatory", "negotiator", "delegate", "signer"})
BESIDE_ROLES = frozenset({"leader", "host"})
# Signing told in other words ("Molotov and Ribbentrop put their names to the pact"): a date cue "signed" of a fact
# reads these too (marker/facts/index.py), in every tense of their first word
SIGNING_PARAPHRASES = ("put their names to", "put his name to", "put her name to", "put its name to",
                       "put their signatures to", "put his signature to", "put her signature to",
                       "put its signature to", "set their names to", "set his name to")
# Verbs whose subject, an agreement, joins its members, named as the object ("the pact tied together X, Y and Z",
# "united X and Y"): the object is the agreement's own list of members (marker/facts/lists.py)
MEMBER_VERBS = frozenset({"tie", "unite", "bind", "link", "join", "ally"})
# Nouns of a body or agreement whose "of"/"between" list is its members ("the Stresa Front of X, Y and Z", "the pact
# between X and Y"); a crisis, war or dispute "between X and Y" names its sides instead, so it is never read so
MEMBERSHIP_NOUNS = frozenset({"pact", "treaty", "agreement", "deal", "alliance", "accord", "front", "axis", "protocol",
                              "conference", "talks", "entente", "bloc", "convention"})
# Verbs of standing for election: "X did not stand / run in <election>" denies that X took part
# (marker/facts/denials.py)
CANDIDACY_VERBS = frozenset({"stand", "run"})
# Verbs that press an agreement on its other parties, named after "on" ("the pacts were forced on X, Y and Z")
IMPOSE_VERBS = frozenset({"force", "impose", "press"})
