"""Which evidence carries point coverage? Cross-validated point F1/kappa with feature groups switched off,
and without reading "It gave Stalin time..." joined to the sentence before.

    python benchmarks/ablation.py [--essays sample_essays] [--rubric soviet-foreign-policy-1924-41]
"""

from __future__ import annotations

import argparse
import re

import marker.match as match
import marker.signals as signals
from marker.dataset import load_annotated
from marker.evaluate import point_metrics
from marker.fit import cross_validated_reports, prepare_all
from marker.rubric import load_rubric

GROUPS = {
    "semantic": {"sem_max", "sem_top2", "sem_margin", "sem_with_term", "support_sentences"},
    "lexical and entity": {"term_count", "term_sentences", "best_has_term", "sem_with_term"},
    "substance (causal language, dates, length)": {"evidence_causal", "evidence_dates", "evidence_length"},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--essays", default="sample_essays")
    parser.add_argument("--rubric", default="soviet-foreign-policy-1924-41")
    args = parser.parse_args()
    rubric = load_rubric(args.rubric)
    items = load_annotated(args.essays)
    prepared = prepare_all(items, rubric)
    original = match.factor_features
    print("| features | points F1 | kappa |\n|---|---|---|")
    for label, dropped in [("all", set()), *[(f"without {g}", s) for g, s in GROUPS.items()]]:
        keep = [name not in dropped for name in match.FACTOR_FEATURES]

        def ablated(sig, p, _keep=keep):
            return [v if k else 0.0 for v, k in zip(original(sig, p), _keep)]

        match.factor_features = ablated
        try:
            m = point_metrics(items, cross_validated_reports(items, prepared, rubric), rubric)
        finally:
            match.factor_features = original
        print(f"| {label} | {m['f1']:.3f} | {m['kappa']:.3f} |")
    opening = signals.ANAPHORA_OPENING
    signals.ANAPHORA_OPENING = re.compile(r"(?!)")  # never matches: no sentence is read with its predecessor
    try:
        m = point_metrics(items, cross_validated_reports(items, prepare_all(items, rubric), rubric), rubric)
    finally:
        signals.ANAPHORA_OPENING = opening
    print(f"| without reading pointer-back sentences with their predecessor | {m['f1']:.3f} | {m['kappa']:.3f} |")


if __name__ == "__main__":
    main()
