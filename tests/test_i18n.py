"""Interface strings, enum labels and date formats in both languages."""

import ast
import re
import string
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from core.i18n import (
    LABELS,
    LANGS,
    STRINGS,
    filters_summary,
    format_date,
    format_number,
    format_quarter,
    format_range,
    label,
    present,
    source_line,
    t,
    values,
)
from figures.theme import COLORS, SYMBOLS
from loaders import schema


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_string_exists_in_both_languages_with_the_same_placeholders(key):
    vi, en = STRINGS[key]
    assert vi.strip() and en.strip()
    assert _fields(vi) == _fields(en)
    assert unicodedata.is_normalized("NFC", vi)


def test_t_fills_placeholders_and_rejects_unknown_languages_and_keys():
    assert t("chart.tasks_event", "vi", n=10) == "Các sự kiện có nhiều nhiệm vụ nhất (top 10)"
    assert t("chart.tasks_event", "en", n=10) == "Events with the most tasks (top 10)"
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        t("app.title", "fr")
    with pytest.raises(KeyError):
        t("no.such.key", "vi")


@pytest.mark.parametrize("group", sorted(LABELS))
def test_every_enum_value_has_a_distinct_label_in_each_language(group):
    for lang in LANGS:
        labels = [label(group, v, lang) for v in LABELS[group]]
        assert all(labels) and len(set(labels)) == len(labels)


@pytest.mark.parametrize(
    ("group", "value", "vi", "en"),
    [
        ("category", "personnel", "Công tác cán bộ, nhân sự", "Personnel and cadre work"),
        ("category", "anti-corruption", "Phòng, chống tham nhũng, chạy chức, chạy quyền", None),
        ("category", "grassroots", "Tổ chức cơ sở đảng, đảng viên", None),
        ("category", "protection-communication", "Bảo vệ chính trị nội bộ, tuyên truyền", None),
        ("category", "sector-staff", "Đội ngũ cán bộ ngành", "The sector's own staff"),
        ("status", "set", "Đề ra", "Set"),
        ("status", "done", "Đã thực hiện", "Reported done"),
        ("doc_kind", "directive", "Chỉ thị", "Directive"),
        ("part", "chair", "Chủ trì", "Chair"),
        ("cycle", None, "Ngoài hai chu kỳ", "Outside both cycles"),
    ],
)
def test_labels(group, value, vi, en):
    assert label(group, value, "vi") == vi
    if en:
        assert label(group, value, "en") == en


def test_values_keep_the_display_order_and_leave_out_none():
    assert values("kind") == (
        "briefing",
        "conference",
        "meeting",
        "plenum",
        "congress",
        "election",
        "issuance",
        "decision",
    )
    assert values("level") == ("central", "provincial", "all-levels")
    assert len(values("category")) == 10
    assert "none" not in values("cycle")


def test_present_orders_the_values_seen_for_display():
    assert present("kind", ["plenum", "briefing", "plenum", "symposium"]) == ["briefing", "plenum", "symposium"]


def test_an_unknown_enum_value_shows_as_itself():
    assert label("kind", "symposium", "vi") == "symposium"


@pytest.mark.parametrize(
    ("day", "precision", "vi", "en"),
    [
        ("2019-10-28", "day", "28/10/2019", "28 Oct 2019"),
        ("2021-02-01", "day", "01/02/2021", "1 Feb 2021"),
        ("2020-11-01", "month", "tháng 11/2020", "Nov 2020"),
        ("2024-01-01", "year", "năm 2024", "2024"),
    ],
)
def test_format_date(day, precision, vi, en):
    assert format_date(pd.Timestamp(day), precision, "vi") == vi
    assert format_date(pd.Timestamp(day), precision, "en") == en


def test_format_date_of_a_missing_date_says_so():
    assert format_date(pd.NaT, None, "vi") == "chưa rõ ngày"
    assert format_date(None, "day", "en") == "date unknown"


@pytest.mark.parametrize(
    ("start", "end", "precision", "vi", "en"),
    [
        ("2021-01-25", "2021-02-01", "day", "25/01/2021 – 01/02/2021", "25 Jan – 1 Feb 2021"),
        ("2020-10-14", "2020-10-16", "day", "14/10/2020 – 16/10/2020", "14–16 Oct 2020"),
        ("2020-12-30", "2021-01-02", "day", "30/12/2020 – 02/01/2021", "30 Dec 2020 – 2 Jan 2021"),
        ("2019-10-28", "2019-10-28", "day", "28/10/2019", "28 Oct 2019"),
        ("2020-03-01", "2020-05-31", "month", "tháng 3–5/2020", "Mar–May 2020"),
        ("2020-11-01", "2020-11-30", "month", "tháng 11/2020", "Nov 2020"),
        ("2020-11-01", "2021-01-31", "month", "tháng 11/2020 – tháng 1/2021", "Nov 2020 – Jan 2021"),
        ("2019-01-01", "2020-12-31", "year", "năm 2019–2020", "2019–2020"),
        ("2024-01-01", "2024-12-31", "year", "năm 2024", "2024"),
    ],
)
def test_format_range(start, end, precision, vi, en):
    assert format_range(pd.Timestamp(start), pd.Timestamp(end), precision, "vi") == vi
    assert format_range(pd.Timestamp(start), pd.Timestamp(end), precision, "en") == en


def test_format_quarter_and_number():
    assert format_quarter(pd.Timestamp("2020-08-15"), "vi") == "quý 3/2020"
    assert format_quarter(pd.Timestamp("2020-08-15"), "en") == "Q3 2020"
    assert format_number(12345, "vi") == "12.345"
    assert format_number(12345, "en") == "12,345"


def test_filters_summary_names_a_month():
    assert filters_summary("vi", years=(2021, 2021), month=3) == "Tháng 3/2021"
    assert filters_summary("en", years=(2021, 2021), month=3, kinds=["conference"]).startswith("Mar 2021 · ")
    assert filters_summary("vi", years=(2020, 2021), month=3) == "Các năm 2020–2021"


def test_filters_summary_names_each_active_filter():
    assert filters_summary("vi") == "Tất cả sự kiện"
    assert filters_summary("en") == "All events"
    vi = filters_summary("vi", years=(2019, 2021), cycle="xiii", kinds=["conference", "plenum"], text="chạy chức")
    assert (
        vi
        == "Các năm 2019–2021 · Chu kỳ Đại hội XIII · Loại sự kiện: Hội nghị, Hội nghị Ban Chấp hành · Tìm: “chạy chức”"
    )
    en = filters_summary("en", years=2020, categories=["personnel", "rules", "apparatus", "elections"])
    assert (
        en
        == "Year 2020 · Task category: Personnel and cadre work, Rules and guidance, Organisational apparatus, +1 more"
    )


def test_source_line_names_every_source_once():
    outlets = [
        "Cổng TTĐT An Giang",
        "Lao Động",
        "Lao Động",
        "Nhân Dân",
        "Tạp chí Xây dựng Đảng",
        "",
        None,
        float("nan"),
    ]
    assert (
        source_line(outlets, "vi")
        == "Nguồn: Cổng TTĐT An Giang; Lao Động; Nhân Dân; Tạp chí Xây dựng Đảng · Bảng dữ liệu tổng hợp"
    )
    assert source_line([], "en") == "Source: compiled dataset"


def test_every_interface_key_in_use_exists():
    """Every key the code names (in `t(...)` or as a literal handed to it later, in any package) has its two
    texts: a missing one would fail only when its page, chart or message is drawn."""
    root = Path(__file__).resolve().parent.parent
    prefixes = tuple(sorted({key.split(".")[0] + "." for key in STRINGS}))
    used: dict[str, str] = {}
    files = [
        root / "dashboard.py",
        *(p for d in ("pages", "ui", "core", "figures", "loaders") for p in (root / d).rglob("*.py")),
    ]
    assert len(files) > 20
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if is_text and node.value.startswith(prefixes) and re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", node.value):
                used[node.value] = path.name
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                head = str(node.values[0].value)  # t(f"overview.n_{k}"): some key must start so
                if head.startswith(prefixes) and "." in head:
                    assert any(k.startswith(head) for k in STRINGS), (head, path.name)
    missing = {k: f for k, f in used.items() if k not in STRINGS}
    assert not missing, missing


ENUMS = [  # each enum of the data contract: its label group, and its colour group where the charts colour it
    ("kind", schema.EVENT_KINDS, "kind"),
    ("level", schema.LEVELS, None),
    ("category", schema.CATEGORIES, "category"),
    ("status", schema.TASK_STATUSES, "status"),
    ("precision", schema.PRECISIONS, None),
    ("doc_kind", schema.DOCUMENT_KINDS, "doc_kind"),
    ("doc_status", schema.DOCUMENT_STATUSES, None),
    ("doc_relation", schema.RELATIONS, None),
    ("part", schema.PARTS, None),
    ("date_basis", schema.DATE_BASES, None),
    ("source_kind", schema.SOURCE_KINDS, None),
    ("cycle", schema.CYCLE_IDS, "cycle"),
]
SHOWN_AS_CODES = [schema.LANGUAGES]  # a source's language is shown as its code (vi, en)


def _contract_enums(record: schema.Record = schema.ROOT) -> list[tuple[str, ...]]:
    """The choices of every enum field of `record` and of the records it holds."""
    found = []
    for spec in record.fields.values():
        if spec.kind == "enum":
            found.append(spec.choices)
        elif spec.item is not None:
            found += _contract_enums(spec.item)
    return found


def test_every_enum_of_the_contract_is_labelled():
    """An enum added to the data contract is listed in ENUMS, so the next test holds it to its labels."""
    missing = {c for c in _contract_enums() if c not in [choices for _, choices, _ in ENUMS] + SHOWN_AS_CODES}
    assert not missing, missing


@pytest.mark.parametrize(("group", "choices", "colours"), ENUMS)
def test_every_enum_value_has_its_labels_and_colour(group, choices, colours):
    """A value added to the data contract is labelled in both languages (and coloured where the charts colour
    it) before the file may use it; no label is left for a value the contract dropped."""
    assert set(values(group)) == set(choices)
    for value in choices:
        assert label(group, value, "vi") != value or value.isupper(), (group, value)
        assert label(group, value, "en"), (group, value)
    if colours:
        assert set(COLORS[colours]) == set(choices)
        assert len(set(COLORS[colours].values())) == len(choices), f"two {group} values share a colour"


def test_every_event_kind_has_its_own_symbol():
    assert set(SYMBOLS) == set(schema.EVENT_KINDS)
    assert len(set(SYMBOLS.values())) == len(SYMBOLS)
