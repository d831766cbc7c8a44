// The FitnessAssistant dashboard: plain JavaScript over the AppHost's /api (no framework, no CDN: the machine is offline).
// Routes: #/ resources, #/logs/{resource}, #/traces, #/traces/{traceId}, #/metrics.
"use strict";

const view = document.getElementById("view");
let stopCurrentView = () => {};

// h("a", { href: "#/" }, "text", child): builds elements; text is always set as text, never parsed as HTML.
function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
    else if (key === "style" && typeof value === "object") Object.assign(element.style, value);
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

async function getJson(url) {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

// Runs load() now and every periodMs until the view changes; errors show in place instead of stopping the refresh.
function every(periodMs, load) {
  let timer = null;
  let stopped = false;
  const tick = async () => {
    try { await load(); } catch (error) { console.warn(error); }
    if (!stopped) timer = setTimeout(tick, periodMs);
  };
  tick();
  return () => { stopped = true; clearTimeout(timer); };
}

function since(iso) {
  const seconds = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
}

function ms(value) {
  if (value === null || value === undefined) return "–";
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

const palette = ["#2f5fd0", "#13804b", "#b45d00", "#8e44ad", "#c1272d", "#00838f", "#6d4c41", "#5c6bc0", "#ad1457"];
const serviceColors = new Map();
function colorOf(service) {
  if (!serviceColors.has(service)) serviceColors.set(service, palette[serviceColors.size % palette.length]);
  return serviceColors.get(service);
}

// ---------------------------------------------------------------------------------------------------------------
// Header links: the public entry and Prometheus.
async function showLinks() {
  try {
    const info = await getJson("/api/info");
    const links = document.getElementById("links");
    links.replaceChildren(
      h("span", {}, "gateway ", h("a", { href: info.gateway, target: "_blank", id: "gateway-link" }, info.gateway)),
      info.prometheus ? h("span", {}, "prometheus ", h("a", { href: info.prometheus, target: "_blank" }, info.prometheus)) : null);
  } catch (error) {
    console.warn(error);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Resources: state, health, endpoints, restarts, a link to the logs.
function resourcesView() {
  const table = h("tbody");
  const credentials = h("tbody");
  const credentialsPanel = h("div", { class: "panel credentials", hidden: true },
    h("h2", {}, "Local development credentials"), h("table", {}, credentials));
  view.replaceChildren(
    h("div", { class: "panel" },
      h("h2", {}, "Resources"),
      h("table", { id: "resources" },
        h("thead", {}, h("tr", {}, ["Name", "Kind", "State", "Health", "Restarts", "Endpoints", "PIDs", "For", "Logs"].map(t => h("th", {}, t)))),
        table)),
    credentialsPanel);

  return every(1000, async () => {
    const resources = await getJson("/api/resources");
    table.replaceChildren(...resources.map(r => h("tr", {
        "data-resource": r.name, "data-state": r.state, "data-health": r.health, "data-restarts": r.restarts,
      },
      h("td", {}, h("strong", {}, r.name)),
      h("td", { class: "muted" }, r.kind),
      h("td", {}, h("span", { class: `badge ${r.state}`, "data-role": "state" }, r.state),
        r.detail ? h("div", { class: "detail" }, r.detail) : null,
        r.lastExit ? h("div", { class: "detail" }, `last exit: ${r.lastExit.process} code ${r.lastExit.exitCode ?? "?"}, ${since(r.lastExit.at)} ago`) : null),
      h("td", {}, h("span", { class: `badge ${r.health}`, "data-role": "health" }, r.health),
        r.healthDetail && r.health !== "Healthy" ? h("div", { class: "detail" }, r.healthDetail) : null),
      h("td", { class: "num", "data-role": "restarts" }, r.restarts),
      h("td", {}, Object.entries(r.endpoints).map(([name, url]) =>
        h("div", {}, url.startsWith("http") ? h("a", { href: url, target: "_blank" }, `${name}: ${url}`) : h("span", { class: "mono" }, `${name}: ${url}`)))),
      h("td", { class: "mono" }, r.pids.join(" ")),
      h("td", { class: "muted" }, since(r.stateSince)),
      h("td", {}, h("a", { href: r.logsUrl }, "logs")))));

    const rows = resources.flatMap(r => r.credentials.map(c => h("tr", {}, h("td", {}, r.name), h("td", {}, c.label), h("td", {}, c.value))));
    credentials.replaceChildren(...rows);
    credentialsPanel.hidden = rows.length === 0;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Logs: one resource's output, live over server-sent events.
function logsView(resource) {
  const log = h("div", { id: "log", "data-resource": resource || "" });
  const select = h("select", { id: "log-resource", onchange: e => { location.hash = `#/logs/${encodeURIComponent(e.target.value)}`; } });
  const filter = h("input", { type: "search", placeholder: "filter", id: "log-filter" });
  let follow = true;
  const followBox = h("input", { type: "checkbox", checked: true, onchange: e => { follow = e.target.checked; } });
  view.replaceChildren(h("div", { class: "panel" },
    h("div", { class: "toolbar" }, h("h2", { style: { margin: 0 } }, "Logs"), select, filter, h("label", {}, followBox, " follow")),
    log));

  getJson("/api/resources").then(resources => {
    select.replaceChildren(...resources.map(r => h("option", { value: r.name, selected: r.name === resource }, r.name)));
    if (!resource && resources.length) location.hash = `#/logs/${encodeURIComponent(resources[resources.length - 1].name)}`;
  });
  if (!resource) return () => {};

  const matches = line => !filter.value || line.textContent.toLowerCase().includes(filter.value.toLowerCase());
  filter.addEventListener("input", () => { for (const line of log.children) line.hidden = !matches(line); });

  const source = new EventSource(`/api/resources/${encodeURIComponent(resource)}/logs/stream`);
  source.addEventListener("log", event => {
    const entry = JSON.parse(event.data);
    const time = new Date(entry.timestamp).toISOString().substring(11, 23);
    const line = h("span", { class: `line lvl-${entry.level || "none"}` },
      h("span", { class: "time" }, time, " "),
      entry.level ? `${entry.level.padEnd(5)} ` : "",
      entry.category ? h("span", { class: "cat" }, entry.category, ": ") : "",
      entry.message,
      entry.exception ? `\n${entry.exception}` : "",
      entry.traceId ? h("span", {}, "  ", h("a", { href: `#/traces/${entry.traceId}` }, "trace")) : "");
    line.hidden = !matches(line);
    log.append(line);
    while (log.childElementCount > 5000) log.firstElementChild.remove();
    if (follow) log.scrollTop = log.scrollHeight;
  });
  return () => source.close();
}

// ---------------------------------------------------------------------------------------------------------------
// Traces: the newest first, filterable by service.
function tracesView() {
  const body = h("tbody");
  const select = h("select", { id: "trace-service" }, h("option", { value: "" }, "all services"));
  view.replaceChildren(h("div", { class: "panel" },
    h("div", { class: "toolbar" }, h("h2", { style: { margin: 0 } }, "Traces"), select, h("span", { class: "muted" }, "probe and scrape requests are not listed")),
    h("table", { id: "traces" },
      h("thead", {}, h("tr", {}, ["Started", "Root", "Services", "Spans", "Duration", ""].map(t => h("th", {}, t)))),
      body)));

  const known = new Set();
  select.addEventListener("change", () => refresh());
  const refresh = async () => {
    const traces = await getJson(`/api/traces?limit=200&service=${encodeURIComponent(select.value)}`);
    for (const service of traces.flatMap(t => t.services)) {
      if (!known.has(service)) { known.add(service); select.append(h("option", { value: service }, service)); }
    }
    body.replaceChildren(...traces.map(t => h("tr", { class: "clickable", "data-trace-id": t.traceId, onclick: () => { location.hash = `#/traces/${t.traceId}`; } },
      h("td", { class: "mono" }, new Date(t.startUnixNano / 1e6).toLocaleTimeString()),
      h("td", {}, h("span", { class: "waterfall" }, h("span", { class: "svc", style: { background: colorOf(t.rootService) } }, t.rootService)), t.rootName),
      h("td", {}, t.services.join(", ")),
      h("td", { class: "num" }, t.spanCount),
      h("td", { class: "num" }, ms(t.durationMs)),
      h("td", { class: "error-text" }, t.hasError ? "error" : ""))));
    if (!traces.length) body.replaceChildren(h("tr", {}, h("td", { colspan: 6, class: "empty" }, "No traces yet: send a request through the gateway.")));
  };
  return every(3000, refresh);
}

// One trace as a waterfall: spans in tree order, bars placed on the trace's time axis.
function traceView(traceId) {
  const container = h("div", { class: "panel" }, h("p", { class: "muted" }, "loading…"));
  view.replaceChildren(container);
  let loaded = false;
  // Spans of a trace arrive from each service within a second or two: reload until the trace stops growing.
  return every(2000, async () => {
    if (loaded) return;
    let trace;
    try {
      trace = await getJson(`/api/traces/${encodeURIComponent(traceId)}`);
    } catch {
      container.replaceChildren(h("h2", {}, "Trace ", h("code", {}, traceId)), h("p", { class: "empty" }, "Not received (yet)."));
      return;
    }
    const previousCount = container.dataset.spanCount;
    container.dataset.spanCount = trace.spans.length;
    if (previousCount === String(trace.spans.length) && Date.now() - trace.summary.startUnixNano / 1e6 > 10000) loaded = true;
    renderTrace(container, trace);
  });
}

function renderTrace(container, trace) {
  const spans = trace.spans;
  const start = Math.min(...spans.map(s => s.startUnixNano));
  const end = Math.max(...spans.map(s => s.endUnixNano));
  const total = Math.max(1, end - start);
  const children = new Map();
  const ids = new Set(spans.map(s => s.spanId));
  for (const span of spans) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : "";
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(span);
  }
  const ordered = [];
  const visit = (parent, depth) => {
    for (const span of (children.get(parent) || []).sort((a, b) => a.startUnixNano - b.startUnixNano)) {
      ordered.push({ span, depth });
      visit(span.spanId, depth + 1);
    }
  };
  visit("", 0);

  const detail = h("div", { class: "attributes" });
  const rows = ordered.map(({ span, depth }) => {
    const row = h("div", { class: "row", "data-span-id": span.spanId, "data-service": span.service },
      h("div", { class: "name", style: { paddingLeft: `${8 + depth * 16}px` }, title: span.name },
        h("span", { class: "svc", style: { background: colorOf(span.service) } }, span.service), span.name),
      h("div", { class: "track" }, h("div", {
        class: `bar${span.status === "error" ? " error" : ""}`,
        style: {
          left: `${((span.startUnixNano - start) / total) * 100}%`,
          width: `${Math.max(0.2, ((span.endUnixNano - span.startUnixNano) / total) * 100)}%`,
          background: colorOf(span.service),
        },
      })),
      h("div", { class: "dur" }, ms((span.endUnixNano - span.startUnixNano) / 1e6)));
    row.addEventListener("click", () => {
      for (const other of container.querySelectorAll(".row.selected")) other.classList.remove("selected");
      row.classList.add("selected");
      detail.replaceChildren(h("h3", {}, `${span.service} · ${span.name}`), h("table", {}, h("tbody", {},
        [["kind", span.kind], ["instance", span.instance], ["scope", span.scope], ["status", span.status + (span.statusMessage ? `: ${span.statusMessage}` : "")],
         ["span id", span.spanId], ["duration", ms(span.durationMs)], ...Object.entries(span.attributes)]
          .map(([key, value]) => h("tr", {}, h("td", {}, key), h("td", { class: "mono" }, value))))),
        span.events.length ? h("div", {}, h("h3", {}, "Events"), ...span.events.map(e => h("div", { class: "mono" }, `${ms((e.timeUnixNano - start) / 1e6)} ${e.name}`))) : null);
    });
    return row;
  });

  const services = [...new Set(spans.map(s => s.service))];
  container.replaceChildren(
    h("h2", {}, "Trace ", h("code", { id: "trace-id" }, trace.summary.traceId)),
    h("p", { class: "muted" }, `${spans.length} spans · ${services.length} services (${services.join(", ")}) · ${ms(total / 1e6)}`),
    h("div", { class: "waterfall", id: "waterfall", "data-services": services.join(",") }, rows),
    detail,
    trace.logs.length ? h("div", {}, h("h3", {}, "Log records of this trace"), h("table", {}, h("tbody", {},
      trace.logs.map(l => h("tr", {}, h("td", { class: "mono" }, ms((l.timeUnixNano - start) / 1e6)), h("td", {}, l.service), h("td", {}, l.severity),
        h("td", { class: "muted" }, l.category), h("td", {}, l.message)))))) : null);
}

// ---------------------------------------------------------------------------------------------------------------
// Metrics: headline figures per service, and the latest value of the project's own meters.
function metricsView() {
  const headlines = h("tbody");
  const latest = h("tbody");
  view.replaceChildren(
    h("div", { class: "panel" },
      h("h2", {}, "Services, last minute"),
      h("table", { id: "headlines" },
        h("thead", {}, h("tr", {}, ["Service", "Requests/s", "Error rate", "p95 latency", "Requests"].map(t => h("th", {}, t)))), headlines),
      h("p", { class: "muted" }, "From each service's http.server.request.duration histogram over OTLP; health probes and scrapes excluded. Prometheus has the same series at /metrics.")),
    h("div", { class: "panel" },
      h("h2", {}, "Project meters (FitnessAssistant.*), latest values"),
      h("table", {}, h("thead", {}, h("tr", {}, ["Service", "Instance", "Metric", "Attributes", "Value"].map(t => h("th", {}, t)))), latest)));

  return every(5000, async () => {
    const [heads, values] = await Promise.all([getJson("/api/metrics/headlines"), getJson("/api/metrics/latest")]);
    headlines.replaceChildren(...heads.map(m => h("tr", { "data-service": m.service },
      h("td", {}, m.service),
      h("td", { class: "num" }, m.requestsPerSecond.toFixed(2)),
      h("td", { class: `num${m.errorRate > 0.05 ? " error-text" : ""}` }, `${(m.errorRate * 100).toFixed(1)}%`),
      h("td", { class: "num" }, ms(m.p95Ms)),
      h("td", { class: "num" }, m.requests))));
    if (!heads.length) headlines.replaceChildren(h("tr", {}, h("td", { colspan: 5, class: "empty" }, "No requests in the last minute.")));
    latest.replaceChildren(...values.map(m => h("tr", {},
      h("td", {}, m.service), h("td", { class: "muted" }, m.instance), h("td", { class: "mono" }, m.name + (m.unit ? ` (${m.unit})` : "")),
      h("td", { class: "muted mono" }, m.attributes), h("td", { class: "mono" }, m.value))));
    if (!values.length) latest.replaceChildren(h("tr", {}, h("td", { colspan: 5, class: "empty" }, "No project meter has reported yet.")));
  });
}

// ---------------------------------------------------------------------------------------------------------------
function route() {
  stopCurrentView();
  const [, page = "", argument] = location.hash.replace(/^#/, "").split("/").map(decodeURIComponent);
  for (const link of document.querySelectorAll("[data-nav]")) {
    link.classList.toggle("active", link.dataset.nav === (page || "resources"));
  }
  switch (page) {
    case "logs": stopCurrentView = logsView(argument); break;
    case "traces": stopCurrentView = argument ? traceView(argument) : tracesView(); break;
    case "metrics": stopCurrentView = metricsView(); break;
    default: stopCurrentView = resourcesView(); break;
  }
}

window.addEventListener("hashchange", route);
showLinks();
route();
