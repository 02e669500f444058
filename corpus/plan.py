"""Draw the blind corpus's writing plan: one row per essay, with length independent of level.

Each writer helper gets only its rows (topic, question, persona, length, style, target level, which grammatical
shapes to plant errors in, which true look-alikes to include), never the rubric, the code or other essays.
Deterministic: `python corpus/plan.py` rewrites corpus/plan.csv identically.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

TOPICS = {
    "soviet": {
        "topic": "Soviet foreign policy 1924-41",
        "questions": {
            "aims": "Assess the aims of Soviet foreign policy in the period 1924-41.",
            "security-ideology": "'Security, not ideology, drove Soviet foreign policy in the years 1924-41.' "
                                 "Assess the validity of this view.",
            "collective-security": "To what extent was the failure of collective security the main reason for "
                                   "the Nazi-Soviet Pact of 1939?",
            "success": "How successful was Soviet foreign policy in the years 1933-41?",
            "pact": "Why did Stalin sign the Nazi-Soviet Pact in August 1939?",
        },
        "per_cell": 6,  # essays per (question, level): 5 x 5 x 6 = 150
    },
    "weimar": {
        "topic": "The Weimar Republic 1918-33",
        "questions": {
            "collapse": "To what extent was the Great Depression the main reason for the collapse of the Weimar "
                        "Republic by 1933?",
            "golden-age": "'The years 1924-29 were a golden age for the Weimar Republic.' Assess the validity of "
                          "this view.",
            "survival": "Why did the Weimar Republic survive the crises of 1919-23?",
        },
        "per_cell": 4,  # 3 x 5 x 4 = 60
    },
}

LENGTHS = [(150, 300), (300, 600), (600, 1000), (1000, 1500)]
STYLES = [
    "analytical", "narrative", "list-and-signpost", "informal", "weak-spelling-grammar", "eal",
    "paraphrase-no-keywords", "present-tense", "unfinished", "opening-only",
]
ERROR_SHAPES = [
    "date-before-event", "both-signatories", "relative-clause", "apposition", "present-tense", "list",
    "then-later", "negation-no-apostrophe", "plain",
]
LOOKALIKES = ["other-phase-date", "out-of-order-list", "person-in-passing"]
PERSONAS = [
    "a Year 13 student at a large comprehensive, predicted grade {g}, who revises from class notes",
    "a Year 12 student at a sixth-form college, predicted grade {g}, writing a timed practice essay",
    "a student who speaks English as an additional language (first language Polish), predicted grade {g}",
    "a student who speaks English as an additional language (first language Urdu), predicted grade {g}",
    "a confident student at a grammar school, predicted grade {g}, who likes historians' debates",
    "a student at a further-education college retaking the course, predicted grade {g}",
    "a private tutor writing an example answer pitched at grade {g} for a pupil",
    "a dyslexic student who types quickly and does not proofread, predicted grade {g}",
    "a student who learned the topic from videos and revision websites, predicted grade {g}",
    "a student at an independent school, predicted grade {g}, who writes long paragraphs",
]
GRADES = {1: "E", 2: "D", 3: "C", 4: "B", 5: "A*"}
# A second draw, after the first readings gave level 1 to only 6 of 150 Soviet essays (the readers placed most
# essays written for level 1 in level 2): more essays written for the lowest level, so every level has support.
TOPUP = {"soviet": 12, "weimar": 6}
TOPUP_GRADE = "U or E (an answer that barely engages with the question)"
# The third topic (issue 15): a separate draw with its own seed, so the rows above stay exactly as they were.
THIRD = {
    "wwi": {
        "topic": "The origins of the First World War 1890-1914",
        "questions": {
            "germany": "'Germany was primarily responsible for the outbreak of the First World War in 1914.' "
                       "Assess the validity of this view.",
            "alliances": "To what extent was the alliance system the main cause of the First World War?",
        },
        "per_cell": 3,  # 2 x 5 x 3 = 30
    },
}


def draw(seed: int = 12, topics: dict | None = None, topup: bool = True) -> list[dict]:
    rng = random.Random(seed)
    rows: list[dict] = []
    for topic, spec in (TOPICS if topics is None else topics).items():
        cells = [(q, lv) for q in spec["questions"] for lv in range(1, 6)]
        n = len(cells) * spec["per_cell"]
        # Styles and lengths are dealt from shuffled decks independently of the level, so neither predicts it.
        styles = (STYLES * (n // len(STYLES) + 1))[:n]
        rng.shuffle(styles)
        lengths = (LENGTHS * (n // len(LENGTHS) + 1))[:n]
        rng.shuffle(lengths)
        shapes = ERROR_SHAPES * n
        k = 0
        for i, (q, lv) in enumerate(c for c in cells for _ in range(spec["per_cell"])):
            style = styles[i]
            lo, hi = lengths[i]
            if style == "opening-only":
                lo, hi = 120, 300
            planted = []
            if i % 2 == 0:  # about half the essays carry planted errors, 1-3 each
                for _ in range(rng.choice([1, 2, 2, 3])):
                    planted.append(shapes[k])
                    k += 1
            looks = rng.sample(LOOKALIKES, rng.choice([1, 2]))
            rows.append({
                "name": f"{topic[:2]}-{len([r for r in rows if r['topic'] == topic]) + 1:03d}",
                "topic": topic,
                "topic_title": spec["topic"],
                "question_id": q,
                "question": spec["questions"][q],
                "target_level": lv,
                "words": f"{lo}-{hi}",
                "style": style,
                "persona": rng.choice(PERSONAS).format(g=GRADES[lv]),
                "planted_error_shapes": ";".join(planted),
                "true_lookalikes": ";".join(looks),
            })
        # Names carry no information about level or style: shuffle the order within the topic, then renumber.
        mine = [r for r in rows if r["topic"] == topic]
        rng.shuffle(mine)
        for j, r in enumerate(mine, 1):
            r["name"] = f"{topic[:2]}-{j:03d}"
    if topup:
        rows += _topup(rng, rows)
    rows.sort(key=lambda r: r["name"])
    return rows


def _topup(rng: random.Random, rows: list[dict]) -> list[dict]:
    out = []
    for topic, n in TOPUP.items():
        spec = TOPICS[topic]
        first = sum(r["topic"] == topic for r in rows)
        questions = list(spec["questions"])
        styles = [s for s in STYLES if s != "analytical"]
        for j in range(n):
            q = questions[j % len(questions)]
            style = rng.choice(styles)
            lo, hi = (120, 300) if style == "opening-only" else rng.choice(LENGTHS)
            planted = [rng.choice(ERROR_SHAPES) for _ in range(rng.choice([1, 2]))] if j % 2 == 0 else []
            out.append({
                "name": f"{topic[:2]}-{first + j + 1:03d}", "topic": topic, "topic_title": spec["topic"],
                "question_id": q, "question": spec["questions"][q], "target_level": 1, "words": f"{lo}-{hi}",
                "style": style,
                "persona": rng.choice(PERSONAS).replace("predicted grade {g}", f"predicted grade {TOPUP_GRADE}")
                                               .format(g=TOPUP_GRADE),
                "planted_error_shapes": ";".join(planted),
                "true_lookalikes": ";".join(rng.sample(LOOKALIKES, rng.choice([1, 2]))),
            })
    return out


if __name__ == "__main__":
    out = Path(__file__).with_name("plan.csv")
    rows = draw() + draw(seed=1914, topics=THIRD, topup=False)
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    print(f"{out}: {len(rows)} essays")
