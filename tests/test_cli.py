"""The `marker` command honours the report contract: JSON on stdout only, exit codes 0/2/3."""

import json
import subprocess
import sys

import pytest

from marker.cli import build_parser, main
from tests.conftest import ROOT, RUBRIC_ID, SAMPLES


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "marker", *args], capture_output=True, text=True, cwd=ROOT)


def test_cli_mark_json_follows_the_contract(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    essays = [str(SAMPLES / "23_eleanor.txt"), str(empty), str(SAMPLES / "15_tyler.txt")]
    result = run("mark", *essays, "--rubric", RUBRIC_ID, "--format", "json")
    assert result.returncode == 3
    reports = json.loads(result.stdout)
    assert [r["essay"] for r in reports] == essays
    assert set(reports[1]) == {"essay", "rubric", "error"} and "empty.txt" in reports[1]["error"]
    good = reports[0]
    for key in ("essay", "rubric", "words", "points", "missing", "errors", "level", "mark", "feedback"):
        assert key in good
    assert len(good["points"]) == 27 and len({p["id"] for p in good["points"]}) == 27
    text = (SAMPLES / "23_eleanor.txt").read_text(encoding="utf-8")
    for p in good["points"]:
        assert p["status"] in {"covered", "partial", "missing"} and 0 <= p["score"] <= 1
        assert p["kind"] in {"factor", "debate"}
        for ev in p["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["text"]
    assert set(good["missing"]) == {p["id"] for p in good["points"] if p["status"] == "missing"}
    assert set(good["develop"]) == {p["id"] for p in good["points"] if p["status"] == "partial"}
    assert good["question_text"] and 0 <= good["question_confidence"] <= 1
    assert 0 <= good["level"] <= 5 and 0 <= good["mark"] <= 25
    assert "empty.txt" in result.stderr


def test_cli_unknown_rubric_is_a_usage_error_with_nothing_on_stdout():
    result = run("mark", str(SAMPLES / "15_tyler.txt"), "--rubric", "no-such-rubric", "--format", "json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "unknown rubric 'no-such-rubric'" in result.stderr


def test_cli_invalid_rubric_file_is_named(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n", encoding="utf-8")
    result = run("mark", str(SAMPLES / "15_tyler.txt"), "--rubric", str(bad), "--format", "json")
    assert result.returncode == 2 and result.stdout == ""
    assert str(bad) in result.stderr and result.stderr.count("\n") == 1


def test_cli_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["mark", "--format", "json"])
    assert exc.value.code == 2
    assert capsys.readouterr().out == ""


def test_cli_rubric_check_summarises_the_shipped_rubric(capsys):
    assert main(["rubric", "check", str(ROOT / "rubrics" / f"{RUBRIC_ID}.yaml")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"OK {RUBRIC_ID} v1: ")
    assert "24 factors, 3 debates" in out


def test_cli_rubric_show_lists_points_and_levels(capsys):
    assert main(["rubric", "show", RUBRIC_ID]) == 0
    out = capsys.readouterr().out
    assert "[factor] nazi-soviet-pact" in out and "[debate] debate-ideology-vs-security" in out
    assert "5 (21-25)" in out


def test_cli_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name, sub in commands.items():
        assert sub.description, name
        assert f"marker {name}" in readme, name


def test_cli_one_unreadable_file_in_a_class_of_30_spoils_nothing(tmp_path):
    essays = [str(p) for p in sorted(SAMPLES.glob("*.txt"))[:29]]
    broken = tmp_path / "scan.pdf"
    broken.write_bytes(b"%PDF-1.4\n%%EOF garbage")
    paths = essays[:10] + [str(broken)] + essays[10:]
    result = run("mark", *paths, "--rubric", RUBRIC_ID, "--format", "json")
    assert result.returncode == 3
    reports = json.loads(result.stdout)
    assert [r["essay"] for r in reports] == paths
    assert [r["essay"] for r in reports if "error" in r] == [str(broken)]
    assert all(isinstance(r["level"], int) and r["points"] for r in reports if "error" not in r)


def test_cli_broken_odt_among_good_essays_still_gives_json_for_the_good_ones(tmp_path):
    from tests import hostile

    broken = tmp_path / "amy\nsmith.odt"
    broken.write_bytes(hostile.broken_odt())
    essays = [str(SAMPLES / "23_eleanor.txt"), str(broken), str(SAMPLES / "15_tyler.txt")]
    result = run("mark", *essays, "--rubric", RUBRIC_ID, "--format", "json")
    assert result.returncode == 3
    reports = json.loads(result.stdout)
    assert [r["essay"] for r in reports] == essays
    assert "error" not in reports[0] and "error" not in reports[2] and reports[0]["points"]
    shown = str(broken).replace("\n", "\\n")
    assert reports[1]["error"].startswith(f"{shown}: cannot be read as an OpenDocument .odt file")
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    at = lines.index("marked 2 of 3 essays; 1 could not be marked:")
    assert lines[at + 1] == f"  {shown}: cannot be read as an OpenDocument .odt file (it is damaged or not really " \
                            "one): open it and save it again, or export the essay as text or PDF"


def test_cli_unexpected_failure_is_one_line_not_a_traceback(monkeypatch, capsys):
    from marker import cli

    def bug(args):
        raise KeyError("surprise")

    monkeypatch.setattr(cli, "cmd_rubric_list", bug)
    monkeypatch.delenv("MARKER_DEBUG", raising=False)
    assert main(["rubric", "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: unexpected failure (KeyError: 'surprise')") and err.count("\n") == 1
