"""The view state in the session, kept in step with the widgets and the URL's query string."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from core.filtering import people_names
from core.i18n import label, month_label, month_name, t
from core.state import LANES, YEARS, ViewState
from loaders import Dataset
from loaders.schema import CATEGORIES, CYCLE_IDS, EVENT_KINDS, LEVELS, TASK_STATUSES

from .memo import Memo

VIEW = "view"
WRITTEN = "view_url"
BOUND = "view_bound"  # this session's widgets bound to the view: field -> {widget key: view value -> widget value}
LANG_KEY = "w_lang"
ALL = "all"
# the filters chosen from a list, several at once: the view's field, the widget's key, the labels' group, the options
# in order, the widget's label (ui.timeline_chart holds the views their options lead to)
CHOICES = (
    ("kinds", "w_kinds", "kind", EVENT_KINDS, "field.kind"),
    ("levels", "w_levels", "level", LEVELS, "field.level"),
    ("categories", "w_categories", "category", CATEGORIES, "field.category"),
    ("statuses", "w_statuses", "status", TASK_STATUSES, "field.status"),
)


def current() -> ViewState:
    """The session's view. A new session takes the one its URL describes (a bookmark restores it), and
    so does a session whose URL was changed from outside (a link, the address bar, Back). A URL emptied
    by a page switch in the sidebar keeps the session's view."""
    params = st.query_params.to_dict()
    if VIEW not in st.session_state or (params and params != st.session_state.get(WRITTEN)):
        st.session_state[VIEW] = ViewState.from_query(params)
        st.session_state[WRITTEN] = params
        forget_widgets()  # widgets start again from the new view
    return st.session_state[VIEW]


def acted() -> None:
    """Call first in a widget's callback. The rerun of a click carries the page's URL as it was at the click, which
    is older than the session's view when the click came before the answer to the one before it (a month, then ◀,
    quicker than the server): that URL is the page's own, not a link or Back, and never replaces the view."""
    params = st.query_params.to_dict()
    if VIEW in st.session_state and params != st.session_state.get(WRITTEN):
        st.session_state[WRITTEN] = params  # the view stands; this run writes its URL (sync_url)


def forget_widgets(keep: tuple[str, ...] = ()) -> None:
    """Drop the widgets' own state (but those in `keep`), so each is drawn again from the view."""
    for key in [k for k in st.session_state if str(k).startswith("w_") and k not in keep]:
        del st.session_state[key]


def update(**changes) -> ViewState:
    """Change the view, and every bound widget whose value follows from it (call before those widgets
    are drawn in a run, e.g. from a callback). A change of years without a month is to whole years.

    A change of language starts every widget but the language's own again from the view: their keys
    carry the language, so the browser never sends back a label of the other language."""
    acted()
    if "years" in changes:
        changes.setdefault("month", None)  # another year (or the same one picked again) is a whole year
    view = replace(current(), **changes)
    st.session_state[VIEW] = view
    if "lang" in changes:
        forget_widgets(keep=(LANG_KEY,))
    bound = st.session_state.get(BOUND, {})
    for name in changes:
        for key, to_widget in bound.get(name, {}).items():
            if key in st.session_state:
                st.session_state[key] = to_widget(getattr(view, name))
    return view


def known(view: ViewState, ds: Dataset | None, memo: Memo | None = None) -> ViewState:
    """The view with a person or document the data does not know read as no filter (a stale link, a
    translated label, a name removed from the file); unchanged while no data is loaded."""
    if ds is None or not (view.person or view.document):
        return view
    person, document = view.person, view.document
    if person and person not in set(_people(ds, memo)):
        person = None
    if document and document not in set(ds.documents["id"]):
        document = None
    return replace(view, person=person, document=document)


def sync_view(ds: Dataset | None, memo: Memo | None = None) -> ViewState:
    """Make the session's view one the data can show (see `known`), before any widget is drawn."""
    view = current()
    clean = known(view, ds, memo)
    if clean != view:
        update(person=clean.person, document=clean.document)
    return clean


def sync_url() -> None:
    """Write the view into the URL, so that it can be bookmarked and shared."""
    wanted = current().to_query()
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
    st.session_state[WRITTEN] = wanted


def bind(
    name: str,
    key: str,
    to_widget: Callable = lambda v: v,
    from_widget: Callable = lambda v: v,
    options: Collection | None = None,
    localised: bool = True,
    start: str = "value",
) -> dict:
    """Keyword arguments that tie a widget to one field of the view, both ways.

    The widget's key carries the language (unless `localised` is false: its labels are the same in
    both), so a language switch draws a new widget from the view. A value that is not one of
    `options` (a label the browser kept from before the options or their labels changed) never
    reaches the view: the widget is set back to what the view says.

    The widget's own default is the view's value too (`start` names the argument that sets it: "value", "default",
    or "index" into `options`, then a sequence in the widget's order). A browser that draws a widget anew without
    its state starts it from that default and sends it back (seen on a first page, phone-wide, under load): the
    widget's empty default (every year, no filter, Vietnamese) would then replace the view."""
    key = f"{key}.{current().lang}" if localised else key
    st.session_state.setdefault(BOUND, {}).setdefault(name, {})[key] = to_widget
    value = to_widget(getattr(current(), name))
    if key not in st.session_state:
        st.session_state[key] = value
    if start == "index":
        options = list(options or ())
        initial = options.index(value) if value in options else 0
    else:
        initial = value

    def changed() -> None:
        acted()
        if key not in st.session_state:  # dropped by an earlier change of this run (a language switch)
            return
        value = st.session_state[key]
        if options is not None and not _among(value, options):
            st.session_state[key] = to_widget(getattr(current(), name))
            return
        update(**{name: from_widget(value)})

    return {"key": key, "on_change": changed, start: initial}


def _among(value, options: Collection) -> bool:
    """Whether a widget's value (one option, none, or a list of options) is made of `options` only."""
    if isinstance(value, list | tuple):
        return all(v in options for v in value)
    return value is None or value in options


def _year_range(v) -> tuple[int, int]:
    """The slider's value as (first, last); a range with equal ends may come back as one year."""
    if isinstance(v, int | str):
        return (int(v), int(v))
    return (int(v[0]), int(v[-1]))


def _tuple(v) -> tuple:
    return tuple(v or ())


def render_sidebar(ds: Dataset | None, memo: Memo | None = None) -> DeltaGenerator:
    """The shared filters (their choices kept in `memo`) but the years, for which it returns the place: those
    follow the timeline's year buttons, so a page may draw them with what it redraws on a year click
    (`render_years`)."""
    view = current()
    lang = view.lang
    sb = st.sidebar
    sb.segmented_control(
        t("app.language", lang),
        options=["vi", "en"],
        format_func={"vi": "Tiếng Việt", "en": "English"}.get,
        selection_mode="single",
        **bind(
            "lang",
            LANG_KEY,
            from_widget=lambda v: v or "vi",
            options=("vi", "en"),
            localised=False,
            start="default",
        ),
    )
    years_box = sb.container(key="sidebar_years")  # filled by render_years (in a page's fragment or not)
    sb.selectbox(
        t("field.cycle", lang),
        options=[ALL, *CYCLE_IDS],
        format_func=lambda c: t("filters.any", lang) if c == ALL else label("cycle", c, lang),
        **bind(
            "cycle",
            "w_cycle",
            to_widget=lambda v: v or ALL,
            from_widget=lambda v: None if v == ALL else v,
            options=(ALL, *CYCLE_IDS),
            start="index",
        ),
    )
    for name, key, group, options, field in CHOICES:
        sb.multiselect(
            t(field, lang),
            options=list(options),
            format_func=lambda v, g=group: label(g, v, lang),
            placeholder=t("filters.any", lang),
            **bind(name, key, to_widget=list, from_widget=_tuple, options=options, start="default"),
        )
    people = _people(ds, memo)
    if ds is None and view.person:  # no data to check it against: kept as the URL gave it
        people = [*people, view.person]
    sb.selectbox(
        t("field.person", lang),
        options=[ALL, *people],
        format_func=lambda p: t("filters.any", lang) if p == ALL else p,
        **bind(
            "person",
            "w_person",
            to_widget=lambda v: v or ALL,
            from_widget=lambda v: None if v == ALL else v,
            options=[ALL, *people],
            start="index",
        ),
    )
    numbers = {} if ds is None else dict(zip(ds.documents["id"], ds.documents["number"], strict=True))
    if ds is None and view.document:  # no data to check it against: kept as the URL gave it
        numbers[view.document] = view.document
    sb.selectbox(
        t("field.document", lang),
        options=[ALL, *numbers],
        format_func=lambda d: t("filters.any", lang) if d == ALL else numbers.get(d, d),
        **bind(
            "document",
            "w_document",
            to_widget=lambda v: v or ALL,
            from_widget=lambda v: None if v == ALL else v,
            options=[ALL, *numbers],
            start="index",
        ),
    )
    sb.text_input(
        t("field.text", lang),
        placeholder=t("filters.text_hint", lang),
        max_chars=200,
        **bind("text", "w_text", from_widget=lambda v: (v or "").strip()),
    )
    sb.button(t("filters.reset", lang), on_click=reset_filters, key="w_reset", width="stretch")
    sb.toggle(t("report.toggle", lang), help=t("report.help", lang), **bind("report", "w_report", from_widget=bool))
    return years_box


def render_years(box: DeltaGenerator) -> None:
    """The years slider in the sidebar's place for it (see `render_sidebar`), and the chosen month, if any."""
    view = current()
    lang = view.lang
    first, last = view.years
    box.slider(
        f"{t('field.years', lang)}: {first}" + (f"–{last}" if last != first else ""),
        min_value=YEARS[0],
        max_value=YEARS[-1],
        step=1,
        **bind("years", "w_years", to_widget=tuple, from_widget=_year_range),
    )
    if view.month:  # chosen on the timeline; shown on every page, one click to the whole year
        box.button(
            month_label(view.years[0], view.month, lang),
            icon=":material/close:",
            help=t("filters.whole_year", lang),
            key="w_clear_month",
            on_click=lambda: update(month=None),
        )


def _people(ds: Dataset | None, memo: Memo | None) -> list[str]:
    """Every person the data names, as the person filter offers them (kept in `memo` per loaded file)."""
    if ds is None:
        return []
    return list(memo.get("people", None, lambda: people_names(ds)) if memo else people_names(ds))


def reset_filters() -> None:
    """Back to every event, keeping the language and the open page."""
    update(
        years=ViewState().years,
        cycle=None,
        kinds=(),
        levels=(),
        categories=(),
        statuses=(),
        person=None,
        document=None,
        text="",
    )


def render_year_nav(lang: str) -> None:
    """All years, each year, previous and next: one click to any year."""
    row = st.container(horizontal=True, vertical_alignment="center", gap="small")
    row.button(f"◀ {t('nav.prev', lang)}", key="w_prev_year", help=t("nav.prev_year", lang), on_click=_step, args=(-1,))
    row.segmented_control(
        t("nav.year", lang),
        options=[ALL, *YEARS],
        format_func=lambda y: t("nav.all_years", lang) if y == ALL else str(y),
        selection_mode="single",
        label_visibility="collapsed",
        **bind(
            "years",
            "w_year_nav",
            to_widget=lambda ys: ALL if ys == ViewState().years else (ys[0] if ys[0] == ys[1] else None),
            from_widget=lambda v: (
                current().years if v is None else ViewState().with_year(None if v == ALL else v).years
            ),
            options=(ALL, *YEARS),
            start="default",
        ),
    )
    row.button(f"{t('nav.next', lang)} ▶", key="w_next_year", help=t("nav.next_year", lang), on_click=_step, args=(1,))


def _step(delta: int) -> None:
    acted()
    view = current().step_year(delta)
    update(years=view.years, month=view.month)


def event_link(view: ViewState, event_id: str, year: int) -> dict[str, str]:
    """The query of a link to an event on the timeline: this view on the event's whole year, the event open."""
    return view.with_year(int(year)).to_query() | {"event": event_id}


def render_month_nav(lang: str) -> None:
    """The months of the one year in view: the whole year, or one month (where a dense year shows events one by
    one)."""
    year = current().year
    if year is None:
        return
    st.segmented_control(
        t("nav.month", lang),
        options=[ALL, *range(1, 13)],
        format_func=lambda m: t("nav.whole_year", lang) if m == ALL else month_name(m, lang),
        selection_mode="single",
        label_visibility="collapsed",
        **bind(
            "month",
            "w_month_nav",
            to_widget=lambda m: m or ALL,
            from_widget=lambda m: current().month if m is None else (None if m == ALL else m),
            options=(ALL, *range(1, 13)),
            start="default",
        ),
    )


def render_lane_choice(lang: str) -> str:
    """Lanes of the timeline: by kind, level or organising body."""
    st.segmented_control(
        t("nav.lanes", lang),
        options=list(LANES),
        format_func=lambda v: t(
            {"kind": "field.kind", "level": "field.level", "organiser": "field.organiser"}[v], lang
        ),
        selection_mode="single",
        **bind("lane", "w_lane", from_widget=lambda v: v or "kind", options=LANES, start="default"),
    )
    return current().lane
