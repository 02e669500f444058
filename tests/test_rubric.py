"""Rubric loading: valid files load, broken ones are rejected naming the file, key path and line."""

from pathlib import Path

import pytest

from marker.errors import RubricError
from marker.rubric import load_rubric, parse_rubric

FIXTURES = Path(__file__).parent / "fixtures"
MINI = (FIXTURES / "mini_rubric.yaml").read_text(encoding="utf-8")


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    assert old in MINI
    path = tmp_path / "broken.yaml"
    path.write_text(MINI.replace(old, new, 1), encoding="utf-8")
    return path


def test_rubric_mini_loads_with_points_and_levels():
    rubric = load_rubric(FIXTURES / "mini_rubric.yaml")
    assert [p.id for p in rubric.factors] == ["cause-a", "cause-b"]
    assert [p.id for p in rubric.debates] == ["debate-a-vs-b"]
    assert rubric.level_for_mark(13) == 3 and rubric.level_for_mark(0) == 0
    assert rubric.source == (FIXTURES / "mini_rubric.yaml").resolve()


def test_rubric_missing_field_names_file_key_path_and_line(tmp_path):
    path = _broken(tmp_path, "    target: Explain cause B.\n", "")
    with pytest.raises(RubricError) as exc:
        load_rubric(path)
    assert str(exc.value) == f"{path}: at points -> 1 -> target (line 24): Field required"


def test_rubric_wrong_kind_is_rejected_with_its_line(tmp_path):
    path = _broken(tmp_path, "kind: factor\n    description: The second", "kind: factr\n    description: The second")
    with pytest.raises(RubricError) as exc:
        load_rubric(path)
    assert str(exc.value) == f"{path}: at points -> 1 -> kind (line 26): Input should be 'factor' or 'debate'"


def test_rubric_unknown_key_is_rejected(tmp_path):
    path = _broken(tmp_path, "max_mark: 25", "max_mark: 25\ncolour: blue")
    with pytest.raises(RubricError) as exc:
        load_rubric(path)
    assert str(exc.value) == f"{path}: at colour (line 8): Extra inputs are not permitted"


def test_rubric_duplicate_point_ids_are_rejected(tmp_path):
    path = _broken(tmp_path, "id: cause-b", "id: cause-a")
    with pytest.raises(RubricError) as exc:
        load_rubric(path)
    assert str(exc.value) == f"{path}: at points -> 1 -> id (line 24): duplicate points ids: cause-a"


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("    text: Why did the mini event happen?\n",
         "    text: Why did the mini event happen?\n    importance: {cause-z: 0.5}\n",
         "at questions -> 0 -> importance -> cause-z (line 11): question 'why' weights unknown points: cause-z"),
        ("{label: B, points: [cause-b]}", "{label: B, points: [cause-y]}",
         "at points -> 2 -> sides -> 1 -> points (line 38): debate 'debate-a-vs-b' side 'B' names unknown points: "
         "cause-y"),
        ("{level: 3, marks: [11, 15]", "{level: 3, marks: [9, 15]",
         "at levels -> 2 -> marks (line 14): levels 2 and 3 have overlapping mark ranges"),
        ("{level: 5, marks: [21, 25]", "{level: 5, marks: [21, 26]",
         "at levels -> 4 -> marks (line 16): level 5 goes above max_mark 25"),
    ],
)
def test_rubric_cross_reference_errors_name_the_key_path_not_the_top_level(tmp_path, old, new, where):
    path = _broken(tmp_path, old, new)
    with pytest.raises(RubricError) as exc:
        load_rubric(path)
    assert str(exc.value) == f"{path}: {where}"
    assert "(top level)" not in str(exc.value)


def test_rubric_debate_side_naming_unknown_point_is_rejected(tmp_path):
    path = _broken(tmp_path, "{label: B, points: [cause-b]}", "{label: B, points: [cause-z]}")
    with pytest.raises(RubricError, match=r"debate 'debate-a-vs-b' side 'B' names unknown points: cause-z"):
        load_rubric(path)


def test_rubric_overlapping_level_bands_are_rejected(tmp_path):
    path = _broken(tmp_path, "marks: [6, 10]", "marks: [5, 10]")
    with pytest.raises(RubricError, match="levels 1 and 2 have overlapping mark ranges"):
        load_rubric(path)


def test_rubric_yaml_syntax_error_keeps_line_and_column(tmp_path):
    path = _broken(tmp_path, "title: Mini topic", "title: [Mini topic")
    with pytest.raises(RubricError) as exc:
        load_rubric(path)
    assert str(exc.value).startswith(f"{path}: invalid YAML (line ")


def test_rubric_duplicate_yaml_key_is_rejected(tmp_path):
    path = _broken(tmp_path, "version: 1", "version: 1\nversion: 2")
    with pytest.raises(RubricError) as exc:
        load_rubric(path)
    assert str(exc.value) == f"{path}: invalid YAML (line 4, column 1): duplicate key 'version'"


def test_rubric_yaml_tags_are_not_executed():
    with pytest.raises(RubricError, match="invalid YAML"):
        parse_rubric("id: !!python/object/apply:os.system ['echo hi']", "evil.yaml")


def test_rubric_non_mapping_is_rejected():
    with pytest.raises(RubricError) as exc:
        parse_rubric("- just\n- a list\n", "list.yaml")
    assert str(exc.value) == "list.yaml: a rubric must be a YAML mapping with keys such as id, title and points"


def test_rubric_unknown_id_lists_the_known_ones():
    with pytest.raises(RubricError, match=r"unknown rubric 'no-such-topic': give a path to a YAML file or one of: "):
        load_rubric("no-such-topic")


def test_rubric_missing_file_is_named(tmp_path):
    with pytest.raises(RubricError) as exc:
        load_rubric(tmp_path / "nope.yaml")
    assert str(exc.value) == f"{tmp_path / 'nope.yaml'}: rubric file not found"


def test_rubric_yaml_uses_the_c_parser_when_libyaml_is_there():
    import yaml

    from marker.rubric import _StrictSafeLoader

    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML built without libyaml")
    assert issubclass(_StrictSafeLoader, yaml.CSafeLoader)


@pytest.mark.parametrize("name", ["soviet-foreign-policy-1924-41", "weimar-republic-1918-33"])
def test_rubric_yaml_c_and_python_parsers_read_the_shipped_rubrics_alike(name):
    import yaml

    from marker.rubric import load_yaml

    text = (FIXTURES.parent.parent / "rubrics" / f"{name}.yaml").read_text(encoding="utf-8")
    assert load_yaml(text, name) == yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506


def test_rubric_nested_duplicate_key_is_rejected_with_line_and_column():
    with pytest.raises(RubricError) as exc:
        parse_rubric("id: x\nthresholds:\n  fuzzy_name: 90\n  fuzzy_name: 80\n", "dup.yaml")
    assert str(exc.value) == "dup.yaml: invalid YAML (line 4, column 3): duplicate key 'fuzzy_name'"


def test_rubric_control_character_is_one_line_with_line_and_column():
    """Found by benchmarks/fuzz.py: YAML's reader error spanned two lines and gave a character position."""
    with pytest.raises(RubricError) as exc:
        parse_rubric("id: mini\ntitle: Mini\x07 topic\n", "fuzz.yaml")
    assert str(exc.value) == ("fuzz.yaml: invalid YAML (line 2, column 12): unacceptable character #x0007: "
                              "control characters are not allowed")
