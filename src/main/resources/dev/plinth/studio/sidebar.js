// The sidebar: every served model with its row count, a search box over the model names, the open
// model marked. Counts are one GET <path>?per_page=0&count=true each (the API runs only the count), all
// sent at once; the list is drawn before any answers, so a slow or refused count never holds it up.
// The home view shows the same list, with counts, in the main area.
import { html, render, nothing } from "lit-html";
import { repeat } from "lit-html/directives/repeat.js";
import { request, session, Problem } from "./api.js";
import { refused } from "./sign-in.js";

let container = null;
let ctx = null;
let selected = null;
let search = "";
// model name → {total:number} | {error:string}; absent while loading
let counts = new Map();
let countsToken = null;
let generation = 0;
const homes = new Set();

/**
 * The count of one model as shown: the number, "…" while loading, "—" (with the reason as title) when
 * the caller may not read it.
 * @param {string} name a model name
 * @returns {import("lit-html").TemplateResult}
 */
function countBadge(name) {
  const count = counts.get(name);
  if (!count) return html`<span class="count loading" data-test="count-${name}" aria-label="counting">…</span>`;
  if (count.error) return html`<span class="count refused" data-test="count-${name}" title=${count.error}>—</span>`;
  return html`<span class="count" data-test="count-${name}">${count.total.toLocaleString("en-US")}</span>`;
}

function matches(model) {
  return model.name.toLowerCase().includes(search.trim().toLowerCase());
}

function draw() {
  if (container && ctx) {
    const shown = ctx.models.filter(matches);
    render(html`
      <label class="model-search">Search models
        <input type="search" data-test="model-search" .value=${search} autocomplete="off"
          @input=${(e) => { search = e.target.value; draw(); }}></label>
      <ul class="model-list">${repeat(shown, (m) => m.name, (m) => html`
        <li><a href="#/models/${encodeURIComponent(m.name)}" data-test="model-${m.name}"
          class=${m.name === selected ? "selected" : ""}
          aria-current=${m.name === selected ? "page" : "false"}><span class="model-name">${m.name}</span>${countBadge(m.name)}</a></li>`)}
      </ul>
      ${shown.length === 0 ? html`<p class="hint" data-test="no-model">No model's name holds “${search}”.</p>` : nothing}`,
    container);
  }
  for (const home of homes) home();
}

/**
 * Reads every model's row count again, in parallel; each count is drawn as it arrives, the old one
 * kept until then. A 401 signs out (the token was refused); any other refusal shows "—" with its reason.
 * @returns {Promise<void>} settled when every count has answered
 */
function loadCounts() {
  if (!ctx) return Promise.resolve();
  if (countsToken !== session.token()) {
    // another caller's counts must never show
    counts = new Map();
    countsToken = session.token();
  }
  const mine = ++generation;
  return Promise.all(ctx.models.map(async (model) => {
    try {
      const answer = await request("GET", model.path + "?per_page=0&count=true");
      if (mine !== generation) return;
      counts.set(model.name, { total: Number(answer.body.total) });
    } catch (e) {
      if (mine !== generation) return;
      if (e instanceof Problem && e.status === 401) {
        generation++;
        refused(e);
        return;
      }
      counts.set(model.name, { error: e instanceof Problem ? e.status + " " + e.code + ": " + e.message : String(e) });
    }
    draw();
  }));
}

/**
 * Renders the model list into the sidebar element and starts reading the counts.
 * @param {HTMLElement} element the sidebar
 * @param {object} context the shell's context (models)
 * @returns {void}
 */
export function mount(element, context) {
  container = element;
  ctx = context;
  draw();
  loadCounts();
}

/**
 * Marks the model whose view is open.
 * @param {string|null} name the model's name, null for none
 * @returns {void}
 */
export function select(name) {
  selected = name;
  draw();
  // a #token= link signs another caller in without a new sidebar: their counts, not the last caller's
  if (ctx && countsToken !== session.token()) loadCounts();
}

/**
 * Reads the row counts again (after a create or delete).
 * @returns {Promise<void>} settled when every count has answered
 */
export function refresh() {
  return loadCounts();
}

/**
 * The home view: every model with its count, its API path and its conventions, in the main area.
 * @param {HTMLElement} view the main element
 * @param {object} context the shell's context (models)
 * @returns {function():void} the unmount function
 */
export function mountHome(view, context) {
  const paint = () => render(html`
    <h1>Models</h1>
    <p class="hint">Every model this server serves, with the rows you may read (<code>count=true</code>).</p>
    <table class="home-models" data-test="home-models">
      <thead><tr><th scope="col">Model</th><th scope="col" class="num">Rows</th><th scope="col">API path</th></tr></thead>
      <tbody>${repeat(context.models, (m) => m.name, (m) => html`
        <tr data-test="home-model-${m.name}">
          <th scope="row"><a href="#/models/${encodeURIComponent(m.name)}">${m.name}</a></th>
          <td class="num">${countBadge(m.name)}</td>
          <td><code>${m.path}</code>${m.softDelete ? html` <span class="tag">soft delete</span>` : nothing}${m.owner
            ? html` <span class="tag">owner-scoped</span>` : nothing}${m.fulltext.length ? html` <span class="tag">search</span>` : nothing}</td>
        </tr>`)}</tbody>
    </table>
    ${context.models.length === 0 ? html`<p class="problem" role="alert">This server serves no model.</p>` : nothing}`, view);
  homes.add(paint);
  paint();
  return () => { homes.delete(paint); };
}
