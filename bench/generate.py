"""Synthetic event files that follow the real schema, for the benchmarks; deterministic for a seed.

    python -m bench.generate [N ...] [--seed S] [--profile real|compact] [--out DIR]

The sources, documents and cycles are copied from data/events.yaml as written, with the real events
that issue its dated documents (every dated document is issued by an event on its date, a rule the
loader checks), and data/seeds/ is copied beside the output, so every generated quote is checked
against its seed article as the real ones are. Events draw their text from the real file and the
seed articles (Vietnamese titles, summaries, tasks, people, figures, document references, verbatim
quotes) and their dates from 2019-2024, some known only to the month or the year.

Two profiles: `real` has the real file's field sizes and counts (0-12 tasks, several quotes,
summaries of 200-1,600 characters: about 5 KB an event, the real file has 6.7 KB); `compact` keeps
the same fields at their short end (short titles, one-sentence summaries, one short quote, tasks on
few events: about 0.6 KB an event), the only way 100,000 events fit under the loader's 64 MiB file
limit (see bench/results.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from loaders import DEFAULT_PATH, load_model
from loaders.reader import MAX_FILE_BYTES
from loaders.schema import CATEGORIES, RELATIONS, TASK_STATUSES

OUT = Path(__file__).resolve().parent / "out"
SIZES = (1_000, 10_000, 100_000)
SEED = 20191018
GENERATOR_VERSION = 3  # bump when the output for a given (n, seed, profile) changes
FIRST_DAY, LAST_DAY = dt.date(2019, 1, 1), dt.date(2024, 12, 31)
WIDTH = 100  # folded text is wrapped like the real file's


@dataclass(frozen=True)
class Profile:
    """How many sub-records an event has, and how long its texts are."""

    name: str
    p_tasks: float
    p_people: float
    max_people: int
    p_figures: float
    p_documents: float
    max_documents: int
    max_quotes: int
    summary_scale: float  # 1: the real summaries' lengths; 0: one short sentence
    p_place: float
    quote_words: tuple[int, int]
    short_titles: bool  # "Hội nghị giao ban của Tỉnh ủy X" rather than a real headline


PROFILES = {
    "real": Profile("real", 0.6, 0.45, 9, 0.45, 0.6, 5, 5, 1.0, 0.3, (10, 30), False),
    "compact": Profile("compact", 0.01, 0.02, 2, 0.01, 0.1, 1, 1, 0.0, 0.02, (4, 8), True),
}


def profile_for(n: int) -> str:
    """The real profile where its file fits under the loader's size limit with room to spare."""
    return "real" if n * 5_500 < MAX_FILE_BYTES * 0.9 else "compact"


PROVINCES = (
    ("An Giang", "An Giang"),
    ("Bắc Ninh", "Bac Ninh"),
    ("Bình Định", "Binh Dinh"),
    ("Cà Mau", "Ca Mau"),
    ("Cần Thơ", "Can Tho"),
    ("Đà Nẵng", "Da Nang"),
    ("Đắk Lắk", "Dak Lak"),
    ("Đồng Nai", "Dong Nai"),
    ("Đồng Tháp", "Dong Thap"),
    ("Gia Lai", "Gia Lai"),
    ("Hà Giang", "Ha Giang"),
    ("Hà Nội", "Hanoi"),
    ("Hà Tĩnh", "Ha Tinh"),
    ("Hải Phòng", "Hai Phong"),
    ("Hòa Bình", "Hoa Binh"),
    ("Khánh Hòa", "Khanh Hoa"),
    ("Kiên Giang", "Kien Giang"),
    ("Lạng Sơn", "Lang Son"),
    ("Lào Cai", "Lao Cai"),
    ("Long An", "Long An"),
    ("Nam Định", "Nam Dinh"),
    ("Nghệ An", "Nghe An"),
    ("Ninh Bình", "Ninh Binh"),
    ("Quảng Nam", "Quang Nam"),
    ("Quảng Ninh", "Quang Ninh"),
    ("Sóc Trăng", "Soc Trang"),
    ("Sơn La", "Son La"),
    ("Thái Nguyên", "Thai Nguyen"),
    ("Thanh Hóa", "Thanh Hoa"),
    ("Thừa Thiên Huế", "Thua Thien Hue"),
    ("TP. Hồ Chí Minh", "Ho Chi Minh City"),
    ("Tiền Giang", "Tien Giang"),
    ("Vĩnh Long", "Vinh Long"),
    ("Yên Bái", "Yen Bai"),
)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Hồng", "Xuân", "Ngọc", "Thế", "Công")
GIVEN = ("An", "Bình", "Chính", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Quang", "Sơn", "Tâm")
GIVEN += ("Thắng", "Trung", "Tú", "Yến", "Hòa", "Trạc", "Thủy", "Khánh", "Long", "Việt")
PROVINCIAL_ROLES = (
    ("Bí thư Tỉnh ủy {p}", "Secretary of the {e} Provincial Party Committee"),
    ("Phó Bí thư Thường trực Tỉnh ủy {p}", "Standing Deputy Secretary of the {e} Provincial Party Committee"),
    ("Trưởng Ban Tổ chức Tỉnh ủy {p}", "Head of the Organisation Board of the {e} Provincial Party Committee"),
    (
        "Phó Trưởng Ban Tổ chức Tỉnh ủy {p}",
        "Deputy Head of the Organisation Board of the {e} Provincial Party Committee",
    ),
)
PROVINCIAL_ORGANISERS = (
    ("Tỉnh ủy {p}", "{e} Provincial Party Committee"),
    ("Ban Tổ chức Tỉnh ủy {p}", "Organisation Board of the {e} Provincial Party Committee"),
    ("Ban Thường vụ Tỉnh ủy {p}", "Standing Board of the {e} Provincial Party Committee"),
)
KIND_TITLES = {
    "briefing": ("Hội nghị giao ban", "Briefing"),
    "conference": ("Hội nghị", "Conference"),
    "plenum": ("Hội nghị toàn thể", "Plenum"),
    "congress": ("Đại hội", "Congress"),
    "election": ("Bầu cử", "Election"),
    "issuance": ("Ban hành văn bản", "Issuance"),
    "decision": ("Quyết định", "Decision"),
}
KIND_WEIGHTS = {"briefing": 4, "conference": 6, "plenum": 2, "congress": 2, "election": 1, "issuance": 3, "decision": 2}
PART_CHOICES = (("chair", "speaker", "attendee", "subject"), (3, 3, 4, 1))

_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.;!?…])\s+(?=[A-ZÀ-ỸĐ“\"(0-9])")


def _ws(text: str) -> str:
    """Whitespace collapsed, NFC, as the loader compares quotes with their seed article."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


@dataclass
class Corpus:
    """Everything the events are drawn from, taken from the real file and its seed articles."""

    header: str  # the real file up to and including `events:`
    titles: list[tuple[str, str]]
    vi_sentences: list[str]
    en_sentences: list[str]
    summary_lengths: list[int]
    tasks: list[tuple[str, str, str]]
    people: list[tuple[str, str, str]]
    figures: list[tuple]
    organisers: list[tuple[str, str]]
    places: list[tuple[str, str]]
    documents: list[str]
    seeded_sources: list[tuple[str, list[str]]]  # (source id, words of its seed article)
    issuing: list[tuple[dt.date, list[str]]]  # real events issuing a dated document: (first day, lines)
    reference: str  # a reference source of the real file, cited by a synthetic outside fact (the loader asks for one)


def _sentences(texts, lo: int = 30, hi: int = 400) -> list[str]:
    out: dict[str, None] = {}
    for text in texts:
        for s in _SENTENCE_END.split(_ws(text or "")):
            if lo <= len(s) <= hi:
                out.setdefault(s, None)
    return list(out)


def load_corpus(path: Path = DEFAULT_PATH) -> Corpus:
    """The real file's records and seed articles, as material for synthetic events."""
    text = Path(path).read_text(encoding="utf-8")
    cut = text.index("\nevents:\n") + len("\nevents:\n")
    model = load_model(path)
    seeds_dir = Path(path).parent / "seeds"
    ev = model.events
    seeds = {s.id: _ws((seeds_dir / s.seed).read_text(encoding="utf-8")) for s in model.sources if s.seed}
    titles = [(e.title, e.title_en) for e in ev] + [(d.title, d.title_en) for d in model.documents]
    dated = {d.id: d.date for d in model.documents if d.date is not None}
    issuers = {
        e.id: e.start
        for e in ev
        if any(r.relation == "issued" and dated.get(r.document) == e.date for r in e.documents)
    }
    blocks = [b if b.startswith("  - id: ") else "  - id: " + b for b in text[cut:].split("\n  - id: ")]
    issuing = []
    for block in blocks:
        eid = block.split("\n", 1)[0].removeprefix("  - id: ").strip()
        if eid in issuers:
            issuing.append((issuers[eid], block.rstrip("\n").split("\n")))
    return Corpus(
        header=text[:cut],
        titles=titles,
        vi_sentences=_sentences([e.summary for e in ev] + [t.text for e in ev for t in e.tasks] + list(seeds.values())),
        en_sentences=_sentences([e.summary_en for e in ev] + [t.text_en for e in ev for t in e.tasks]),
        summary_lengths=sorted(len(e.summary) for e in ev),
        tasks=[(t.text, t.text_en, t.category) for e in ev for t in e.tasks],
        people=list(dict.fromkeys((p.name, p.role, p.role_en) for e in ev for p in e.people)),
        figures=[(f.value, f.total, f.unit, f.unit_en, f.label, f.label_en) for e in ev for f in e.figures],
        organisers=list(dict.fromkeys((e.organiser, e.organiser_en) for e in ev)),
        places=list(dict.fromkeys((e.place, e.place_en) for e in ev if e.place and e.place_en)),
        documents=[d.id for d in model.documents],
        seeded_sources=[(sid, words.split(" ")) for sid, words in seeds.items()],
        issuing=issuing,
        reference=next(s.id for s in model.sources if s.kind == "reference"),
    )


# ---------------------------------------------------------------------------------------------
# YAML text, written the way a curator writes it: plain where safe, folded when long, else quoted

_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_PLAIN_BAD_START = frozenset("-?:,[]{}#&*!|>'\"%@` ")


def _plain_ok(s: str) -> bool:
    if not s or s[0] in _PLAIN_BAD_START or s[-1] in " :" or ": " in s or " #" in s:
        return False
    return not any(regexp.match(s) for _tag, regexp in _RESOLVERS.get(s[0], ()))


def _scalar(key: str, text: str, indent: str) -> list[str]:
    """Lines of `key: text` at `indent`: a plain scalar, a folded block (long text) or a quoted one."""
    head = f"{indent}{key}: "
    if len(head) + len(text) <= WIDTH + 10 and _plain_ok(text):
        return [head + text]
    if len(text) > WIDTH - len(indent):
        lines, line = [], ""
        for word in text.split(" "):
            if line and len(line) + 1 + len(word) > WIDTH - len(indent):
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        inner = " " * (len(head) - len(key.lstrip("- ")) - 2) + "  "  # deeper than the key itself
        return [f"{indent}{key}: >-", *(inner + ln for ln in lines)]
    return [head + json.dumps(text, ensure_ascii=False)]


def _date_text(value: dt.date, precision: str) -> str:
    if precision == "day":
        return value.isoformat()
    if precision == "month":
        return f'"{value.year:04d}-{value.month:02d}"'
    return f"{value.year:04d}"


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


# ---------------------------------------------------------------------------------------------
# events


class _Maker:
    def __init__(self, corpus: Corpus, profile: Profile, rng: random.Random):
        self.c = corpus
        self.p = profile
        self.rng = rng
        names = [f"{f} {m} {g}" for f in FAMILY for m in MIDDLE for g in GIVEN]
        rng.shuffle(names)
        self.names = [p[0] for p in corpus.people] + names[:400]
        self.name_weights = [1 / (i + 1) ** 0.8 for i in range(len(self.names))]  # a few names recur often
        self.roles = {name: (role, role_en) for name, role, role_en in corpus.people}
        self.short_vi = [s for s in corpus.vi_sentences if len(s) < 70] or corpus.vi_sentences
        self.short_en = [s for s in corpus.en_sentences if len(s) < 70] or corpus.en_sentences
        self.kinds = list(KIND_WEIGHTS)
        self.kind_weights = list(KIND_WEIGHTS.values())

    def sentences(self, pool: list[str], chars: int) -> str:
        out, n = [], 0
        while n < chars or not out:
            s = self.rng.choice(pool)
            out.append(s)
            n += len(s) + 1
        return " ".join(out)[:3_900].rsplit(" ", 1)[0] if n > 3_900 else " ".join(out)

    def date(self) -> tuple[dt.date, str, dt.date | None, str | None]:
        rng = self.rng
        day = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
        r = rng.random()
        precision = "day" if r < 0.78 else "month" if r < 0.88 else "year"
        end = end_precision = None
        if precision == "month":
            day = day.replace(day=1)
        elif precision == "year":
            day = dt.date(day.year, 1, 1)
        if rng.random() < 0.08:
            if precision == "day":
                end, end_precision = day + dt.timedelta(days=rng.randint(1, 5)), "day"
            elif precision == "month":
                m = day.month - 1 + rng.randint(1, 3)
                end, end_precision = dt.date(day.year + m // 12, m % 12 + 1, 1), "month"
            elif day.year < LAST_DAY.year:
                end, end_precision = dt.date(day.year + 1, 1, 1), "year"
        return day, precision, end, end_precision

    def organiser(self) -> tuple[str, str, str]:
        """(organiser, organiser_en, level)."""
        rng = self.rng
        if rng.random() < (0.1 if self.p.short_titles else 0.35):
            name, name_en = rng.choice(self.c.organisers)
            return name, name_en, rng.choice(("central", "central", "central", "all-levels"))
        p, e = rng.choice(PROVINCES)
        vi, en = PROVINCIAL_ORGANISERS[0] if self.p.short_titles else rng.choice(PROVINCIAL_ORGANISERS)
        return vi.format(p=p), en.format(e=e), "provincial"

    def person(self) -> tuple[str, str, str]:
        name = self.rng.choices(self.names, self.name_weights)[0]
        if name in self.roles:
            return name, *self.roles[name]
        p, e = PROVINCES[hash_index(name, len(PROVINCES))]
        vi, en = PROVINCIAL_ROLES[hash_index(name + "r", len(PROVINCIAL_ROLES))]
        return name, vi.format(p=p), en.format(e=e)

    def quote(self) -> tuple[str, str]:
        sid, words = self.rng.choice(self.c.seeded_sources)
        n = self.rng.randint(*self.p.quote_words)
        at = self.rng.randrange(max(1, len(words) - n))
        return sid, " ".join(words[at : at + n])

    def event(self, i: int) -> tuple[dt.date, list[str]]:
        rng, p, c = self.rng, self.p, self.c
        day, precision, end, end_precision = self.date()
        organiser, organiser_en, level = self.organiser()
        kind = rng.choices(self.kinds, self.kind_weights)[0]
        title, title_en = rng.choice(c.titles)
        prov = rng.choice(PROVINCES)
        if p.short_titles:
            what, what_en = KIND_TITLES[kind]
            title, title_en = f"{what} của {organiser}", f"{what_en}, {organiser_en}"
        elif level == "provincial":
            title, title_en = f"{title} tại {prov[0]}", f"{title_en} in {prov[1]}"
        if not p.short_titles:
            when = f"{day.month:02d}/{day.year}" if precision != "year" else str(day.year)
            title, title_en = f"{title} ({when})", f"{title_en} ({when})"
        if p.summary_scale:
            target = int(rng.choice(c.summary_lengths) * p.summary_scale * rng.uniform(0.8, 1.2))
            summary = self.sentences(c.vi_sentences, target)
            summary_en = self.sentences(c.en_sentences, int(target * 1.1))
        else:
            summary, summary_en = rng.choice(self.short_vi), rng.choice(self.short_en)
        eid = f"su-kien-{day:%Y-%m-%d}-{i:06d}"
        sub, subsub = "    ", "        "
        lines = [f"  - id: {eid}"]
        lines += _scalar("title", title, sub)
        lines += _scalar("title_en", title_en, sub)
        lines.append(f"{sub}date: {_date_text(day, precision)}")
        if end is not None:
            lines.append(f"{sub}end: {_date_text(end, end_precision)}")
        if rng.random() < 0.3:
            lines.append(f"{sub}precision: {precision}")
        outside = rng.random() < 0.03
        if outside:
            lines.append(f"{sub}date_basis: outside")
            lines += _scalar("date_note", "Ngày lấy từ văn bản chính thức; bài viết không nêu ngày.", sub)
        lines.append(f"{sub}kind: {kind}")
        lines.append(f"{sub}level: {level}")
        lines += _scalar("organiser", organiser, sub)
        lines += _scalar("organiser_en", organiser_en, sub)
        if rng.random() < p.p_place:
            place, place_en = rng.choice([*c.places, (prov[0], prov[1])])
            lines += _scalar("place", place, sub)
            lines += _scalar("place_en", place_en, sub)
        lines += _scalar("summary", summary, sub)
        lines += _scalar("summary_en", summary_en, sub)
        if rng.random() < p.p_people:
            lines.append(f"{sub}people:")
            for _ in range(rng.randint(1, p.max_people)):
                name, role, role_en = self.person()
                lines += _scalar("- name", name, sub + "  ")
                lines += _scalar("role", role, subsub)
                lines += _scalar("role_en", role_en, subsub)
                lines.append(f"{subsub}part: {rng.choices(*PART_CHOICES)[0]}")
        if rng.random() < p.p_documents:
            lines.append(f"{sub}documents:")
            for doc in rng.sample(c.documents, rng.randint(1, p.max_documents)):
                lines.append(f"{sub}  - document: {doc}")
                lines.append(f"{subsub}relation: {rng.choice(RELATIONS)}")
        if rng.random() < p.p_tasks:
            lines.append(f"{sub}tasks:")
            for _ in range(rng.randint(1, 12)):
                text, text_en, category = rng.choice(c.tasks)
                if rng.random() < 0.3:
                    category = rng.choice(CATEGORIES)
                lines += _scalar("- text", text, sub + "  ")
                lines += _scalar("text_en", text_en, subsub)
                lines.append(f"{subsub}category: {category}")
                lines.append(f"{subsub}status: {rng.choice(TASK_STATUSES)}")
        if rng.random() < p.p_figures:
            lines.append(f"{sub}figures:")
            for _ in range(rng.randint(1, 4)):
                value, total, unit, unit_en, label, label_en = rng.choice(c.figures)
                if total is not None:
                    value = rng.randint(0, int(total))
                lines.append(f"{sub}  - value: {_number(value)}")
                if total is not None:
                    lines.append(f"{subsub}total: {_number(total)}")
                lines += _scalar("unit", unit, subsub)
                lines += _scalar("unit_en", unit_en, subsub)
                lines += _scalar("label", label, subsub)
                lines += _scalar("label_en", label_en, subsub)
        lines.append(f"{sub}sources:")
        for _ in range(rng.randint(1, p.max_quotes)):
            sid, quote = self.quote()
            lines.append(f"{sub}  - source: {sid}")
            lines += _scalar("quote", quote, subsub)
        if outside:
            lines.append(f"{sub}  - source: {c.reference}")
            lines += _scalar("note", "Trang tham chiếu nêu ngày.", subsub)
        return day, lines


def hash_index(text: str, n: int) -> int:
    """A stable index in range(n) for `text` (Python's hash() changes between runs)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big") % n


def events_text(n: int, *, seed: int = SEED, profile: str | None = None, corpus: Corpus | None = None) -> str:
    """The whole YAML text of a file with `n` events: the real sources, documents and cycles, the real events that
    issue the dated documents, and synthetic events for the rest."""
    corpus = corpus or load_corpus()
    if n < len(corpus.issuing):
        raise ValueError(f"a file needs at least the {len(corpus.issuing)} real events that issue dated documents")
    maker = _Maker(corpus, PROFILES[profile or profile_for(n)], random.Random(f"{seed}:{n}"))
    events = list(corpus.issuing) + [maker.event(i) for i in range(n - len(corpus.issuing))]
    events.sort(key=lambda e: e[0])  # like the real file: in order of first possible day
    note = f"# Synthetic events (bench/generate.py, seed {seed}, profile {profile or profile_for(n)})"
    header = corpus.header.replace("# Events, in order of first possible day", f"{note}, in order of first day")
    return header + "\n\n".join("\n".join(lines) for _day, lines in events) + "\n"


@dataclass(frozen=True)
class Generated:
    path: Path
    n: int
    profile: str
    bytes: int
    seconds: float | None  # None when an up-to-date file was reused


def generate(
    n: int, out: Path = OUT, *, seed: int = SEED, profile: str | None = None, force: bool = False
) -> Generated:
    """Write `events-{n}.yaml` (and seeds/ beside it) under `out`; reuse an up-to-date file."""
    import time

    profile = profile or profile_for(n)
    out.mkdir(parents=True, exist_ok=True)
    seeds = out / "seeds"
    shutil.copytree(Path(DEFAULT_PATH).parent / "seeds", seeds, dirs_exist_ok=True)
    path = out / f"events-{n}.yaml"
    stamp = out / f"events-{n}.stamp"
    want = json.dumps(
        {"version": GENERATOR_VERSION, "n": n, "seed": seed, "profile": profile, "real": _digest(DEFAULT_PATH)}
    )
    if not force and path.exists() and stamp.exists() and stamp.read_text() == want:
        return Generated(path, n, profile, path.stat().st_size, None)
    t0 = time.perf_counter()
    data = events_text(n, seed=seed, profile=profile).encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(f"{n} events in the {profile} profile make {len(data):,} bytes, over the loader's limit")
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    stamp.write_text(want)
    return Generated(path, n, profile, len(data), time.perf_counter() - t0)


def _digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--profile", choices=sorted(PROFILES))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--force", action="store_true", help="write even when an up-to-date file exists")
    args = parser.parse_args(argv)
    for n in args.sizes:
        g = generate(n, args.out, seed=args.seed, profile=args.profile, force=args.force)
        how = "reused" if g.seconds is None else f"written in {g.seconds:.1f} s"
        print(f"{g.path}: {n:,} events, {g.profile} profile, {g.bytes / 1e6:.1f} MB, {how}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
