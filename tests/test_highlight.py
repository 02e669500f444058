"""Highlighted essays: every character of student text is escaped, and each highlight names its point."""

import re

from marker.highlight import ERROR_COLOUR, PALETTE, Mark, legend_html, point_style, report_marks, to_html
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


def test_a_sentence_that_is_evidence_for_several_points_shows_all_of_them_and_its_error():
    text = "The pact of 1941 was signed in Moscow."
    marks = [Mark(0, 20, "Nazi-Soviet Pact", "#56B4E9"), Mark(0, 20, "Buying time", "#009E73"),
             Mark(4, 16, "Error", ERROR_COLOUR, "1939", is_error=True)]
    out = to_html(text, marks)
    assert "[Nazi-Soviet Pact]" in out and "[Buying time]" in out and "[Error]" in out
    assert "linear-gradient" in out and "#56B4E955" in out and "#009E7355" in out  # a stripe of each colour
    assert "underline wavy " + ERROR_COLOUR in out
    assert to_html(text, marks).count(">pact of 1941<") == 1  # the text is shown once, never duplicated
    legend = legend_html(text, marks + [Mark(100, 120, "Off the text", "#E69F00")])
    assert "Nazi-Soviet Pact" in legend and "Buying time" in legend and "Error" in legend
    assert "Off the text" not in legend  # the legend lists only what is shown


def test_thirty_points_have_distinct_styles_and_none_uses_the_error_colour():
    styles = [point_style(i) for i in range(30)]
    assert len(set(styles)) == 30
    assert all(colour != ERROR_COLOUR and colour in PALETTE for colour, _ in styles)
    assert all(pattern != "wavy" for _, pattern in styles)  # wavy is the errors' underline


def test_show_one_point_highlights_only_that_point_with_the_same_style_as_in_the_full_view(rubric):
    text = (SAMPLES / "21_megan.txt").read_text(encoding="utf-8")
    report = mark_essay(text, rubric)
    shown = [p for p in report.points if p.status != "missing" and p.evidence]
    one = shown[-1]
    marks = report_marks(report, only=one.id)
    assert {m.label for m in marks if not m.is_error} == {one.title}
    full = {(m.label, m.colour, m.pattern) for m in report_marks(report) if not m.is_error}
    assert {(m.label, m.colour, m.pattern) for m in marks if not m.is_error} <= full


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
    # no "<" left unescaped (Markdown shows "\<img" as the text "<img", never as a tag)
    assert not re.search(r"(?<!\\)<", md), re.findall(r".{20}(?<!\\)<.{20}", md)
    assert md.startswith("## \\<b\\>essay\\</b\\>\\.txt")
    table = to_table([report])
    assert table.splitlines()[0].startswith(f"<b>essay</b>.txt: level {report.level}, mark {report.mark}/25")
