"""The preview's stylesheet and script, served from memory (no file of the disk is served).

The script keeps open pages current without a reload: it listens to the server's events
(`/_/events`; one tab listens for all the tabs of the browser, which holds only six
connections to a server), and when a build is newer than the page it fetches the page
again and swaps its live part (`#live`), keeping the scroll position. It also shows, over the
paragraph under the pointer, where it came from (a link that opens the editor), and
ties each finding to the paragraphs it concerns. It only ever sets text, never markup.
"""

STYLE = """
:root { --ink: #1f2933; --muted: #616e7c; --line: #d9dee5; --error: #c62828;
  --warning: #b7791f; --error-bg: #fdecea; --warning-bg: #fff6dd; --accent: #2563eb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
  background: #eceff3; }
a { color: var(--accent); }
.bar { position: sticky; top: 0; z-index: 5; display: flex; gap: 12px; align-items: center;
  padding: 8px 16px; background: #1f2933; color: #fff; }
.bar a.home { color: #fff; font-weight: 700; text-decoration: none; }
.bar .crumb { color: #cbd2d9; flex: 1; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.state { font-size: 12px; padding: 2px 10px; border-radius: 10px; background: #52606d; }
.state.ok { background: #2f855a; } .state.busy { background: #b7791f; }
.state.down, .state.failed { background: var(--error); }
main { padding: 16px; }
nav.neighbours { font-size: 13px; margin: -4px 0 8px; color: var(--muted); }
.toolbar { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin: 0 0 14px; }
.toolbar h1 { font-size: 20px; margin: 0; flex: 1 1 auto; }
.button { display: inline-block; padding: 6px 12px; border-radius: 6px; background: var(--accent);
  color: #fff; text-decoration: none; font-weight: 600; }
.button.disabled { background: #9aa5b1; cursor: not-allowed; }
.status { text-transform: uppercase; font-size: 11px; font-weight: 700; letter-spacing: .04em;
  padding: 2px 8px; border-radius: 4px; background: #e4e7eb; color: #3e4c59; }
.status.bozza { background: #fff3c4; color: #8d6708; }
.status.definitivo { background: #c6f7e2; color: #05603a; }
.status.inviato { background: #d6e4ff; color: #1d3f8f; }
.count { font-weight: 700; white-space: nowrap; }
.count.error { color: var(--error); } .count.warning { color: var(--warning); }
.count.none { color: var(--muted); font-weight: 400; }
.note { color: var(--muted); margin: 4px 0 12px; }
.layout { display: grid; grid-template-columns: minmax(0, auto) minmax(300px, 400px); gap: 18px;
  align-items: start; justify-content: center; }
.sheet { overflow-x: auto; }
aside.findings { position: sticky; top: 52px; max-height: calc(100vh - 70px); overflow: auto;
  background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
aside h2, .failure h2, section h2 { font-size: 15px; margin: 6px 0 8px; }
ul.findings { list-style: none; margin: 0 0 12px; padding: 0; }
li.finding { border-left: 4px solid var(--warning); background: var(--warning-bg); padding: 6px 10px;
  margin: 0 0 8px; border-radius: 0 6px 6px 0; }
li.finding.error { border-color: var(--error); background: var(--error-bg); }
li.finding.focus { outline: 2px solid var(--accent); }
li.finding .severity { font-weight: 700; text-transform: uppercase; font-size: 11px; margin-right: 6px; }
li.finding.error .severity { color: var(--error); } li.finding.warning .severity { color: var(--warning); }
li.finding .where { font-family: ui-monospace, monospace; font-size: 12px; }
li.finding p { margin: 4px 0; } li.finding .hint { color: var(--muted); }
li.finding .meta { font-size: 12px; color: var(--muted); }
li.finding button { font: inherit; font-size: 12px; border: 0; background: none; color: var(--accent);
  cursor: pointer; padding: 0; text-decoration: underline; }
.failure { background: #fff; border: 2px solid var(--error); border-radius: 8px; padding: 12px 16px;
  max-width: 900px; margin: 0 auto 16px; }
table.deliverables { border-collapse: collapse; background: #fff; width: 100%; max-width: 1100px; }
table.deliverables th, table.deliverables td { text-align: left; padding: 8px 10px;
  border-bottom: 1px solid var(--line); }
section.programme { max-width: 1100px; margin-top: 18px; }
article.docx { background: #fff; color: #000; margin: 0 auto; box-shadow: 0 1px 4px rgba(0,0,0,.25);
  font-family: Carlito, Calibri, "Liberation Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.15; }
article.docx :is(p, h1, h2, h3, h4, h5, h6, li) { margin: 0; font-size: inherit; font-weight: inherit; }
article.docx :is(ol, ul) { margin: 0; padding-left: 2.2em; }
article.docx .docx-header { color: #333; border-bottom: 1px dotted #bbb; padding-bottom: 4pt;
  margin-bottom: var(--body-gap, 24pt); }
article.docx .docx-footer { color: #333; border-top: 1px dotted #bbb; padding-top: 4pt; margin-top: 24pt; }
article.docx table.docx-table { border-collapse: collapse; table-layout: fixed; margin: 4pt 0; }
article.docx table.docx-table :is(td, th) { padding: 0 5.4pt; vertical-align: top; font-weight: inherit;
  text-align: inherit; }
article.docx table.grid :is(td, th) { border: .5pt solid #000; }
article.docx .tab { display: inline-block; width: 2em; }
article.docx .page-break { display: block; border-top: 1px dashed #bbb; margin: 10pt -20pt; }
article.docx [data-source] { border-radius: 2px; }
article.docx [data-source]:hover { outline: 1px dashed #7aa7d9; outline-offset: 2px; }
article.docx .flagged.warning { background: var(--warning-bg); box-shadow: -6px 0 0 var(--warning); }
article.docx .flagged.error { background: var(--error-bg); box-shadow: -6px 0 0 var(--error); }
article.docx .flagged { cursor: pointer; }
article.docx .flash { outline: 3px solid var(--accent); }
#source-badge { position: absolute; z-index: 10; display: none; padding: 2px 8px; white-space: nowrap;
  border-radius: 4px; background: #1f2933; color: #fff; font: 12px ui-monospace, monospace; }
#source-badge.shown { display: block; } #source-badge a { color: #9fd3ff; }
"""

SCRIPT = r"""
(() => {
  "use strict";
  const live = () => document.getElementById("live");
  const state = document.getElementById("live-state");
  const labels = JSON.parse(document.body.dataset.labels || "{}");
  const setState = (name) => { state.className = "state " + name; state.textContent = labels[name] || name; };

  async function refresh() {
    const response = await fetch(location.href, { cache: "no-store" });
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    const next = fresh.getElementById("live");
    if (next && live()) {
      live().replaceWith(document.adoptNode(next));
      document.title = fresh.title;
    }
    badge.classList.remove("shown");
  }
  let queue = Promise.resolve();
  const update = (generation) => {
    if (!live() || live().dataset.generation === generation) return;
    queue = queue.then(refresh).catch(() => setState("failed"));
  };
  const handle = (kind, data) => {
    if (kind === "hello" || kind === "built") { setState("ok"); update(data); }
    else if (kind === "building") setState("busy");
    else if (kind === "down") setState("down");
  };

  // A browser keeps at most six connections to a server: one tab holds the event stream
  // (a Web Lock elects it) and passes each event to the others; when it closes, another
  // takes over. Where locks are missing (not a secure context), each tab listens itself.
  const channel = ("BroadcastChannel" in window) ? new BroadcastChannel("fsegen-serve") : null;
  let last = null;
  const listen = () => new Promise(() => {
    const events = new EventSource("/_/events");
    const pass = (kind, data) => {
      last = [kind, data];
      handle(kind, data);
      if (channel) channel.postMessage(last);
    };
    for (const kind of ["hello", "building", "built"]) {
      events.addEventListener(kind, (e) => pass(kind, e.data));
    }
    events.onerror = () => pass("down", "");
  });
  if (channel && navigator.locks) {
    channel.onmessage = (e) => {
      if (e.data[0] === "ask") { if (last) channel.postMessage(last); }
      else handle(e.data[0], e.data[1]);
    };
    navigator.locks.request("fsegen-serve-events", listen);
    channel.postMessage(["ask", ""]);
  } else {
    listen();
  }

  const badge = document.createElement("div");
  badge.id = "source-badge";
  document.body.append(badge);
  const place = (text, href) => {
    const link = document.createElement(href ? "a" : "span");
    link.textContent = text;
    if (href) link.href = href;
    return link;
  };
  document.addEventListener("mouseover", (event) => {
    const target = event.target.closest && event.target.closest("#live [data-source]");
    if (!target) return;
    badge.replaceChildren(place(target.dataset.source, target.dataset.sourceHref));
    if (target.dataset.item) badge.append(" \u00b7 ", place(target.dataset.item, target.dataset.itemHref));
    const box = target.getBoundingClientRect();
    badge.style.top = (window.scrollY + box.top - 20) + "px";
    badge.style.left = (window.scrollX + box.left) + "px";
    badge.classList.add("shown");
  });

  document.addEventListener("click", (event) => {
    const show = event.target.closest && event.target.closest("[data-show]");
    if (show) {
      const paragraph = document.querySelector('#live [data-findings~="' + show.dataset.show + '"]');
      if (paragraph) {
        paragraph.scrollIntoView({ block: "center" });
        paragraph.classList.add("flash");
        setTimeout(() => paragraph.classList.remove("flash"), 1500);
      }
      return;
    }
    const flagged = event.target.closest && event.target.closest("#live .flagged");
    if (!flagged) return;
    document.querySelectorAll("li.finding.focus").forEach((item) => item.classList.remove("focus"));
    const items = flagged.dataset.findings.split(" ")
      .map((id) => document.getElementById(id)).filter(Boolean);
    items.forEach((item) => item.classList.add("focus"));
    if (items.length) items[0].scrollIntoView({ block: "nearest" });
  });
})();
"""
