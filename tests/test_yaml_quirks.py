"""What libyaml lets through and the file's rules do not: a comment glued to a value, an anchor with no alias."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from loaders import DataError
from loaders.errors import Problems
from loaders.reader import check_text

BAD = Path(__file__).resolve().parent / "data" / "bad"
# a small valid file: the glued-comment file of the bad corpus with its line 17 as it was
BASE = (BAD / "syntax-comment-glued-to-quote.yaml").read_text(encoding="utf-8").split("\n")
BASE[16] = "    title_en: On party congresses at all levels"


def problems(text: str) -> list[str]:
    found = Problems("f.yaml")
    check_text(text, "f.yaml", found)
    return [str(p) for p in DataError(found).problems] if len(found) else []


def with_line(n: int, line: str) -> str:
    lines = list(BASE)
    lines[n - 1] = line
    return "\n".join(lines)


def test_the_base_file_is_valid():
    assert problems("\n".join(BASE)) == []


@pytest.mark.parametrize(
    ("line", "where", "message"),
    [
        ('    title_en: "On party"# congresses', "17:25: documents[0].title_en", "closing quote, found `# congresses`"),
        ("    title_en: 'On party'# congresses", "17:25: documents[0].title_en", "closing quote, found `# congresses`"),
        ("    title_en: >-# note", "17:17: documents[0].title_en", "found `# note` glued to the `>`"),
    ],
    ids=["double-quoted", "single-quoted", "block header"],
)
def test_a_comment_glued_to_a_value_is_refused_where_it_starts(line, where, message):
    text = with_line(17, line + ("\n      On party congresses" if ">-" in line else ""))
    yaml.compose(text, Loader=yaml.CSafeLoader)  # libyaml alone accepts it
    [problem] = problems(text)
    assert problem.startswith(f"f.yaml:{where}: ") and message in problem, problem


def test_a_comment_glued_to_a_flow_list_is_refused():
    text = "\n".join(BASE).replace(
        "      - source: bao-an-giang\n        quote: Chỉ thị số 35-CT/TW",
        '      - {source: bao-an-giang, quote: "Chỉ thị số 35-CT/TW"}#x',
        1,
    )
    [problem] = problems(text)
    assert "documents[0].sources[0]: expected a space before `#`, found `#x` glued to the closing `}`" in problem


@pytest.mark.parametrize(
    "line",
    [
        '    title_en: "#1 of the congresses" # a real comment',
        "    title_en: On#party congresses",
        "    title_en: R &D and Q&A, Tom & Jerry",
        "    title_en: On party congresses # a comment",
    ],
)
def test_a_hash_or_ampersand_inside_text_is_fine(line):
    assert problems(with_line(17, line)) == []


def test_a_lone_anchor_on_a_record_or_a_field_name_is_refused():
    text = "\n".join(BASE).replace("  - id: ct-35", "  - &d\n    id: ct-35", 1)
    [problem] = problems(text)
    assert problem.startswith("f.yaml:10:5: documents[0]: expected a value, found the anchor `&d`")
    [problem] = problems(with_line(17, "    &k title_en: On party congresses"))
    assert problem.startswith("f.yaml:17:5: documents[0].title_en: expected a value, found the anchor `&k`")


def test_an_anchor_with_an_alias_is_reported_at_the_alias_only():
    text = with_line(17, "    title_en: &t On party congresses") + "\n"
    text = text.replace("    title_en: October 2019 briefing\n    date:", "    title_en: *t\n    date:", 1)
    found = problems(text)
    assert found and all("anchors and aliases" in p and "&t" not in p for p in found), found
