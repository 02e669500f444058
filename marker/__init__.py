"""marker: an offline, transparent essay-marking assistant for A-level answers."""

__version__ = "0.1.0"

from marker.errors import MarkerError
from marker.rubric import Rubric, load_rubric
from marker.report import Report


def mark_essay(text, rubric, **kwargs):
    """Mark one essay's text against a Rubric (see marker.mark.mark_essay)."""
    from marker.mark import mark_essay as _mark_essay

    return _mark_essay(text, rubric, **kwargs)


def mark_essays(paths, rubric, **kwargs):
    """Mark many essay files in one process (see marker.mark.mark_essays)."""
    from marker.mark import mark_essays as _mark_essays

    return _mark_essays(paths, rubric, **kwargs)


__all__ = ["MarkerError", "Report", "Rubric", "load_rubric", "mark_essay", "mark_essays", "__version__"]
