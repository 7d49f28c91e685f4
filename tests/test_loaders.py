"""The loader and validator on small files, good and bad: every message names its line and field."""

from __future__ import annotations

import dataclasses
import datetime as dt
import textwrap

import pandas as pd
import pytest

from loaders import DEFAULT_PATH, DataError, Dataset, UnreadableFileError, load_dataset, schema
from loaders.model import RECORDS, RENAMED
from loaders.validate import main as validate_main

GOOD = textwrap.dedent(
    """\
    sources:
      - id: s1
        outlet: Báo A
        title: Hội nghị giao ban
        title_en: Briefing
        published: 2019-10-29
        language: vi
        kind: article
      - id: r0
        title: Văn bản chính thức
        title_en: The official text
        language: vi
        kind: reference
        url: https://example.org/official
        accessed: 2026-11-29
    documents:
      - id: ct-35
        number: 35-CT/TW
        kind: directive
        issuer: Bộ Chính trị
        issuer_en: Politburo
        date: 2019-05-30
        date_basis: outside
        date_note: official text
        title: Về đại hội đảng bộ các cấp
        title_en: On party congresses at all levels
        sources:
          - {source: s1, quote: "Chỉ thị số 35-CT/TW"}
          - {source: r0, note: The page gives the day.}
    cycles:
      - id: xiii
        name: Chu kỳ XIII
        name_en: Cycle XIII
        congress: Đại hội XIII
        congress_en: Congress XIII
        start: 2019-05-30
        congress_start: 2021-01-25
        congress_end: 2021-02-01
        end: 2021-02-01
        date_basis: outside
        date_note: official record
        sources:
          - {source: r0, note: The page gives the dates.}
        phases:
          - {name: Chuẩn bị, name_en: Preparation, start: 2019-05-30, end: 2021-01-24}
      - id: xiv
        name: Chu kỳ XIV
        name_en: Cycle XIV
        congress: Đại hội XIV
        congress_en: Congress XIV
        start: 2021-02-02
        congress_start: 2026-01-19
        congress_end: 2026-01-23
        end: 2026-01-23
        date_basis: outside
        date_note: official record
        sources:
          - {source: r0, note: The page gives the dates.}
    events:
      - id: giao-ban-2019-10
        title: Hội nghị giao ban tháng 10/2019
        title_en: October 2019 briefing
        date: 2019-10-28
        kind: briefing
        level: central
        organiser: Ban Tổ chức Trung ương
        organiser_en: Central Organisation Commission
        summary: Đánh giá công tác tháng 10.
        summary_en: Reviewed October's work.
        people:
          - {name: Phạm Minh Chính, role: Trưởng ban, role_en: Head, part: chair}
        documents:
          - {document: ct-35, relation: deployed}
        tasks:
          - {text: Chống chạy chức, text_en: Stop position-buying, category: anti-corruption, status: set}
          - {text: Tổng kết, text_en: Review, category: congress, status: done}
        figures:
          - {value: 62, total: 65, unit: tỉnh, unit_en: provinces, label: đã bố trí, label_en: arranged}
        sources:
          - {source: s1, quote: "Chiều ngày 28/10/2019"}
      - id: giao-ban-2020-11
        title: Giao ban tháng 11
        title_en: November briefing
        date: "2020-11"
        kind: briefing
        level: central
        organiser: Ban Tổ chức Trung ương
        organiser_en: Central Organisation Commission
        summary: Giao ban.
        summary_en: Briefing.
        sources:
          - {source: s1, quote: "tháng 11"}
      - id: hoi-nghi-2024
        title: Hội nghị năm 2024
        title_en: 2024 conference
        date: 2024
        kind: conference
        level: central
        organiser: Ban Tổ chức Trung ương
        organiser_en: Central Organisation Commission
        summary: Tổng kết.
        summary_en: Review.
        sources:
          - {source: s1, quote: "2024"}
      - id: ban-hanh-ct-35
        title: Ban hành Chỉ thị 35-CT/TW
        title_en: Directive 35-CT/TW issued
        date: 2019-05-30
        date_basis: outside
        date_note: official text
        kind: issuance
        level: central
        organiser: Bộ Chính trị
        organiser_en: Politburo
        summary: Ban hành.
        summary_en: Issued.
        documents:
          - {document: ct-35, relation: issued}
        sources:
          - {source: s1, quote: "Chỉ thị số 35-CT/TW"}
          - {source: r0, note: The page gives the day.}
    """
)


def write(tmp_path, text: str | bytes, name: str = "events.yaml"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_good_file_loads_into_frames(tmp_path):
    ds = load_dataset(write(tmp_path, GOOD))
    ev = ds.events.set_index("id")
    assert list(ev.index) == ["giao-ban-2019-10", "giao-ban-2020-11", "hoi-nghi-2024", "ban-hanh-ct-35"]
    for col in ("title", "title_en", "start", "end", "precision", "kind", "level", "cycle", "n_tasks"):
        assert col in ds.events.columns
    assert pd.api.types.is_datetime64_any_dtype(ds.events["start"])
    assert pd.api.types.is_datetime64_any_dtype(ds.events["end"])
    # precision honoured: a month spans the month, a year the year, never a made-up day
    assert ev.loc["giao-ban-2020-11", "precision"] == "month"
    assert ev.loc["giao-ban-2020-11", "start"] == pd.Timestamp("2020-11-01")
    assert ev.loc["giao-ban-2020-11", "end"] == pd.Timestamp("2020-11-30")
    assert ev.loc["hoi-nghi-2024", "precision"] == "year"
    assert ev.loc["hoi-nghi-2024", "end"] == pd.Timestamp("2024-12-31")
    assert ev.loc["giao-ban-2019-10", "end"] == pd.Timestamp("2019-10-28")
    assert ev["cycle"].tolist() == ["xiii", "xiii", "xiv", "xiii"]
    assert ev.loc["giao-ban-2019-10", "n_tasks"] == 2
    tasks = ds.tasks
    assert set(tasks.columns) >= {"event_id", "category", "status", "year", "cycle"}
    assert tasks["status"].tolist() == ["set", "done"]
    assert tasks["months_before_congress"].tolist() == [15, 15]
    assert ds.documents.set_index("id").loc["ct-35", "n_events"] == 2
    assert ds.sources.set_index("id").loc["s1", "n_quotes"] == 5
    assert ds.model.cycles[0].phases[0].name_en == "Preparation"
    assert ds.figures["total"].tolist() == [65]


def _replace(old: str, new: str, count: int = 1) -> str:
    if old not in GOOD:
        raise ValueError(f"fixture has no {old!r}")
    return GOOD.replace(old, new, count)


REFERENCE = """\
  - id: r1
    outlet: Báo B
    title: Bế mạc
    title_en: Closing
    language: vi
    kind: reference
    url: https://example.org/a
    accessed: 2026-11-29
documents:"""


def _with_reference(citation: str, *, reference: str = REFERENCE, basis: str = "date_basis: outside") -> str:
    """GOOD with the reference source r1, cited by the 2024 conference as `citation` under `basis`."""
    text = _replace("documents:", reference)
    old = '    sources:\n      - {source: s1, quote: "2024"}'
    new = f"    {basis}\n    date_note: from a page\n    sources:\n      - {citation}"
    if old not in text:
        raise ValueError("fixture has no citation of the 2024 conference")
    return text.replace(old, new)


def test_reference_sources_proposals_and_the_year_a_task_is_for(tmp_path):
    text = _with_reference("{source: r1, note: The page states the day.}").replace(
        "category: congress, status: done}",
        "category: congress, status: done, for: 2020}\n"
        "      - {text: Đề nghị, text_en: Proposal, category: rules, status: proposed}",
    )
    ds = load_dataset(write(tmp_path, text))
    tasks = ds.tasks.set_index("text_en")
    assert tasks.loc["Review", "year"] == 2020 and tasks.loc["Review", "set_year"] == 2019
    assert tasks.loc["Stop position-buying", "year"] == 2019, "a task is for its event's year by default"
    assert tasks.loc["Proposal", "status"] == "proposed"
    events = ds.events.set_index("id")
    assert events.loc["giao-ban-2019-10", ["n_tasks", "n_tasks_done", "n_tasks_proposed"]].tolist() == [3, 1, 1]
    cited = ds.quotes[ds.quotes["source"] == "r1"].iloc[0]
    assert pd.isna(cited["quote"]) and cited["note"] == "The page states the day."
    assert ds.sources.set_index("id").loc["r1", "accessed"] == pd.Timestamp("2026-11-29")


# Each row: the file text, a text on the line the problem must name (None: line 1), a fragment of its message.
BAD = {
    "year out of range": (_replace("date: 2024", "date: 2204"), "date: 2204", "expected a date between 1900 and 2100"),
    "syntax: unclosed quote": (
        _replace('quote: "Chiều ngày 28/10/2019"', 'quote: "Chiều ngày'),
        '"Chiều ngày',
        "this quote is not closed",
    ),
    "syntax: tab indent": (_replace("    outlet: Báo A", "\toutlet: Báo A"), "\toutlet", "tab"),
    "syntax: bad indentation": (
        _replace("    outlet: Báo A", "      outlet: Báo A"),
        "outlet: Báo A",
        "not valid YAML",
    ),
    "empty file": ("", None, "found an empty file"),
    "comments only": ("# nothing here\n# still nothing\n", None, "found an empty file"),
    "bare scalar": ("hello\n", None, "expected a file (a mapping with sources, documents, cycles, events), found text"),
    "top-level list": ("- a\n- b\n", None, "found a list"),
    "several documents": (GOOD + "---\nsources: []\n", "---", "found a second one"),
    "unknown field with suggestion": (
        _replace("title: Hội nghị giao ban tháng 10/2019", "titel: Hội nghị giao ban tháng 10/2019"),
        "titel:",
        "did you mean `title`",
    ),
    "missing required field": (
        _replace("    level: central\n", "", 1),
        "id: giao-ban-2019-10",
        "missing required field `level`",
    ),
    "duplicate key": (
        _replace("    kind: briefing\n", "    kind: briefing\n    kind: conference\n"),
        "kind: conference",
        "duplicate field `kind`",
    ),
    "duplicate id": (
        _replace("id: giao-ban-2020-11", "id: giao-ban-2019-10-dup").replace("-dup", ""),
        "id: giao-ban-2019-10\n    title: Giao ban",
        "duplicate id `giao-ban-2019-10`",
    ),
    "impossible date": (_replace("date: 2019-10-28", "date: 2021-02-30"), "date: 2021-02-30", "no such day"),
    "impossible month": (_replace('date: "2020-11"', 'date: "2020-13"'), "2020-13", "no such day or month"),
    "malformed date": (_replace("date: 2019-10-28", "date: 28/10/2019"), "28/10/2019", "expected a date"),
    "end before start": (
        _replace("    date: 2019-10-28\n", "    date: 2019-10-28\n    end: 2019-10-01\n"),
        "end: 2019-10-01",
        "expected an end not before the date",
    ),
    "short label too long": (
        _replace("title_en: October 2019 briefing", "title_en: October 2019 briefing\n    short_en: " + "x" * 41),
        "short_en: xxx",
        "expected text of at most 40 characters, found 41",
    ),
    "short label not text": (
        _replace("title_en: October 2019 briefing", "title_en: October 2019 briefing\n    short: 2019"),
        "short: 2019",
        "expected text, found the number `2019`",
    ),
    "unknown enum value": (_replace("kind: briefing", "kind: briefng"), "briefng", "did you mean `briefing`"),
    "surprise boolean": (_replace("title_en: Briefing", "title_en: NO"), "title_en: NO", "found the boolean `NO`"),
    "surprise yes": (_replace("title_en: Briefing", "title_en: yes"), "title_en: yes", "put it in quotes"),
    "surprise sexagesimal": (_replace("title_en: Briefing", "title_en: 1:30"), "1:30", "found the number `1:30`"),
    "number where text": (_replace("outlet: Báo A", "outlet: 1.10"), "1.10", "found the number `1.10`"),
    "unknown source": (
        _replace('{source: s1, quote: "Chiều ngày 28/10/2019"}', '{source: s2, quote: "x"}'),
        "source: s2",
        "expected the id of a source",
    ),
    "unknown document": (
        _replace("{document: ct-35, relation: deployed}", "{document: ct-36, relation: deployed}"),
        "ct-36",
        "did you mean `ct-35`",
    ),
    "figure above total": (
        _replace("value: 62, total: 65", "value: 66, total: 65"),
        "value: 66",
        "not above its total",
    ),
    "anchor and alias": (
        _replace("outlet: Báo A", "outlet: &o Báo A\n    author: *o"),
        "author: *o",
        "anchors and aliases",
    ),
    "python tag": (
        _replace("outlet: Báo A", "outlet: !!python/object/apply:os.system ['true']"),
        "!!python",
        "tags are not allowed",
    ),
    "empty sources list": (
        _replace('    sources:\n      - {source: s1, quote: "tháng 11"}', "    sources: []"),
        "sources: []",
        "expected at least 1 citation",
    ),
    "outside date without note": (
        _replace("    date_note: official text\n", ""),
        "date_basis: outside\n    title: Về",
        "date_note",
    ),
    "precision disagrees": (
        _replace('    date: "2020-11"\n', '    date: "2020-11"\n    precision: day\n'),
        "precision: day",
        "expected month",
    ),
    "quote from a reference": (
        _with_reference('{source: r1, quote: "copied"}'),
        'quote: "copied"',
        "expected no quote from the reference source `r1`",
    ),
    "reference without a note": (
        _with_reference("{source: r1}"),
        "{source: r1}",
        "expected a `note` saying in our own words",
    ),
    "reference without address": (
        _with_reference("{source: r1, note: x}", reference=REFERENCE.replace("    url: https://example.org/a\n", "")),
        "kind: reference\n    accessed: 2026-11-29\ndocuments:",
        "expected `url` (its address)",
    ),
    "outside fact citing no page": (
        _replace("      - {source: r0, note: The page gives the day.}\n", "", 1),
        "date_basis: outside\n    date_note: official text\n    title: Về",
        "expected a citation of a reference source",
    ),
    "outside cycle citing no page": (
        _replace("    sources:\n      - {source: r0, note: The page gives the dates.}\n", "", 1),
        "date_basis: outside\n    date_note: official record\n    phases:",
        "expected a citation of a reference source",
    ),
    "reference fact not marked outside": (
        _with_reference("{source: r1, note: x}", basis="date_basis: article"),
        "date_basis: article",
        "expected `date_basis: outside`",
    ),
    "article cited without a quote": (
        _replace('{source: s1, quote: "tháng 11"}', "{source: s1}"),
        "{source: s1}",
        "expected a `quote` from the article `s1`",
    ),
    "task for a month": (
        _replace("status: done}", 'status: done, for: "2020-05"}'),
        'for: "2020-05"',
        "expected a year (YYYY), found 2020-05",
    ),
    "unknown task status": (
        _replace("status: done}", "status: proposd}"),
        "proposd",
        "did you mean `proposed`",
    ),
    "dated document no event issues": (
        _replace("{document: ct-35, relation: issued}", "{document: ct-35, relation: named}"),
        "date: 2019-05-30\n    date_basis: outside\n    date_note: official text\n    title: Về",
        "expected an event on 2019-05-30 that issued `ct-35`",
    ),
    "issued on another day": (
        _replace(
            "    date: 2019-05-30\n    date_basis: outside\n    date_note: official text\n    kind: issuance",
            "    date: 2019-05-31\n    date_basis: outside\n    date_note: official text\n    kind: issuance",
        ),
        "date: 2019-05-30\n    date_basis: outside\n    date_note: official text\n    title: Về",
        "expected an event on 2019-05-30 that issued `ct-35`",
    ),
    "bad slug": (_replace("id: giao-ban-2019-10", "id: Giao Ban"), "Giao Ban", "expected an id"),
    "long title": (_replace("title: Hội nghị năm 2024", "title: " + "x" * 5000), "xxxxx", "at most 500 characters"),
}


def line_of(text: str, needle: str | None) -> int:
    """The 1-based line on which `needle` starts."""
    if needle is None:
        return 1
    at = text.index(needle)
    return text.count("\n", 0, at) + 1


@pytest.mark.parametrize("name", list(BAD))
def test_bad_file_is_rejected_with_its_line(tmp_path, name):
    text, needle, fragment = BAD[name]
    path = write(tmp_path, text)
    with pytest.raises(DataError) as info:
        load_dataset(path)
    messages = [str(p) for p in info.value.problems]
    assert any(fragment in m for m in messages), messages
    hit = next(p for p in info.value.problems if fragment in str(p))
    assert hit.file == str(path)
    assert hit.line == line_of(text, needle), messages
    assert all(m.startswith(f"{path}:") for m in messages)


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    text = _replace("kind: briefing", "kind: briefng")
    text = text.replace("title_en: Briefing", "title_en: yes").replace("date: 2024", "date: 2024-02-30")
    with pytest.raises(DataError) as info:
        load_dataset(write(tmp_path, text))
    assert len(info.value.problems) == 3
    lines = [p.line for p in info.value.problems]
    assert lines == sorted(lines)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"sources: \xff\xfe\n", "expected UTF-8 text, found the byte 0xff"),
        (b"sources:\n  - id: a\0\n", "NUL byte"),
    ],
)
def test_unreadable_bytes(tmp_path, data, fragment):
    with pytest.raises(UnreadableFileError, match=fragment) as info:
        load_dataset(write(tmp_path, data))
    assert info.value.problems[0].line in (1, 2)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(UnreadableFileError, match="no such file"):
        load_dataset(tmp_path / "nope.yaml")
    with pytest.raises(UnreadableFileError, match="found a directory"):
        load_dataset(tmp_path)


def test_alias_bomb_is_refused_quickly(tmp_path):
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        bomb.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    bomb.append("sources: *a11")
    with pytest.raises(DataError, match="anchors and aliases"):
        load_dataset(write(tmp_path, "\n".join(bomb) + "\n"))


def test_quotes_are_checked_against_seed_articles(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text(
        "Chiều ngày 28/10/2019, hội nghị\n tháng 11 năm 2024 Chỉ thị số 35-CT/TW", encoding="utf-8"
    )
    text = GOOD.replace("    kind: article\n", "    kind: article\n    seed: a.txt\n", 1)
    load_dataset(write(tmp_path, text))  # every quote is in the seed
    bad = text.replace('quote: "Chiều ngày 28/10/2019"', 'quote: "Sáng ngày 28/10/2019"')
    with pytest.raises(DataError, match=r"expected a verbatim quote from a\.txt"):
        load_dataset(write(tmp_path, bad))
    missing = GOOD.replace("    kind: article\n", "    kind: article\n    seed: b.txt\n", 1)
    with pytest.raises(DataError, match="expected the name of a file in seeds/"):
        load_dataset(write(tmp_path, missing))


def test_validate_cli_exit_codes(tmp_path, capsys):
    good = write(tmp_path, GOOD, "good.yaml")
    assert validate_main([str(good)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "4 events (2019–2024)" in out
    bad = write(tmp_path, _replace("kind: briefing", "kind: briefng"), "bad.yaml")
    assert validate_main([str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    line = line_of(GOOD, "kind: briefing")
    assert out == [
        f'{bad}:{line}:11: events[0].kind: expected one of briefing, conference, meeting, plenum, congress, election, issuance, decision, found text "briefng" (did you mean `briefing`?)'
    ]
    assert validate_main([str(tmp_path / "missing.yaml")]) == 2
    assert validate_main([str(good), str(bad)]) == 1


def test_dates_are_dates(tmp_path):
    ds = load_dataset(write(tmp_path, GOOD))
    assert ds.model.events[0].start == dt.date(2019, 10, 28)


def test_short_labels_are_read_or_cut_from_the_title_at_a_word(tmp_path):
    text = GOOD.replace(
        "title_en: October 2019 briefing",
        "title_en: October 2019 briefing\n    short: Giao ban 10/2019\n    short_en: Oct 2019",
    ).replace("title: Giao ban tháng 11", "title: Giao ban trực tuyến toàn ngành Xây dựng Đảng tháng 11")
    ev = load_dataset(write(tmp_path, text)).events.set_index("id")
    assert ev.loc["giao-ban-2019-10", ["short", "short_en"]].tolist() == ["Giao ban 10/2019", "Oct 2019"]
    assert ev.loc["giao-ban-2020-11", "short"] == "Giao ban trực tuyến toàn…"  # at a word, not "ngà…"
    assert ev.loc["giao-ban-2020-11", "short_en"] == "November briefing"  # short enough as it is


# The frames the pages read: every column, in order, with its kind ("text" may be all missing, and then
# of any dtype; a frame with no rows keeps its columns).
FRAME_COLUMNS = {
    "events": "id:text title:text title_en:text date_basis:text date_note:text kind:text level:text organiser:text "
    "organiser_en:text place:text place_en:text summary:text summary_en:text short:text short_en:text start:date "
    "end:date precision:text year:int cycle:text months_before_congress:Int n_tasks:int n_tasks_done:int "
    "n_tasks_proposed:int n_figures:int n_sources:int n_people:int",
    "tasks": "event_id:text event_title:text event_title_en:text text:text text_en:text category:text "
    "status:text start:date year:int set_year:int cycle:text months_before_congress:Int",
    "documents": "id:text number:text kind:text issuer:text issuer_en:text date_basis:text date_note:text "
    "status:text title:text title_en:text date:date end:date precision:text n_events:int",
    "doc_links": "event_id:text document_id:text relation:text",
    "people": "event_id:text name:text role:text role_en:text part:text",
    "figures": "event_id:text value:number total:number unit:text unit_en:text label:text label_en:text",
    "quotes": "owner_kind:text owner_id:text source:text quote:text note:text",
    "sources": "id:text outlet:text title:text title_en:text author:text language:text kind:text seed:text url:text "
    "note:text published:date published_precision:text accessed:date n_quotes:int",
    "cycles": "id:text name:text name_en:text congress:text congress_en:text date_basis:text date_note:text "
    "start:date congress_start:date congress_end:date end:date",
    "phases": "cycle:text name:text name_en:text start:date end:date",
}
_DTYPES = {"date": "datetime64[s]", "int": "int64", "Int": "Int64"}
RECORDS_BY_NAME = {spec.name: spec for spec in RECORDS.values()}

# The fewest records a valid file holds: no documents, and an event with no people, tasks, figures or links.
MINIMAL = GOOD.split("  - id: r0")[0] + textwrap.dedent(
    """\
    documents: []
    cycles:
      - id: xiii
        name: Chu kỳ XIII
        name_en: Cycle XIII
        congress: Đại hội XIII
        congress_en: Congress XIII
        start: 2019-05-30
        congress_start: 2021-01-25
        congress_end: 2021-02-01
        end: 2021-02-01
        date_basis: article
        date_note: from the article
    events:
      - id: giao-ban-2020-11
        title: Giao ban tháng 11
        title_en: November briefing
        date: "2020-11"
        kind: briefing
        level: central
        organiser: Ban Tổ chức Trung ương
        organiser_en: Central Organisation Commission
        summary: Giao ban.
        summary_en: Briefing.
        sources:
          - {source: s1, quote: "tháng 11"}
    """
)


@pytest.mark.parametrize("text", [GOOD, MINIMAL, None], ids=["small", "minimal", "real"])
def test_every_frame_keeps_its_columns_and_their_types(tmp_path, text):
    """The pages, the exports and the disk cache rely on these names and dtypes, for any file and for an
    empty list alike."""
    ds = load_dataset(write(tmp_path, text) if text is not None else DEFAULT_PATH)
    assert set(FRAME_COLUMNS) == {f.name for f in dataclasses.fields(Dataset)} - {"path", "model"}
    for name, spec in FRAME_COLUMNS.items():
        frame = getattr(ds, name)
        columns = dict(item.split(":") for item in spec.split())
        assert [c for c in frame.columns if c in columns] == list(columns), name
        # a field added to the contract later is a column too, as read: nothing here needs a line for it
        record = RECORDS_BY_NAME[RECORD_OF[name]]
        assert set(frame.columns) - set(columns) <= set(record.fields), name
        for column, kind in columns.items():
            values = frame[column]
            if kind in _DTYPES:
                assert str(values.dtype) == _DTYPES[kind], (name, column, values.dtype)
            elif not values.isna().all():
                check = pd.api.types.is_numeric_dtype if kind == "number" else pd.api.types.is_string_dtype
                assert check(values), (name, column, values.dtype)
    if text is MINIMAL:
        assert [len(getattr(ds, n)) for n in ("documents", "tasks", "people", "figures", "doc_links")] == [0] * 5


@pytest.mark.parametrize("cls", list(RECORDS), ids=lambda cls: cls.__name__)
def test_each_record_class_has_the_fields_of_its_contract_record(cls):
    """A field is declared in the contract (schema.py) and its class, by the same name (or derived there, as
    an event's precision is from its dates), required in both or in neither: a record the reader passed is
    never dropped, nor one it refused built."""
    spec = RECORDS[cls]
    attributes = {f.name: f for f in dataclasses.fields(cls)}
    derived = {name for name in spec.fields if isinstance(getattr(cls, name, None), property)}
    assert {RENAMED.get((cls, name), name) for name in attributes} | derived == set(spec.fields)
    for name, f in attributes.items():
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        assert required == spec.fields[RENAMED.get((cls, name), name)].required, (cls.__name__, name)


# Each record's frame; a contract field that is a column of it under another name; a list field is a frame of its own.
FRAME_OF = {
    "event": "events",
    "task": "tasks",
    "document": "documents",
    "document reference": "doc_links",
    "person": "people",
    "figure": "figures",
    "citation": "quotes",
    "source": "sources",
    "cycle": "cycles",
    "phase": "phases",
}
RECORD_OF = {frame: record for record, frame in FRAME_OF.items()}
COLUMN_OF = {("event", "date"): "start", ("task", "for"): "year", ("document reference", "document"): "document_id"}


def test_every_field_of_the_contract_reaches_a_frame():
    """A field added to the contract shows in its record's frame (or is named here as shown otherwise)."""
    records = {spec.name: spec for spec in RECORDS.values()} | {"file": schema.ROOT}
    assert set(FRAME_OF) == set(records) - {"file"}
    for record, frame in FRAME_OF.items():
        columns = dict(item.split(":") for item in FRAME_COLUMNS[frame].split())
        for name, spec in records[record].fields.items():
            if spec.kind != "list":
                assert COLUMN_OF.get((record, name), name) in columns, f"{record}.{name} is not in {frame}"


# Run in a fresh interpreter: the contract (loaders/schema.py) is loaded on its own and given one more field of
# an event and of a task; only then are the loaders imported, as if the fields had been written into the contract.
_NEW_FIELD = """
import importlib.util, json, sys
from pathlib import Path

spec = importlib.util.spec_from_file_location("loaders.schema", Path("loaders/schema.py"))
schema = sys.modules["loaders.schema"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(schema)
schema.EVENT.fields["mood"] = schema.Field("text")
schema.TASK.fields["owner"] = schema.Field("text")

from loaders import DataError, load_dataset

good, bad = map(Path, sys.argv[1:])
ds = load_dataset(good)
try:
    load_dataset(bad)
    problems = []
except DataError as e:
    problems = [(p.line, p.path, p.message) for p in e.problems]
print(json.dumps({
    "record": [e.mood for e in ds.model.events],
    "events": list(ds.events.columns),
    "tasks": list(ds.tasks.columns),
    "owner": ds.tasks["owner"].tolist(),
    "schema": sorted(schema.json_schema()["properties"]["events"]["items"]["properties"]),
    "problems": problems,
}, ensure_ascii=False))
"""


def test_a_field_added_to_the_contract_is_read_checked_kept_and_framed_with_nothing_else_written(tmp_path):
    """One declaration per field: a field written into the contract alone is read from the file, checked (a wrong
    value is a problem at its line and field), held by its record, a column of its frame after the contract's
    fields before it, and in the JSON Schema; no record class, frame or reader is written for it."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    text = GOOD.replace("    kind: briefing\n", "    kind: briefing\n    mood: calm\n", 1)
    text = text.replace("status: set}", "status: set, owner: Ban Tổ chức}", 1)
    good = write(tmp_path, text)
    bad = write(tmp_path, text.replace("mood: calm", "mood: [calm]"), "bad.yaml")
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run(
        [sys.executable, "-c", _NEW_FIELD, str(good), str(bad)], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["record"][0] == "calm" and out["record"][1:] == [None] * (len(out["record"]) - 1)
    assert out["events"][out["events"].index("summary_en") + 1] == "mood"  # the event's last field read as it is
    assert out["tasks"][out["tasks"].index("status") + 1] == "owner"
    assert [owner for owner in out["owner"] if isinstance(owner, str)] == ["Ban Tổ chức"]  # the rest missing
    assert "mood" in out["schema"]
    line = text.splitlines().index("    mood: calm") + 1
    [(at, path, message)] = out["problems"]
    assert (at, path) == (line, "events[0].mood") and "expected" in message, message
