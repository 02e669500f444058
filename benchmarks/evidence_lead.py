"""Whether the lead evidence shown for a point is about that point, on the training essays only.

    python benchmarks/evidence_lead.py

Training essays: the development essays and the blind corpus's training split of both topics (never the locked
test). No annotation marks evidence spans, so this counts, over every covered or partial factor shown with
evidence, how often its lead (first) evidence sentence is weak evidence for it: it names the point only inside a
list, a time/scene adjunct or a string of reasons (SentenceSignals.peripheral), or it belongs only to another point
(another point its best match, and this one not named in its core). Also the same over gold-covered factors only,
and a fingerprint of every status, so a change to which spans are shown can be checked to leave statuses alone.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from marker.dataset import load_annotated
from marker.match import match_points
from marker.models_io import load_models
from marker.nlp import analyse
from marker.rubric import load_rubric
from marker.signals import sentence_signals

ROOT = Path(__file__).resolve().parents[1]
TOPICS = {"soviet": ("soviet-foreign-policy-1924-41", ROOT / "sample_essays"),
          "weimar": ("weimar-republic-1918-33", ROOT / "sample_essays_weimar")}


def lead_kind(sig, essay, p: int, start: int) -> str:
    """How the sentence starting at `start` stands to point p: about it, peripheral, or another point's."""
    k = next(i for i, s in enumerate(essay.sentences) if s.start <= start < s.end)
    named_core = p in sig.hits[k] and not sig.peripheral(k, p)
    if int(sig.sims[k].argmax()) != p and not named_core:
        return "another point's"
    return "peripheral" if sig.peripheral(k, p) else "about it"


def main() -> None:
    statuses = hashlib.sha256()
    for topic, (rubric_id, dev) in TOPICS.items():
        rubric = load_rubric(rubric_id)
        models = load_models(rubric)
        items = load_annotated(dev) + load_annotated(ROOT / "corpus" / topic / "train")
        counts = {"all": {}, "gold": {}}
        for item in items:
            essay = analyse(item.text)
            sig = sentence_signals(essay, rubric)
            coverage = match_points(essay, rubric, sig, models.match)
            for p, pm in enumerate(coverage.points):
                statuses.update(f"{item.name}:{pm.id}:{pm.status};".encode())
                if pm.kind != "factor" or not pm.evidence:
                    continue
                kind = lead_kind(sig, essay, p, pm.evidence[0].start)
                counts["all"][kind] = counts["all"].get(kind, 0) + 1
                if pm.id in item.gold.points:
                    counts["gold"][kind] = counts["gold"].get(kind, 0) + 1
        print(f"## {topic}: {len(items)} training essays")
        for scope, c in counts.items():
            n = sum(c.values())
            parts = ", ".join(f"{k} {v} ({v / n:.1%})" for k, v in sorted(c.items()))
            print(f"   {scope} ({n} factors with evidence): {parts}")
    print(f"status fingerprint: {statuses.hexdigest()[:16]}")


if __name__ == "__main__":
    main()
