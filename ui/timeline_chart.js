// The timeline chart, drawn by plotly.js in the page (see ui/timeline_chart.py).
//
// data: { lib: URL of plotly.js, shown: key of the view to show, figures: {key: figure JSON}, config: plotly config,
//         filenames: {key: the name of the view's PNG from the toolbar},
//         nav: [[class of a button's container, index of the button or -1 for any, key of the view it leads to]],
//         hold: a key to send back as the state "hold" once shown (the server then sends the other views) }
//
// Each view held is drawn once, in a plot of its own, kept hidden until it is shown: the view shown first, the
// others while the page is idle. A click on a button of `nav` whose view is held shows it at once, while Streamlit
// sends the click to the server as usual; the server's answer, showing the same view, then changes nothing here.
// A view is shown when its plot is on screen: the host then sends the event "timeline-shown" (its uirevision and
// number of events), for the bench and the tests. A click on an event is sent as the trigger "select":
// {selection: {points: [{customdata, curve_number, point_index}]}}, as st.plotly_chart's selection reads.

const loaded = {};

function plotly(url) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!loaded[url]) {
    loaded[url] = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => resolve(window.Plotly);
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
  const text = chart.data.figures[key];
  const width = hostWidth(chart);
  let view = chart.views.get(key);
  if (!view) {
    const div = document.createElement("div");
    div.hidden = true;
    chart.host.appendChild(div);
    view = { div, text: null, width: null, figure: null, drawing: Promise.resolve() };
    chart.views.set(key, view);
  }
  view.drawing = view.drawing.then(async () => {
    if (view.text === text && view.width === width) return;
    const Plotly = await chart.lib;
    const figure = JSON.parse(text);
    // laid out but unseen while drawn (plotly measures its text)
    view.div.classList.add("timeline-drawing");
    view.div.hidden = false;
    const config = chart.data.config;
    const image = { ...config.toImageButtonOptions, filename: chart.data.filenames[key] };
    await Plotly.react(view.div, figure.data, { ...figure.layout, width }, { ...config, toImageButtonOptions: image });
    view.div.classList.remove("timeline-drawing");
    view.div.hidden = chart.host.dataset.shown !== key;
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
  });
  return view.drawing.then(() => view);
}

// Show the view `key`: its plot (drawn first if it is not yet, or no longer matches) in place of the one shown.
async function show(chart, key) {
  chart.shown = key;
  const view = await render(chart, key);
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
    if (!(key in chart.data.figures)) {
      if (window.Plotly) window.Plotly.purge(view.div);
      view.div.remove();
      chart.views.delete(key);
    }
  }
  const next = () => {
    if (generation !== chart.generation) return; // new data came: its own round has begun
    const width = hostWidth(chart);
    const key = Object.keys(chart.data.figures).find((k) => {
      const view = chart.views.get(k);
      return !view || view.text !== chart.data.figures[k] || view.width !== width;
    });
    if (key === undefined) return;
    render(chart, key).then(() => requestIdleCallback(next, { timeout: 1000 }), () => {});
  };
  requestIdleCallback(next, { timeout: 1000 });
}

// The view a click on `target` leads to, if `target` is one of the navigation's buttons.
function destination(nav, target) {
  const button = target.closest && target.closest("button");
  if (!button) return null;
  for (const [box, index, key] of nav) {
    const container = document.querySelector(`.${CSS.escape(box)}`);
    if (!container || !container.contains(button)) continue;
    if (index < 0 || container.querySelectorAll("button")[index] === button) return key;
  }
  return null;
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
    chart = { host, views: new Map(), shown: null, generation: 0 };
    // Streamlit has taken the press already (its buttons act on the pointer's release, before the click event)
    chart.onClick = (event) => {
      const key = destination(chart.data.nav, event.target);
      if (key !== null && key in chart.data.figures) show(chart, key);
    };
    // from the keyboard, Streamlit's buttons act on the key's release and no click follows: Enter or Space on a
    // button, or an arrow that moved the choice of the year buttons along
    chart.onKey = (event) => {
      const button = document.activeElement && document.activeElement.closest("button");
      if (!button) return;
      const press = event.key === "Enter" || event.key === " ";
      if (press || (event.key.startsWith("Arrow") && button.getAttribute("aria-checked") === "true")) {
        chart.onClick({ target: button });
      }
    };
    document.addEventListener("click", chart.onClick, true);
    document.addEventListener("keyup", chart.onKey, true);
    chart.resize = new ResizeObserver(() => {
      const view = chart.views.get(chart.shown);
      if (view && view.width !== null && hostWidth(chart) !== view.width) {
        show(chart, chart.shown).then(() => drawHeld(chart)); // the others again at the new width, when idle
      }
    });
    chart.resize.observe(host);
    parentElement.__timeline = chart;
  }
  chart.data = data;
  chart.setTriggerValue = setTriggerValue;
  chart.lib = plotly(data.lib);
  // what the page holds, for tests and the bench: how many views, and whether it still asks the server for more
  chart.host.dataset.held = String(Object.keys(data.figures).length);
  chart.host.dataset.asking = data.hold ? "true" : "false";
  show(chart, data.shown).then(() => {
    if (data.hold) setStateValue("hold", data.hold);
    drawHeld(chart);
  });
  return () => {
    document.removeEventListener("click", chart.onClick, true);
    document.removeEventListener("keyup", chart.onKey, true);
    chart.resize.disconnect();
    chart.generation++;
    if (window.Plotly) for (const view of chart.views.values()) window.Plotly.purge(view.div);
    delete parentElement.__timeline;
  };
}
