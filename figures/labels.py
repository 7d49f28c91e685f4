"""Labels that name marks on a chart without overlapping: a text-width estimate and a greedy placement.

Placement is computed once, in pixels, for the narrowest and shortest plot the chart is drawn at (`Scale`). Each
label keeps a fixed pixel offset from its mark, so on a wider or taller plot marks move apart while labels keep
their size: two labels (or a label and a mark) that do not overlap at that scale never overlap at a larger one,
as long as they are kept apart along an axis on which their order agrees with their marks' order. That is the
rule checked here; a label that no candidate position satisfies is left out and counted."""

from __future__ import annotations

import bisect
import functools
import itertools
import unicodedata
from dataclasses import dataclass

from core.words import two_lines as _two_lines

FONT_PX = 11
LINE_PX = 13  # the height of one label's box: an 11 px line of DejaVu Sans
LEADING_PX = 1.3 * FONT_PX  # from one line of a label to the next (plotly's line spacing)
_GAP = 4  # between a mark and a label beside it
_CLEAR = 1.5  # px kept free around every marker: a label never touches one
_SLACK = 1.5  # px a label may reach past its lane's edge (onto the separator; other labels are checked all the same)
# Advance widths (in em) of DejaVu Sans, the widest font of the chart's stack (Be Vietnam Pro, Noto Sans, DejaVu Sans,
# Arial): measured in Chromium, rounded up. Narrower fonts only leave more room.
_EM = {
    0.28: "'Iijl",
    0.32: " ,.·",
    0.34: "/:;\\|",
    0.37: "-",
    0.4: "!()[]frt",
    0.46: '"',
    0.5: "*_`–",
    0.54: "?cz",
    0.57: "esF",
    0.6: "kvxyP",
    0.62: "aoTYL",
    0.64: "0123456789$#{}bdghnpquES",
    0.7: "ABCKRVXZ",
    0.78: "&DGHNU",
    0.8: "OQw",
    0.84: "+<=>^~",
    0.88: "M",
    0.96: "%m",
    1.0: "@—…W",
}
_WIDE = {ch: em for em, chars in _EM.items() for ch in chars}


@functools.lru_cache(maxsize=1 << 16)
def text_px(text: str, size: float = FONT_PX) -> float:
    """An upper estimate of the width of one line of `text` at `size` px. A letter with diacritics is its base
    letter and a little more (ơ, ư and the stacked marks are wider)."""
    total = 0.0
    for ch in text:
        em = _WIDE.get(ch)
        if em is None:
            base = unicodedata.normalize("NFD", ch)[:1]
            em = _WIDE.get(base, 0.7) + (0.14 if base.isupper() else 0.07)
        total += em
    return total * size + 1


@dataclass(frozen=True)
class Scale:
    """Pixels per data unit along x and y of the smallest plot the chart is drawn in, and the plot's x extent."""

    x_px: float
    y_px: float
    width_px: float


@dataclass(frozen=True)
class Mark:
    """A mark in data units: from x0 to x1 (equal for a point) at y, `r` pixels around it, and its label."""

    x0: float
    x1: float
    y: float
    r: float
    text: str
    lane_top: float  # the lane's edges in data units: a label stays inside its mark's lane
    lane_bottom: float
    lang: str | None = None  # the label's language, to break it in two lines where one line fits nowhere; None: never


@dataclass(frozen=True)
class Placed:
    """Where a label went: `anchor` is which edge of the label ("left" or "right") sits `dx` pixels from the mark's
    `ref` point ("x0", "x1" or "mid": its start, end or middle), its vertical middle `dy` pixels above the mark's
    centre; `leader` when a thin line ties it to its mark; `lines`, the label as drawn (one line, or two)."""

    index: int
    anchor: str
    ref: str
    dx: float
    dy: float
    width: float
    leader: bool
    lines: tuple[str, ...]


# A box: (left, right, bottom, top) in pixels of the smallest plot, y up, then the data coordinates its left,
# right, bottom and top edges move with on a larger plot.
Box = tuple[float, float, float, float, float, float, float, float]


def _candidates(m: Mark) -> list[tuple[tuple[str, ...], str, str, float, float, bool]]:
    """(lines, anchor, ref, dx, dy, leader) to try, nearest first: on one line beside the mark, just above or below
    it; on two lines beside it (a label twice as tall and about half as wide fits between marks a lane holds close
    together); then on one line in farther rows with a leader line."""
    near = max(LINE_PX, m.r + _CLEAR + LINE_PX / 2) + 0.5  # a row clear of the marker and of a label beside it
    # over a line a label starts (or ends) where the line does; by a marker, just past the marker's edge
    edge = 0.0 if m.x1 > m.x0 else m.r
    one = (m.text,)
    out = [
        (one, "left", "x1", m.r + _GAP, 0.0, False),
        (one, "left", "x0", edge, near, False),
        (one, "left", "x0", edge, -near, False),
        (one, "right", "x0", -m.r - _GAP, 0.0, False),
        (one, "right", "x1", -edge, near, False),
        (one, "right", "x1", -edge, -near, False),
    ]
    two = _broken(m.text, m.lang) if m.lang else ()  # only when tried: most labels fit on one line
    if two:
        out += [(two, "left", "x1", m.r + _GAP, 0.0, False), (two, "right", "x0", -m.r - _GAP, 0.0, False)]
    for k in (1, 2):
        for dy in (near + k * LINE_PX, -near - k * LINE_PX):
            out += [(one, "left", "mid", 2.0, dy, True), (one, "right", "mid", -2.0, dy, True)]
    return out


@functools.lru_cache(maxsize=1 << 14)
def _broken(text: str, lang: str) -> tuple[str, ...]:
    return _two_lines(text, lang, text_px) or ()


def _at(m: Mark, ref: str) -> float:
    return {"x0": m.x0, "x1": m.x1, "mid": (m.x0 + m.x1) / 2}[ref]


def _mark_box(m: Mark, sc: Scale) -> Box:
    y, r = m.y * sc.y_px, m.r + _CLEAR
    return (m.x0 * sc.x_px - r, m.x1 * sc.x_px + r, y - r, y + r, m.x0, m.x1, m.y, m.y)


def _apart(a: Box, b: Box) -> bool:
    """Whether boxes a and b are apart along an axis on which they stay apart on a larger plot: the edges that
    face each other move in the same order as they stand."""
    return (
        (a[1] <= b[0] and a[5] <= b[4])
        or (b[1] <= a[0] and b[5] <= a[4])
        or (a[3] <= b[2] and a[7] <= b[6])
        or (b[3] <= a[2] and b[7] <= a[6])
    )


_NARROW_PX = 400  # a box at most this wide is found by its left edge; a wider one (a long span) is checked always


class _Lane:
    """The boxes taken in one lane, sorted by their left edge, so that a new box is checked only against those that
    may stand in its way. Every box's marks lie within `reach` pixels of it along x (a label's offset from its mark at
    most), so a box more than twice that far away along x is apart from it in pixels and in data order alike."""

    __slots__ = ("boxes", "lefts", "wide")

    def __init__(self) -> None:
        self.lefts: list[float] = []
        self.boxes: list[Box] = []
        self.wide: list[Box] = []

    def add(self, box: Box) -> None:
        if box[1] - box[0] > _NARROW_PX:
            self.wide.append(box)
            return
        i = bisect.bisect_right(self.lefts, box[0])
        self.lefts.insert(i, box[0])
        self.boxes.insert(i, box)

    def near(self, box: Box, far: float):
        """The boxes that may overlap `box`: all but those more than `far` pixels from it along x."""
        lo = bisect.bisect_left(self.lefts, box[0] - far - _NARROW_PX)
        hi = bisect.bisect_left(self.lefts, box[1] + far)
        return itertools.chain(self.wide, itertools.islice(self.boxes, lo, hi))


def place(marks: list[Mark], order: list[int], sc: Scale, walls: tuple[tuple[float, float], ...] = ()) -> list[Placed]:
    """Labels for `marks`, tried in `order` (most important first); a label without a free position is left out.
    `walls`: spans of x (data units) drawn across every lane, such as a congress's days, that a label crosses only
    where it has no other place."""
    far = 1e9
    # A label keeps to its lane (give or take _SLACK), so only boxes of its own and the two neighbouring lanes can
    # touch it: each is checked against those alone, and against the walls.
    lanes = sorted({m.lane_bottom for m in marks})
    lane_of = {bottom: k for k, bottom in enumerate(lanes)}
    by_lane = [_Lane() for _ in lanes]
    for m in marks:
        by_lane[lane_of[m.lane_bottom]].add(_mark_box(m, sc))
    # a label stands at most this far from its mark's point along x (see _candidates): two boxes farther apart than
    # twice that cannot be in an order their marks are not in
    reach = max((m.r for m in marks), default=0.0) + _GAP + 2.0
    wall_boxes: list[Box] = [(x0 * sc.x_px - 1, x1 * sc.x_px + 1, -far, far, x0, x1, -far, far) for x0, x1 in walls]
    placed: list[Placed] = []
    for i in order:
        m = marks[i]
        k = lane_of[m.lane_bottom]
        near = [by_lane[j] for j in (k, k - 1, k + 1) if 0 <= j < len(lanes)]  # its own lane first: most conflicts
        # clear of the walls if any position is; else across one (a label over a pale band reads well enough)
        found = _first_free(m, near, wall_boxes, sc, 2 * reach + 1)
        if found is None and _by_a_wall(m, wall_boxes, sc):
            found = _first_free(m, near, [], sc, 2 * reach + 1)
        if found is not None:
            new, (lines, anchor, ref, dx, dy, leader, w) = found
            for box in new:
                by_lane[k].add(box)
            placed.append(Placed(i, anchor, ref, dx, dy, w, leader, lines))
    return placed


_REACH_PX = 400  # farther than any label reaches from its mark


def _by_a_wall(m: Mark, walls: list[Box], sc: Scale) -> bool:
    """Whether a wall is near enough to `m` to have stood in the way of its label."""
    return any(w[0] - _REACH_PX <= m.x0 * sc.x_px and m.x1 * sc.x_px <= w[1] + _REACH_PX for w in walls)


def _first_free(m: Mark, lanes: list[_Lane], walls: list[Box], sc: Scale, far: float):
    """The first candidate position of `m`'s label apart from every box of `lanes` and every wall: the boxes it
    takes and the position. A lane's boxes more than `far` pixels away along x are apart from it and not looked at."""
    y0 = m.y * sc.y_px
    top, bottom = m.lane_top * sc.y_px + _SLACK, m.lane_bottom * sc.y_px - _SLACK
    widths: dict[tuple[str, ...], float] = {}
    for lines, anchor, ref, dx, dy, leader in _candidates(m):
        w = widths.get(lines)
        if w is None:
            w = widths[lines] = max(text_px(line) for line in lines)
        half = (LINE_PX + LEADING_PX * (len(lines) - 1)) / 2
        yc = y0 + dy
        if yc + half > top or yc - half < bottom:  # out of its lane
            continue
        rx = _at(m, ref)
        x = rx * sc.x_px + dx
        left = x if anchor == "left" else x - w
        if left < 0 or left + w > sc.width_px:  # out of the plot
            continue
        new = [(left, left + w, yc - half, yc + half, rx, rx, m.y, m.y)]
        if leader:  # the line from the mark to the label is kept clear too
            lo, hi = (x - 2, x - 0.5) if anchor == "left" else (x + 0.5, x + 2)
            edge = (m.r + 1) * (1 if dy > 0 else -1)
            new.append((lo, hi, min(y0 + edge, yc), max(y0 + edge, yc), rx, rx, m.y, m.y))
        if _free(new, lanes, walls, far):
            return new, (lines, anchor, ref, dx, dy, leader, w)
    return None


def _free(new: list[Box], lanes: list[_Lane], walls: list[Box], far: float) -> bool:
    for box in new:
        for other in walls:
            if not _apart(box, other):
                return False
        for lane in lanes:
            for other in lane.near(box, far):
                if not _apart(box, other):
                    return False
    return True
