"""Question detection on the training essays (never corpus/*/test): per folder, how often the detected question is
the annotated one, and every miss with its opening and how sure the report says it is.

    PYTHONPATH=. python benchmarks/question.py
"""

from __future__ import annotations

from pathlib import Path

from marker.dataset import load_annotated
from marker.mark import question_confidence
from marker.match import detect_question
from marker.signals import sentence_signals
from marker.nlp import analyse
from marker.rubric import load_rubric

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {"soviet-foreign-policy-1924-41": ("sample_essays", "corpus/soviet/train"),
           "weimar-republic-1918-33": ("sample_essays_weimar", "corpus/weimar/train")}


def main() -> None:
    for rubric_id, folders in FOLDERS.items():
        rubric = load_rubric(rubric_id)
        for folder in folders:
            items = [it for it in load_annotated(ROOT / folder) if it.gold.question_id]
            hits = 0
            for it in items:
                essay = analyse(it.text)
                sig = sentence_signals(essay, rubric)
                found = detect_question(sig, rubric)
                hits += found == it.gold.question_id
                if found != it.gold.question_id:
                    sure = question_confidence(sig, rubric, found)
                    print(f"  miss {it.name}: gold {it.gold.question_id}, detected {found} (confidence {sure:.0%}):"
                          f" {essay.sentences[0].text[:100] if essay.sentences else ''}")
            print(f"{rubric_id} {folder}: {hits}/{len(items)} = {hits / max(len(items), 1):.1%}")


if __name__ == "__main__":
    main()
