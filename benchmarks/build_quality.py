"""Quality of `marker rubric build` on the seed documents, against the curated rubric.

Builds a draft from the seed documents, maps its points to the curated rubric's ids by key terms and entities
(marker.build.align_points), and reports: canonical points recognisably present, draft points that are noise,
debates found, and the points F1 of marking the development essays with the unedited draft (each draft id renamed to
every canonical id it carries; also to its best id only) beside the curated rubric's own F1.

Two comparisons, each like with like: with the shipped generic models (fitted on these essays, so both figures are
in-sample), and cross-validated (in each of 5 folds the point models are fitted on the other essays with the
curated rubric, as `marker fit --generic` does, then mark the held-out essays with the draft and with the curated
rubric).

    /work/venv/bin/python benchmarks/build_quality.py [--json] [--topic weimar]
    /work/venv/bin/python benchmarks/build_quality.py --four     # build time for four documents, cold and warm
    PYTHONPATH=. python benchmarks/build_quality.py --topic wwi [--essays corpus/wwi/train] [--json]
    PYTHONPATH=. python benchmarks/build_quality.py --topic wwi-b|wwi-c|wwi-d|wwi-e|wwi-f|wwi-g --json   # the second to seventh sets of notes (docs/wwi.md, 7, 10, 13, 16, 19)

`--topic weimar` measures the same on the second topic (its three source documents, its curated rubric and its 18
essays). Its comparison uses the shipped generic models for both rubrics: they were fitted on Soviet essays only,
so there both figures are out-of-sample; 18 essays are too few to cross-validate point models.

`--topic wwi` builds from the third topic's public teaching notes (the cache `python topics/notes.py wwi` fills, so
the texts stay out of git) and measures presence, noise and debates against the key arguments written down before
building (topics/wwi/canonical-points.yaml, read as a reference whose key terms are the listed words). Points F1 is
measured on annotated essays (`--essays DIR`, default corpus/wwi) against the shipped rubric, which uses the same
ids: the unedited draft's reports are restated over those ids, beside the shipped rubric's own, both with the
generic models.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOPICS = {
    "soviet": (ROOT / "tests" / "fixtures" / "seeds", "Soviet foreign policy 1924-41", "soviet-foreign-policy-1924-41",
               ROOT / "sample_essays"),
    "weimar": (ROOT / "topics" / "weimar" / "sources", "The Weimar Republic 1918-33", "weimar-republic-1918-33",
               ROOT / "sample_essays_weimar"),
    "wwi": (None, "The origins of the First World War 1890-1914", "wwi-origins-1890-1914", ROOT / "corpus" / "wwi"),
    # a second set of notes on the same topic, chosen by a rule written before searching (docs/wwi.md, section 7)
    "wwi-b": (None, "The origins of the First World War 1890-1914", "wwi-origins-1890-1914", ROOT / "corpus" / "wwi"),
    "wwi-c": (None, "The origins of the First World War 1890-1914", "wwi-origins-1890-1914", ROOT / "corpus" / "wwi"),
    "wwi-d": (None, "The origins of the First World War 1890-1914", "wwi-origins-1890-1914", ROOT / "corpus" / "wwi"),
    "wwi-e": (None, "The origins of the First World War 1890-1914", "wwi-origins-1890-1914", ROOT / "corpus" / "wwi"),
    "wwi-f": (None, "The origins of the First World War 1890-1914", "wwi-origins-1890-1914", ROOT / "corpus" / "wwi"),
    "wwi-g": (None, "The origins of the First World War 1890-1914", "wwi-origins-1890-1914", ROOT / "corpus" / "wwi"),
}
CANONICAL = {"wwi": ROOT / "topics" / "wwi" / "canonical-points.yaml",
             "wwi-b": ROOT / "topics" / "wwi" / "canonical-points.yaml",
             "wwi-c": ROOT / "topics" / "wwi" / "canonical-points.yaml",
             "wwi-d": ROOT / "topics" / "wwi" / "canonical-points.yaml",
             "wwi-e": ROOT / "topics" / "wwi" / "canonical-points.yaml",
             "wwi-f": ROOT / "topics" / "wwi" / "canonical-points.yaml",
             "wwi-g": ROOT / "topics" / "wwi" / "canonical-points.yaml"}


def documents_of(topic: str) -> list[Path]:
    """The topic's source documents: a folder of the repository, or for wwi the cached teaching notes."""
    folder = TOPICS[topic][0]
    if folder is not None:
        return sorted(folder.glob("*.txt"))
    sys.path.insert(0, str(ROOT / "topics"))
    from notes import cache_dir, check, sources

    rows = sources(topic)
    problems = check(rows, cache_dir(topic))
    if problems:
        raise SystemExit("teaching notes missing (python topics/notes.py wwi): " + "; ".join(problems))
    return [cache_dir(topic) / f"{row['id']}.txt" for row in rows]


def canonical_reference(path: Path):
    """A rubric made of a written-down list of key arguments: each point's key terms are its listed words, each
    debate's sides its listed cues (enough for align_points; levels are the builder's default scheme)."""
    import yaml

    from marker.build import default_levels
    from marker.rubric import Rubric

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    points = [{"id": pid, "title": p["title"], "kind": "factor", "description": p["title"], "target": p["title"],
               "phrasings": [p["title"], p["title"]], "key_terms": p["terms"]} for pid, p in data["points"].items()]
    points += [{"id": did, "title": d["title"], "kind": "debate", "description": d["title"], "target": d["title"],
                "phrasings": [d["title"], d["title"]],
                "sides": [{"label": f"side {k + 1}", "cues": cues} for k, cues in enumerate(d["sides"])]}
               for did, d in data["debates"].items()]
    levels = [{"level": lv, "marks": list(marks), "descriptor": text} for lv, marks, text in default_levels()]
    return Rubric.model_validate({"id": "reference", "title": data["topic"], "subject": "History",
                                  "qualification": "A-level", "max_mark": levels[-1]["marks"][1],
                                  "questions": [{"id": "q", "text": data["topic"]}], "levels": levels,
                                  "points": points})


def measure(topic: str = "soviet", essays_dir: Path | None = None) -> dict:
    from marker.build import align_points, build_from_files, reports_on_reference, to_rubric
    from marker.dataset import load_annotated
    from marker.evaluate import point_metrics
    from marker.fit import question_of
    from marker.mark import assemble, prepare
    from marker.models_io import load_models
    from marker.rubric import load_rubric

    _, title, curated, essays = TOPICS[topic]
    essays = essays_dir or essays
    reference = canonical_reference(CANONICAL[topic]) if topic in CANONICAL else load_rubric(curated)
    documents = documents_of(topic)
    started = time.perf_counter()
    draft = build_from_files(documents, title)
    build_seconds = time.perf_counter() - started
    rubric = to_rubric(draft)
    mapping = align_points(rubric, reference)
    present = sorted({rid for ids in mapping.values() for rid in ids})
    noise = sorted(pid for pid, ids in mapping.items() if not ids)
    primary = {pid: ids[:1] for pid, ids in mapping.items()}
    result = {
        "documents": len(documents),
        "build_seconds": round(build_seconds, 1),
        "draft": {"factors": len(rubric.factors), "debates": len(rubric.debates), "facts": len(rubric.facts)},
        "canonical_present": f"{len(present)}/{len(reference.points)}",
        "canonical_present_share": round(len(present) / len(reference.points), 3),
        "canonical_missing": sorted({p.id for p in reference.points} - set(present)),
        "noise": f"{len(noise)}/{len(mapping)}",
        "noise_share": round(len(noise) / len(mapping), 3),
        "noise_points": noise,
        "debates_found": sorted({ids[0] for pid, ids in mapping.items() if ids and ids[0].startswith("debate-")}),
    }
    if topic in CANONICAL:
        if not any(essays.glob("*.json")):  # no annotated essays here (the topic's essays are its locked test)
            return result
        reference = load_rubric(curated)  # annotated with the shipped rubric's ids, the same as the list's

    items = load_annotated(essays)
    generic = load_models(rubric)  # a draft has no fitted file, so this is the package's generic models
    draft_reports = [assemble(prepare(it.text, rubric), rubric, generic, name=it.name) for it in items]
    draft_points = point_metrics(items, reports_on_reference(draft_reports, mapping, reference), reference)
    draft_primary = point_metrics(items, reports_on_reference(draft_reports, primary, reference), reference)
    curated_generic = [assemble(prepare(it.text, reference), reference, generic, name=it.name,
                                question_id=question_of(it, reference)) for it in items]
    curated_points = point_metrics(items, curated_generic, reference)
    result |= {
        "essays": len(items),
        "draft_f1": draft_points["f1"], "draft_precision": draft_points["precision"],
        "draft_recall": draft_points["recall"], "draft_kappa": draft_points["kappa"],
        "draft_f1_best_id_only": draft_primary["f1"],
        "curated_f1_generic_models": curated_points["f1"],
        "gap_generic_models": round(curated_points["f1"] - draft_points["f1"], 3),
    }
    if topic == "soviet":  # the generic models were fitted on these essays: compare out-of-fold as well
        cv_draft, cv_curated = cross_validated(items, rubric, reference, mapping)
        result |= {
            "draft_f1_cross_validated": cv_draft["f1"],
            "curated_f1_cross_validated": cv_curated["f1"],
            "gap_cross_validated": round(cv_curated["f1"] - cv_draft["f1"], 3),
        }
    return result


def cross_validated(items, draft, reference, mapping) -> tuple[dict, dict]:
    """Points metrics of the draft and of the curated rubric, each essay marked by point models fitted without it."""
    from marker.evaluate import point_metrics
    from marker.build import reports_on_reference
    from marker.fit import _folds, fit_models, question_of
    from marker.mark import assemble, prepare

    on_reference = [prepare(it.text, reference) for it in items]
    on_draft = [prepare(it.text, draft) for it in items]
    draft_reports, curated_reports = [None] * len(items), [None] * len(items)
    for train, test in _folds(items, 5):
        models = fit_models([items[i] for i in train], [on_reference[i] for i in train], reference)
        for i in test:
            draft_reports[i] = assemble(on_draft[i], draft, models, name=items[i].name)
            curated_reports[i] = assemble(on_reference[i], reference, models, name=items[i].name,
                                          question_id=question_of(items[i], reference))
    return (point_metrics(items, reports_on_reference(draft_reports, mapping, reference), reference),
            point_metrics(items, curated_reports, reference))


def four_documents() -> dict:
    """Build time for four documents (the three Weimar sources and the bullet-notes fixture), cold then warm (the
    warm build reads sentences parsed and embedded by the cold one again: marker/build keeps them per process)."""
    from marker.build import build_from_files

    paths = [*sorted(TOPICS["weimar"][0].glob("*.txt")), ROOT / "tests" / "fixtures" / "build" / "bullets.md"]
    out = {"documents": [p.name for p in paths], "words": sum(len(p.read_text(encoding="utf-8").split()) for p in paths)}
    for run in ("cold", "warm"):  # wall seconds, and CPU seconds (the figure to compare on a shared machine)
        started, cpu = time.perf_counter(), time.process_time()
        draft = build_from_files(paths, "Four documents")
        out[f"{run}_seconds"] = round(time.perf_counter() - started, 1)
        out[f"{run}_cpu_seconds"] = round(time.process_time() - cpu, 1)
    out["notes"] = list(draft.notes)
    return out


if __name__ == "__main__" and "--four" in sys.argv:
    print(json.dumps(four_documents(), indent=2))
elif __name__ == "__main__":
    result = measure(sys.argv[sys.argv.index("--topic") + 1] if "--topic" in sys.argv else "soviet",
                     Path(sys.argv[sys.argv.index("--essays") + 1]) if "--essays" in sys.argv else None)
    if "--json" in sys.argv:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:28} {value}")
