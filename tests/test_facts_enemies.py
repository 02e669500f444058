"""A side's leader named as the leader of its enemy (marker/facts/enemies.py). Whole sentences are in
tests/fixtures/facts/tables/engine_shapes.csv (shape "enemy-leader"); here, the frame verbs read as hostility."""

from __future__ import annotations

from marker.facts.enemies import _hostile


def test_hostile_frame_verbs_by_lemma_and_particle() -> None:
    assert _hostile(("turned", "on"))
    assert _hostile(("turning", "against"))
    assert _hostile(("massacred",))
    assert _hostile(("broken", "with"))
    assert not _hostile(("turned", "to"))
    assert not _hostile(("aided",))
    assert not _hostile(("broke", "off"))
    assert not _hostile(())
