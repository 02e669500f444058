"""Highlighted essays: every character of student text is escaped, and each highlight names its point."""

from marker.highlight import Mark, report_marks, to_html
from marker.mark import mark_essay
from tests.conftest import SAMPLES

HOSTILE = 'Stalin <script>alert(1)</script> signed the pact. <img src=x onerror="alert(2)"> & Munich "1938".'


def test_highlight_escapes_student_text_inside_and_outside_marks():
    start = HOSTILE.index("<script>")
    out = to_html(HOSTILE, [Mark(start, start + 30, "Point <b>", "#E69F00")])
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in out
    assert "[Point &lt;b&gt;]" in out  # the label is text too


def test_highlight_overlapping_marks_keep_errors_then_earlier_spans():
    text = "The pact of 1941 was signed in Moscow."
    marks = [Mark(0, 20, "Nazi-Soviet Pact", "#56B4E9"), Mark(4, 16, "Error", "#D55E00", "1939", is_error=True),
             Mark(21, 37, "Buying time", "#009E73")]
    out = to_html(text, marks)
    assert out.count("<mark") == 2
    assert "[Error]" in out and "[Buying time]" in out and "[Nazi-Soviet Pact]" not in out


def test_highlight_report_marks_cover_evidence_and_errors(rubric):
    text = (SAMPLES / "21_megan.txt").read_text(encoding="utf-8")
    report = mark_essay(text, rubric)
    marks = report_marks(report)
    assert sum(m.is_error for m in marks) == len(report.errors) > 0
    labelled = {m.label for m in marks if not m.is_error}
    assert labelled == {p.title for p in report.points if p.status != "missing" and p.evidence}
    assert all(text[m.start : m.end] for m in marks)


def test_markdown_and_table_reports_render_student_text_inert(rubric):
    from marker.report import to_markdown, to_table

    text = HOSTILE + " " + (SAMPLES / "21_megan.txt").read_text(encoding="utf-8")
    report = mark_essay(text, rubric, name="<b>essay</b>.txt")
    md = to_markdown([report])
    assert "<script>" not in md and "<img" not in md and "<b>" not in md
    assert md.startswith("## \\<b\\>essay\\</b\\>\\.txt")
    table = to_table([report])
    assert table.splitlines()[0].startswith(f"<b>essay</b>.txt: level {report.level}, mark {report.mark}/25")
