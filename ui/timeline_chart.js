// The timeline chart, drawn by plotly.js in the page (see ui/timeline_chart.py).
//
// data: { lib: address of plotly.js, shown: key of the view to show,
//         figures: {key: figure JSON, or null where the page has it (sent before)}, digests: {key: its digest},
//         config: plotly config, filenames: {key: the name of the view's PNG from the toolbar},
//         buttons: [[class of a row of buttons' container (the years, ◀, ▶, the months),
//                    {key of a view held: [key of the view each of its buttons leads to from there, in order]}]],
//         filters: [[class of a filter's container (a multiselect), [its options' labels, in order],
//                    {key of a view held: {toggle: [key of the view each option, chosen or removed, leads to],
//                                          none: key of the view its "Clear all" leads to}}]],
//         hold: a key to send back as the state "hold" once shown (the server then sends the other views) }
//
// Each view held is drawn once, in a plot of its own, kept hidden until it is shown: the view shown first, the
// others while the page is idle. A click on a year or month button or ◀ ▶, or a choice in a filter's list (an
// option chosen, a chosen option's ✕, "Clear all"), whose view is held shows it at once,
// while Streamlit sends the click to the server as usual. Until the server shows that same view, its answers to
// earlier clicks are not shown (the chart never goes back to a view left behind), unless no other answer follows within
// SETTLE_MS: then the server has settled elsewhere (it can take two quick clicks on ◀ as one) and its view is shown.
// A view is shown when its plot is on screen: the host then sends the event "timeline-shown" (its uirevision and
// number of events), for the bench and the tests. A click on an event is sent as the trigger "select":
// {selection: {points: [{customdata, curve_number, point_index}]}}, as st.plotly_chart's selection reads. Where
// plotly.js cannot be loaded or draw, the state "failed" says why, and the server draws Streamlit's chart instead.
// A figure the server sent before comes as null, with its digest; if the page has no figure of that digest for its
// key (drawn anew, or an answer it never saw), the state "missing" asks for every figure in full.

const loaded = {};
const SETTLE_MS = 600; // after an answer that is not the view the page showed, how long to wait for the next
const UNANSWERED_MS = 15000; // after a view shown at once, how long to wait for any answer
const idle = window.requestIdleCallback || ((callback) => setTimeout(callback, 50));

function plotly(url) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!loaded[url]) {
    loaded[url] = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => (window.Plotly ? resolve(window.Plotly) : reject(new Error(`no plotly.js at ${url}`)));
      script.onerror = () => {
        delete loaded[url];
        reject(new Error(`plotly.js could not be loaded from ${url}`));
      };
      document.head.appendChild(script);
    });
  }
  return loaded[url];
}

function hostWidth(chart) {
  return Math.floor(chart.host.getBoundingClientRect().width) || undefined;
}

// Draw the view `key` of the data into its plot (made if new), hidden unless it is the one on screen.
function render(chart, key) {
  const { figures, config, filenames } = chart.data; // the figure and its config from the same data
  const text = figures[key];
  const width = hostWidth(chart);
  let view = chart.views.get(key);
  if (!view) {
    const div = document.createElement("div");
    div.hidden = true;
    chart.host.appendChild(div);
    view = { div, text: null, width: null, figure: null, drawing: Promise.resolve() };
    chart.views.set(key, view);
  }
  const draw = async () => {
    if (view.text === text && view.width === width) return;
    const Plotly = await chart.lib;
    const figure = JSON.parse(text);
    const image = { ...config.toImageButtonOptions, filename: filenames[key] };
    // laid out but unseen while drawn (plotly measures its text)
    view.div.classList.add("timeline-drawing");
    view.div.hidden = false;
    try {
      await Plotly.react(view.div, figure.data, { ...figure.layout, width }, { ...config, toImageButtonOptions: image });
    } finally {
      view.div.classList.remove("timeline-drawing");
      view.div.hidden = chart.host.dataset.shown !== key;
    }
    Object.assign(view, { text, width, figure });
    if (!view.div.__listening) {
      view.div.__listening = true;
      view.div.on("plotly_click", (event) => {
        const points = (event.points || [])
          .filter((p) => p.customdata !== undefined)
          .map((p) => ({ customdata: p.customdata, curve_number: p.curveNumber, point_index: p.pointNumber }));
        if (points.length) chart.setTriggerValue("select", { selection: { points } });
      });
    }
  };
  view.drawing = view.drawing.catch(() => {}).then(draw); // a failed draw does not stop the next one
  return view.drawing.then(() => view);
}

// Show the view `key`: its plot (drawn first if it is not yet, or no longer matches) in place of the one shown.
async function show(chart, key) {
  chart.shown = key;
  chart.showing++; // the plots held wait meanwhile (see drawHeld)
  let view;
  try {
    view = await render(chart, key);
  } finally {
    chart.showing--;
  }
  if (chart.shown !== key) return; // another view was asked for meanwhile
  for (const other of chart.views.values()) other.div.hidden = other !== view;
  chart.host.prepend(view.div); // the first plot of the chart is the one on screen
  chart.host.dataset.shown = key;
  chart.host.style.height = `${view.figure.layout.height}px`;
  const layout = view.figure.layout;
  chart.host.dispatchEvent(
    new CustomEvent("timeline-shown", {
      bubbles: true,
      detail: { uirevision: String(layout.uirevision), n_events: (layout.meta || {}).n_events ?? null },
    })
  );
}

// Draw the other views held while the page is idle, one at a time; drop the plots of views no longer held.
function drawHeld(chart) {
  const generation = ++chart.generation;
  for (const [key, view] of chart.views) {
    if (!(key in chart.data.figures) && key !== chart.shown) {
      chart.views.delete(key);
      view.drawing
        .catch(() => {})
        .then(() => {
          if (window.Plotly) window.Plotly.purge(view.div);
          view.div.remove();
        });
    }
  }
  const next = () => {
    if (generation !== chart.generation) return; // new data came: its own round has begun
    if (chart.showing) return setTimeout(() => idle(next), 100); // a view to show first: it does not wait behind
    const width = hostWidth(chart);
    const key = Object.keys(chart.data.figures).find((k) => {
      const view = chart.views.get(k);
      return !view || view.text !== chart.data.figures[k] || view.width !== width;
    });
    if (key !== undefined) render(chart, key).then(() => idle(next, { timeout: 1000 }), () => {});
  };
  idle(next, { timeout: 1000 });
}

// The view a press on `button` leads to, if it is one of the navigation's buttons (from the view on screen).
function destination(chart, button) {
  // a press on the button chosen already leaves the view as it is (Streamlit's segmented control keeps it)
  if (button.getAttribute("aria-checked") === "true") return null;
  for (const [box, leads] of chart.data.buttons) {
    const row = document.querySelector(`.${CSS.escape(box)}`);
    if (row && row.contains(button)) {
      return (leads[chart.shown] || [])[[...row.querySelectorAll("button")].indexOf(button)] ?? null;
    }
  }
  return null;
}

// The view a choice in a filter's list leads to (from the view on screen): an option of its open list (whose
// data-key is its place among the options; "Select all" and "Select N matches" are not held), the ✕ on a chosen
// option's tag, "Clear all". The open list is the filter's whose input has the focus.
function choice(chart, { option = null, button = null }) {
  for (const [box, labels, leads] of chart.data.filters || []) {
    const row = document.querySelector(`.${CSS.escape(box)}`);
    const lead = leads[chart.shown];
    if (!row || !lead) continue;
    if (option && row.contains(document.activeElement)) {
      const i = option.getAttribute("data-key");
      return /^[0-9]+$/.test(i) ? lead.toggle[Number(i)] ?? null : null;
    }
    if (button && row.contains(button)) {
      const tag = button.closest("[data-tag]");
      if (tag) {
        const i = labels.indexOf(tag.getAttribute("aria-label"));
        return i >= 0 ? lead.toggle[i] : null;
      }
      return button.getAttribute("aria-label") === "Clear all" ? lead.none : null;
    }
  }
  return null;
}

const LIST_OPTION = '[data-testid="stMultiSelectDropdown"] [role="option"]';

function go(chart, button) {
  goTo(chart, button && destination(chart, button));
}

function goTo(chart, key) {
  if (key === null || key === undefined || !(key in chart.data.figures)) return;
  chart.local = key;
  clearTimeout(chart.settle);
  // should no answer come (a press the widget did not take after all), the server's view again
  chart.settle = setTimeout(() => {
    chart.local = null;
    show(chart, chart.data.shown).catch((e) => fail(chart, e));
  }, UNANSWERED_MS);
  show(chart, key).catch((e) => fail(chart, e));
}

// A rerun the page asks for itself (the views one click away, the figures it misses) is sent once the server's run
// is over, and only if no newer answer came meanwhile (`token`). Every rerun carries the widgets as the page has
// them: one sent while a later click was on its way (a month, then ◀) would carry the month from before ◀, and the
// server, which has moved the month widget itself since, would take it for a new choice and go back to that month.
function whenIdle(chart, token, send) {
  const app = document.querySelector('[data-testid="stApp"]');
  const ready = () => !app || app.dataset.testScriptState === "notRunning";
  if (ready()) {
    send();
    return;
  }
  const watch = new MutationObserver(() => {
    if (chart.token !== token) watch.disconnect();
    else if (ready()) {
      watch.disconnect();
      send();
    }
  });
  watch.observe(app, { attributes: true, attributeFilter: ["data-test-script-state"] });
}

function fail(chart, error) {
  console.warn("The timeline could not be drawn in the page:", error);
  chart.setStateValue("failed", String(error && error.message ? error.message : error));
}

export default function (component) {
  const { data, parentElement, setStateValue, setTriggerValue } = component;
  let chart = parentElement.__timeline;
  if (!chart) {
    const host = document.createElement("div");
    host.className = "timeline-chart";
    const style = document.createElement("style");
    style.textContent =
      ".timeline-chart { position: relative; }" +
      ".timeline-chart > .timeline-drawing { position: absolute; top: 0; left: 0; visibility: hidden; }";
    parentElement.append(style, host);
    chart = { host, style, views: new Map(), shown: null, generation: 0, local: null, showing: 0 };
    // Streamlit's buttons act on the pointer's release, before the click event: by then Streamlit has the press
    chart.onClick = (event) => {
      const button = event.target.closest && event.target.closest("button");
      if (!button) return;
      if (button.closest("[data-tag]")) goTo(chart, choice(chart, { button })); // a tag's ✕
      else go(chart, button);
    };
    // a filter's list and its "Clear all" act on the pointer's release, and take the option (or the button) away:
    // no click follows on it
    // (only where the press began on it too: a press dragged onto it from elsewhere chooses nothing)
    const pressable = (target) =>
      (target.closest && (target.closest(LIST_OPTION) || target.closest('button[aria-label="Clear all"]'))) || null;
    chart.onPress = (event) => {
      chart.pressed = event.button === 0 ? pressable(event.target) : null;
    };
    chart.onRelease = (event) => {
      const target = event.button === 0 ? pressable(event.target) : null;
      const pressed = chart.pressed;
      chart.pressed = null;
      if (!target || target !== pressed) return;
      const option = target.matches(LIST_OPTION) ? target : null;
      goTo(chart, choice(chart, { option, button: option ? null : target }));
    };
    // from the keyboard, the year buttons act on the key's release and no click follows (◀ ▶ are clicked)
    chart.onKey = (event) => {
      const button = document.activeElement && document.activeElement.closest('button[role="radio"]');
      if (button && (event.key === "Enter" || event.key === " ")) go(chart, button);
    };
    // a filter's list chooses its option in focus as the Enter key goes down
    chart.onKeyDown = (event) => {
      if (event.isComposing || event.keyCode === 229) return; // Enter that ends a word of an input method
      const option = event.key === "Enter" && document.querySelector(`${LIST_OPTION}[data-focused="true"]`);
      if (option) goTo(chart, choice(chart, { option }));
    };
    document.addEventListener("click", chart.onClick, true);
    document.addEventListener("pointerdown", chart.onPress, true);
    document.addEventListener("pointerup", chart.onRelease, true);
    document.addEventListener("keyup", chart.onKey, true);
    document.addEventListener("keydown", chart.onKeyDown, true);
    chart.resize = new ResizeObserver(() => {
      const view = chart.views.get(chart.shown);
      if (view && view.width !== null && hostWidth(chart) !== view.width) {
        // the others again at the new width, when idle
        show(chart, chart.shown).then(() => drawHeld(chart), (e) => fail(chart, e));
      }
    });
    chart.resize.observe(host);
    parentElement.__timeline = chart;
  }
  const token = (chart.token = {}); // a cleanup of an earlier call must not undo this one
  const figures = {};
  const missing = [];
  const texts = new Map(); // the views no longer held are let go
  for (const [key, text] of Object.entries(data.figures)) {
    const digest = data.digests[key];
    const had = chart.texts && chart.texts.get(key);
    if (typeof text === "string") texts.set(key, { text, digest });
    else if (had && had.digest === digest) texts.set(key, had);
    else missing.push(key);
    if (texts.has(key)) figures[key] = texts.get(key).text;
  }
  chart.texts = texts;
  chart.data = { ...data, figures };
  chart.setTriggerValue = setTriggerValue;
  chart.setStateValue = setStateValue;
  chart.lib = plotly(data.lib);
  // what the page holds, for tests and the bench: how many views, and whether it still asks the server for more
  chart.host.dataset.held = String(Object.keys(figures).length);
  chart.host.dataset.asking = data.hold || missing.length ? "true" : "false";
  chart.host.dataset.answered = data.shown; // the view of the server's last answer (shown: the one on screen)
  clearTimeout(chart.settle);
  const ask = () =>
    whenIdle(chart, token, () => {
      if (missing.length) {
        chart.asks = (chart.asks || 0) + 1;
        setStateValue("missing", [chart.asks, missing]); // a new value each time: the server sends them all again
      } else if (data.hold) {
        setStateValue("hold", data.hold);
      }
    });
  // the server's view on screen, then the views it holds asked for; the answer to "missing" shows it
  const follow = () => {
    chart.local = null;
    if (missing.length) ask();
    else
      show(chart, data.shown)
        .then(() => {
          ask();
          drawHeld(chart);
        })
        .catch((e) => fail(chart, e));
  };
  if (chart.local !== null && data.shown !== chart.local) {
    // an answer to an earlier click, while the page shows the view of a later one: left off screen, and nothing is
    // asked of the server for it (see whenIdle) unless no other answer follows (the server has settled on it)
    chart.settle = setTimeout(follow, SETTLE_MS);
    drawHeld(chart);
  } else {
    follow(); // the server shows what the page showed
  }
  return () => {
    if (chart.token !== token) return;
    document.removeEventListener("click", chart.onClick, true);
    document.removeEventListener("pointerdown", chart.onPress, true);
    document.removeEventListener("pointerup", chart.onRelease, true);
    document.removeEventListener("keyup", chart.onKey, true);
    document.removeEventListener("keydown", chart.onKeyDown, true);
    chart.resize.disconnect();
    clearTimeout(chart.settle);
    chart.generation++;
    if (window.Plotly) for (const view of chart.views.values()) window.Plotly.purge(view.div);
    chart.host.remove();
    chart.style.remove();
    delete parentElement.__timeline;
  };
}
