// Plinth Studio's shell: reads a #token= link, loads the OpenAPI document, lays out the header, the
// sidebar and the main view, and routes the address's fragment to a view module. Routes:
//   #/sign-in                     sign-in.js
//   #/ (and "")                   the model list (sidebar.js's home)
//   #/models/<Model>?<query>      table-view.js (the query is the API list query the table shows)
//   #/models/<Model>/new          row-view.js, create
//   #/models/<Model>/rows/<key>   row-view.js, one row (key as in the API path, percent-encoded)
//   #/schema                      schema-view.js: the schema text and the migration history
//   #/orphans                     orphans-view.js: orphaned tables kept by a held destructive change
// A view module exports mount(container, context) and may return an unmount function.
import { html, render } from "lit-html";
import { session, loadOpenApi, Problem } from "./api.js";
import { models } from "./models.js";
import * as signIn from "./sign-in.js";
import * as sidebar from "./sidebar.js";
import * as tableView from "./table-view.js";
import * as rowView from "./row-view.js";
import * as schemaView from "./schema-view.js";
import * as orphansView from "./orphans-view.js";

const root = document.getElementById("studio");
// the static "Loading…" line is not lit's: clear it, or lit would render beside it
root.textContent = "";
let unmount = null;
let state = { doc: null, models: [] };
// Navigations overlap: route() awaits the OpenAPI document, and a hash change meanwhile starts another. Each
// call takes the next number; one that is no longer the newest when the document arrives stops there, rather
// than mounting its view over the newer one (seen when the first /openapi.json answer was slow).
let navigation = 0;

/** Keeps a mounted view's clean-up when its navigation is still the newest; runs it at once otherwise. */
function keep(generation, cleanup) {
  if (generation === navigation) {
    unmount = cleanup || null;
  } else if (cleanup) {
    try { cleanup(); } catch (e) { /* a view's clean-up never blocks the next view */ }
  }
}

/** Signs in from a #token=<jwt> link, then removes the token from the address bar at once. */
function takeTokenFromAddress() {
  const match = /^#token=([^&]+)/.exec(location.hash);
  if (match) {
    session.signIn(decodeURIComponent(match[1]));
    history.replaceState(null, "", location.pathname + location.search + "#/");
  }
}

/** Parses the fragment into {view, model, key, query}. */
export function parseRoute(hash) {
  const fragment = hash.replace(/^#/, "") || "/";
  const [path, query = ""] = fragment.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "sign-in") return { view: "sign-in" };
  if (parts[0] === "schema") return { view: "schema" };
  if (parts[0] === "orphans") return { view: "orphans", table: parts[1] || null };
  if (parts[0] === "models" && parts[1]) {
    if (parts[2] === "new") return { view: "create", model: parts[1], query };
    if (parts[2] === "rows" && parts[3] !== undefined) return { view: "row", model: parts[1], key: parts[3], query };
    return { view: "table", model: parts[1], query };
  }
  return { view: "home" };
}

/**
 * What every view receives.
 * @returns {{doc:object, models:object[], route:object, navigate:function(string):void,
 *            model:function(string):object|undefined, refreshSidebar:function():void}}
 */
function context(route) {
  return {
    doc: state.doc,
    models: state.models,
    route,
    navigate(hash) { location.hash = hash; },
    model(name) { return state.models.find((m) => m.name === name); },
    refreshSidebar() { sidebar.refresh(); }
  };
}

function shell() {
  const claims = session.claims();
  return html`
    <header class="studio-header">
      <a class="brand" href="#/">Plinth Studio</a>
      <nav class="header-links">
        <a href="#/schema">Schema</a>
        <a href="#/orphans">Orphaned tables</a>
        <a href="/docs" target="_blank" rel="noopener">API reference</a>
      </nav>
      <span class="principal" data-test="principal">${claims.sub ? "Signed in as " + claims.sub : ""}</span>
      <button type="button" class="sign-out" data-test="sign-out"
        @click=${() => { session.signOut(); location.hash = "#/sign-in"; }}>Sign out</button>
    </header>
    <div class="studio-body">
      <aside class="sidebar" id="sidebar" aria-label="Models"></aside>
      <main class="view" id="view" tabindex="-1"></main>
    </div>`;
}

function showError(container, error) {
  const detail = error instanceof Problem ? error.status + " " + error.code + ": " + error.message : String(error);
  render(html`<div class="problem" role="alert" data-test="error">${detail}</div>`, container);
}

async function route() {
  const generation = ++navigation;
  takeTokenFromAddress();
  if (unmount) { try { unmount(); } catch (e) { /* a view's clean-up never blocks the next view */ } unmount = null; }
  const current = parseRoute(location.hash);
  if (current.view === "sign-in" || !session.token()) {
    render(html`<main class="sign-in-page" id="view"></main>`, root);
    keep(generation, await signIn.mount(root.querySelector("#view"), context({ view: "sign-in" })));
    return;
  }
  try {
    if (!state.doc) {
      state.doc = await loadOpenApi();
      state.models = models(state.doc);
    }
  } catch (e) {
    if (generation !== navigation) return;
    render(html`<main class="view" id="view"></main>`, root);
    showError(root.querySelector("#view"), e);
    return;
  }
  if (generation !== navigation) return; // a newer navigation took over while the document loaded
  if (!root.querySelector("#sidebar")) {
    render(shell(), root);
    sidebar.mount(root.querySelector("#sidebar"), context(current));
  }
  render(shell(), root);
  sidebar.select(current.model || null);
  const view = root.querySelector("#view");
  const ctx = context(current);
  try {
    const module = { home: sidebar, table: tableView, create: rowView, row: rowView, schema: schemaView,
      orphans: orphansView }[current.view];
    if (current.view === "home") {
      keep(generation, await sidebar.mountHome(view, ctx));
    } else if ((current.view === "table" || current.view === "row" || current.view === "create") && !ctx.model(current.model)) {
      showError(view, new Error("No model " + current.model + " is served here."));
    } else {
      keep(generation, await module.mount(view, ctx));
    }
  } catch (e) {
    // errors never leave a blank screen
    showError(view, e);
  }
}

window.addEventListener("hashchange", route);
window.addEventListener("unhandledrejection", (event) => {
  const view = document.getElementById("view");
  if (view) showError(view, event.reason);
});
route();
