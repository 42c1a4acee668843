// The sidebar: every served model (to be built: row counts, search across model names).
import { html, render } from "lit-html";

let container = null;
let ctx = null;
let selected = null;

function draw() {
  if (!container) return;
  render(html`<ul class="model-list">${ctx.models.map((m) => html`
    <li><a href="#/models/${encodeURIComponent(m.name)}" data-test="model-${m.name}"
      aria-current=${m.name === selected ? "page" : "false"}>${m.name}</a></li>`)}</ul>`, container);
}

/** Renders the model list into the sidebar element. */
export function mount(element, context) { container = element; ctx = context; draw(); }
/** Marks the model whose view is open (null: none). */
export function select(name) { selected = name; draw(); }
/** Reads the row counts again (after a create or delete). */
export function refresh() { draw(); }
/** The home view: the models in the main area. */
export function mountHome(view, context) {
  render(html`<h1>Models</h1><ul>${context.models.map((m) => html`
    <li><a href="#/models/${encodeURIComponent(m.name)}">${m.name}</a></li>`)}</ul>`, view);
}
