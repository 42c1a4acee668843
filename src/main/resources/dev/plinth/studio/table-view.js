// The table view, #/models/<Model>?<query>: the fragment's query IS the list query sent to the API
// (docs/query.md), so reload and back keep the state and the Studio can show the request it makes. Every
// control (sort, filters, search, columns, show deleted, paging) writes a new query into the fragment;
// the shell then mounts this view again, which draws the previous rows at once (same model, same caller)
// and replaces them when the new page arrives, so nothing jumps while loading.
import { html, render, nothing } from "lit-html";
import { repeat } from "lit-html/directives/repeat.js";
import { live } from "lit-html/directives/live.js";
import { request, session, Problem } from "./api.js";
import { refused, go as navigate } from "./sign-in.js";
import { RESERVED, parseFilters, filterEntries, filterColumns, filterBar, group } from "./filter-bar.js";

/** A page's rows: the API's default page size, small enough to render at once. */
const PAGE_SIZE = 50;
/** How many single-row DELETEs a bulk delete keeps in flight. */
const DELETES_IN_FLIGHT = 6;
const PAGES_KEY = "plinth.studio.pages";

// The last page drawn, so a remount after a query change shows it until the new page arrives.
let last = null;

/**
 * Writes list parameters as a query string, leaving the grammar's , ( ) : and a value's = readable (they
 * need no escaping in a query) and escaping everything else as encodeURIComponent does.
 * @param {Array<[string,string]>} entries
 * @returns {string} e.g. "status=lead&orderBy=name:desc,id&limit=50"
 */
export function queryString(entries) {
  const enc = (s) => encodeURIComponent(s).replace(/%2C/g, ",").replace(/%28/g, "(").replace(/%29/g, ")").replace(/%3A/g, ":");
  // a value's own "=" (inside a group) is unambiguous after its parameter's first "=": left readable too
  return entries.map(([k, v]) => enc(k) + "=" + enc(v).replace(/%3D/g, "=")).join("&");
}

/**
 * Reads orderBy ("a:desc,b", "-a") into its columns and directions.
 * @param {string|null} text
 * @returns {Array<{column:string, desc:boolean}>}
 */
export function parseOrder(text) {
  if (!text) return [];
  return text.split(",").map((s) => s.trim()).filter(Boolean).map((s) => {
    if (s.startsWith("-")) return { column: s.slice(1), desc: true };
    const [column, dir] = s.split(":");
    return { column, desc: (dir || "").toLowerCase() === "desc" };
  });
}

function writeOrder(order) {
  return order.map((o) => o.column + (o.desc ? ":desc" : "")).join(",");
}

/**
 * The key of a row as the API's path writes it: each key value URL-encoded, joined by commas.
 * @param {object} model
 * @param {object} row
 * @returns {string} e.g. "7" or "3,2026-01-31"
 */
function apiKey(model, row) {
  return model.key.map((k) => encodeURIComponent(String(row[k]))).join(",");
}

/** The fragment of a row's view: the API key, percent-encoded once more as a path segment. */
function rowHash(modelName, key) {
  return "#/models/" + encodeURIComponent(modelName) + "/rows/" + encodeURIComponent(key);
}

/**
 * The member a labels=true answer puts beside a foreign key: x-plinth's labelKey, else the names
 * docs/search-and-relations.md ("Display labels") gives it.
 * @param {object} relation a to-one relation (models.js)
 * @returns {string[]} the candidate member names, best first
 */
function labelKeys(relation) {
  if (relation.labelKey) return [relation.labelKey];
  if (relation.labelKey === null) return [];
  const field = relation.fields[0];
  const keys = [];
  if (field.endsWith("_id")) keys.push(field.slice(0, -3) + "_label");
  else if (field.endsWith("Id")) keys.push(field.slice(0, -2) + "Label", field.slice(0, -2) + "_label");
  keys.push(field + "_label");
  return keys;
}

/** A column's type as the header shows it: an enum, a JSON Schema format, or its JSON type; "?" when nullable. */
function typeText(column) {
  const s = column.schema;
  const base = s.enum ? "enum" : s.contentEncoding === "base64" ? "bytes" : s.format || column.type;
  return base + (column.nullable ? "?" : "");
}

function cellText(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * Renders the table view of ctx.route.model with the query of ctx.route.query.
 * @param {HTMLElement} container the main element
 * @param {object} ctx the shell's context (doc, model(name), route, navigate, refreshSidebar)
 * @returns {function():void} the unmount function
 */
export function mount(container, ctx) {
  const model = ctx.model(ctx.route.model);
  let mounted = true;
  const params = new URLSearchParams(ctx.route.query || "");
  const keyed = model.key.length > 0;

  // The defaults join the fragment, so the query shown is the one sent.
  let normalized = false;
  if (keyed && !params.has("limit") && !params.has("page") && !params.has("per_page")) { params.set("limit", String(PAGE_SIZE)); normalized = true; }
  if (!keyed && !params.has("per_page")) { params.set("per_page", String(PAGE_SIZE)); normalized = true; }
  const toOne = model.relations.filter((r) => r.kind === "to-one" && r.fields.length > 0);
  if (toOne.some((r) => labelKeys(r).length) && !params.has("labels")) { params.set("labels", "true"); normalized = true; }
  const hashOf = (p) => "#/models/" + encodeURIComponent(model.name) + "?" + queryString([...p]);
  if (normalized) history.replaceState(history.state, "", hashOf(params));

  const pageMode = params.has("page") || params.has("per_page");
  const order = parseOrder(params.get("orderBy"));
  const select = params.get("select") ? params.get("select").split(",").map((s) => s.trim()) : null;
  const cursor = params.get("cursor") || "";
  // the query without its position: what the cursors and the total belong to
  const base = new URLSearchParams(params);
  ["cursor", "page"].forEach((p) => base.delete(p));
  const baseText = queryString([...base]);
  // The cursors of the pages walked, for Previous; one walk is kept (a tab walks one table at a time), so
  // walking 100,000 rows keeps 2,000 cursors, never one list per query ever opened.
  const walk = baseText + "\n" + model.name;
  let stack;
  try {
    const stored = JSON.parse(sessionStorage.getItem(PAGES_KEY) || "null");
    stack = stored && stored.walk === walk ? stored.cursors : [""];
  } catch (e) {
    stack = [""];
  }
  let position = stack.indexOf(cursor);
  if (position < 0) { stack = cursor ? [cursor] : [""]; position = 0; }
  const keepWalk = () => sessionStorage.setItem(PAGES_KEY, JSON.stringify({ walk, cursors: stack }));
  keepWalk();

  const filters = parseFilters(params);
  let tree = filters.tree;
  const appliedFilters = queryString(filterEntries(tree));
  const columnsForFilter = filterColumns(ctx.doc, model, ctx.model);
  const labelNames = new Set(toOne.flatMap(labelKeys));
  const allColumns = model.columns.filter((c) => !labelNames.has(c.name));
  const shown = select ? select.map((n) => allColumns.find((c) => c.name === n) || { name: n, schema: {}, type: "", nullable: false })
    : allColumns;
  const fkOf = new Map();
  for (const r of toOne) fkOf.set(r.fields[0], r);

  const token = session.token();
  const reuse = last && last.model === model.name && last.token === token;
  let rows = reuse ? last.rows : [];
  let nextCursor = null;
  let total = reuse && last.baseText === baseText ? last.total : null;
  let loading = true;
  let problem = null;
  let selected = new Set();
  let confirming = false;
  let deleting = false;
  let bulkResult = null;
  let search = params.get("q") || "";

  // the same query again (Apply unchanged) reads the page again
  const go = (p) => navigate(hashOf(p));
  // A change of what the rows are (filters, order, columns, search) starts again at the first page.
  const withChange = (change) => {
    const p = new URLSearchParams(params);
    p.delete("cursor");
    if (p.has("page")) p.set("page", "1");
    change(p);
    go(p);
  };
  const draftParams = () => {
    const p = new URLSearchParams();
    for (const [k, v] of filterEntries(tree)) p.append(k, v);
    for (const raw of filters.unread) { const at = raw.indexOf("="); p.append(raw.slice(0, at), raw.slice(at + 1)); }
    for (const [k, v] of params) if (RESERVED.has(k) && k !== "cursor") p.append(k, v);
    if (p.has("page")) p.set("page", "1");
    return p;
  };

  const sortBy = (column, shift) => withChange((p) => {
    let next = order.map((o) => ({ ...o }));
    const at = next.findIndex((o) => o.column === column);
    if (shift) {
      if (at >= 0) next[at].desc = !next[at].desc; else next.push({ column, desc: false });
    } else {
      next = [{ column, desc: at >= 0 && next.length === 1 ? !next[at].desc : false }];
    }
    p.set("orderBy", writeOrder(next));
  });

  const chooseColumns = (name, on) => withChange((p) => {
    const chosen = new Set(select || allColumns.map((c) => c.name));
    if (on) chosen.add(name); else chosen.delete(name);
    model.key.forEach((k) => chosen.add(k));
    const names = allColumns.map((c) => c.name).filter((n) => chosen.has(n));
    if (names.length === allColumns.length) p.delete("select"); else p.set("select", names.join(","));
  });

  const showPage = (target) => {
    const p = new URLSearchParams(params);
    if (pageMode) {
      p.set("page", String(target));
    } else if (target) {
      p.set("cursor", target);
    } else {
      p.delete("cursor");
    }
    go(p);
  };
  const next = () => {
    if (pageMode) return showPage(Number(params.get("page") || 1) + 1);
    stack = stack.slice(0, position + 1).concat(nextCursor);
    keepWalk();
    showPage(nextCursor);
  };
  const previous = () => (pageMode ? showPage(Math.max(1, Number(params.get("page") || 1) - 1)) : showPage(stack[position - 1]));

  const draw = () => {
    if (mounted) render(view(), container);
  };

  const load = async () => {
    loading = true;
    problem = null;
    draw();
    try {
      const answer = await request("GET", model.path + "?" + queryString([...params]));
      const answered = performance.now();
      if (!mounted) return;
      rows = answer.body.data || [];
      nextCursor = pageMode ? null : answer.body.next_cursor || null;
      loading = false;
      selected = new Set([...selected].filter((k) => rows.some((r) => apiKey(model, r) === k)));
      last = { model: model.name, token, rows, baseText, total };
      draw();
      // layout included: the time until the page could be painted
      void container.offsetHeight;
      window.__plinthRender = { answered, rendered: performance.now(), rows: rows.length };
    } catch (e) {
      if (!mounted) return;
      if (e instanceof Problem && e.status === 401) { refused(e); return; }
      loading = false;
      problem = e;
      draw();
    }
  };

  const count = async () => {
    if (total !== null) return;
    const p = new URLSearchParams();
    for (const [k, v] of params) if (!RESERVED.has(k) || k === "q" || k === "with_deleted") p.append(k, v);
    p.set("per_page", "0");
    p.set("count", "true");
    try {
      const answer = await request("GET", model.path + "?" + queryString([...p]));
      if (!mounted) return;
      total = Number(answer.body.total);
      if (last && last.baseText === baseText) last.total = total;
      draw();
    } catch (e) { /* the page's own request shows why; the total just stays unknown */ }
  };

  const deleteSelected = async () => {
    const keys = [...selected];
    deleting = true;
    confirming = false;
    draw();
    const failures = [];
    let done = 0;
    const queue = keys.slice();
    const worker = async () => {
      while (queue.length) {
        const key = queue.shift();
        try {
          await request("DELETE", model.path + "/" + key);
          done++;
        } catch (e) {
          if (e instanceof Problem && e.status === 401) { refused(e); return; }
          failures.push({ key, problem: e });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(DELETES_IN_FLIGHT, keys.length) }, worker));
    if (!mounted) return;
    deleting = false;
    selected = new Set(failures.map((f) => f.key));
    bulkResult = { asked: keys.length, done, failures };
    total = null;
    ctx.refreshSidebar();
    count();
    load();
  };

  const rowLink = (row) => rowHash(model.name, apiKey(model, row));
  const clickRow = (event, row) => {
    if (event.target.closest("a, button, input, label, select")) return;
    if (keyed) ctx.navigate(rowLink(row));
  };

  const cell = (row, column) => {
    const value = row[column.name];
    const relation = fkOf.get(column.name);
    if (relation && value !== null && value !== undefined) {
      const label = labelKeys(relation).map((k) => row[k]).find((v) => v !== undefined && v !== null);
      const key = relation.fields.map((f) => encodeURIComponent(String(row[f]))).join(",");
      return html`<a href=${rowHash(relation.model, key)} data-test="fk-${column.name}" title="${relation.model} ${value}">${label !== undefined
        ? html`${label} <span class="fk-id">#${value}</span>` : value}</a>`;
    }
    if (keyed && model.key[0] === column.name) {
      return html`<a href=${rowLink(row)} data-test="row-link">${cellText(value)}</a>${model.softDelete && row[model.softDelete]
        ? html` <span class="tag deleted-tag" data-test="deleted-badge">deleted</span>` : nothing}`;
    }
    const text = cellText(value);
    if (text === null) return html`<span class="null">null</span>`;
    return text.length > 120 ? text.slice(0, 120) + "…" : text;
  };

  const header = (column) => {
    const at = order.findIndex((o) => o.column === column.name);
    const sort = at >= 0 ? (order[at].desc ? "descending" : "ascending") : "none";
    return html`<th scope="col" aria-sort=${sort}>
      <button type="button" class="sort" data-test="sort-${column.name}" title="Sort by ${column.name} (shift-click: add to the sort)"
        @click=${(e) => sortBy(column.name, e.shiftKey)}>
        <span class="col-name">${column.name}</span>
        <span class="col-type">${typeText(column)}</span>
        ${at >= 0 ? html`<span class="sort-mark" aria-hidden="true">${order[at].desc ? "▼" : "▲"}${order.length > 1 ? at + 1 : ""}</span>` : nothing}
      </button></th>`;
  };

  // the request this page sent, until the filters are edited: then the request Apply would send
  const apiUrl = () => location.origin + model.path + "?"
    + queryString([...(queryString(filterEntries(tree)) === appliedFilters ? params : draftParams())]);

  const copy = async (event) => {
    const input = event.target.closest(".api-url").querySelector("input");
    try {
      await navigator.clipboard.writeText(input.value);
    } catch (e) {
      // no clipboard permission (e.g. a page not served over a secure origin): select it for the user instead
      input.select();
    }
  };

  const status = () => {
    if (loading) return "Loading…";
    if (problem) return "The last request failed.";
    const first = pageMode ? (Number(params.get("page") || 1) - 1) * Number(params.get("per_page") || PAGE_SIZE) : stack[0] === "" ? position * Number(params.get("limit") || PAGE_SIZE) : null;
    if (rows.length === 0) return position > 0 || Number(params.get("page") || 1) > 1 ? "No more rows" : "No rows match";
    const range = first === null ? rows.length + " rows" : "Rows " + (first + 1) + "–" + (first + rows.length);
    return range + (total === null ? "" : " of " + total.toLocaleString("en-US"));
  };

  const view = () => html`
    <div class="table-view" data-test="table-view">
      <div class="table-title">
        <h1>${model.name}</h1>
        <code class="model-path">${model.path}</code>
        <a class="button" href="#/models/${encodeURIComponent(model.name)}/new" data-test="new-row">New ${model.name}</a>
      </div>
      <div class="table-tools">
        ${model.fulltext.length ? html`
          <form class="search" role="search" data-test="search" @submit=${(e) => { e.preventDefault(); withChange((p) => { if (search.trim()) p.set("q", search); else p.delete("q"); }); }}>
            <label>Search ${model.fulltext.join(", ")}
              <input type="search" data-test="search-input" .value=${search} autocomplete="off" @input=${(e) => { search = e.target.value; }}></label>
            <button type="submit" data-test="search-go">Search</button>
          </form>` : nothing}
        ${model.softDelete ? html`
          <label class="toggle"><input type="checkbox" data-test="show-deleted" .checked=${live(params.get("with_deleted") === "true")}
            @change=${(e) => withChange((p) => { if (e.target.checked) p.set("with_deleted", "true"); else p.delete("with_deleted"); })}>
            Show deleted</label>` : nothing}
        <details class="columns-chooser" data-test="columns">
          <summary>Columns (${shown.length} of ${allColumns.length})</summary>
          <div class="columns-list">${allColumns.map((c) => html`
            <label><input type="checkbox" data-test="column-${c.name}" .checked=${live(!select || select.includes(c.name))}
              ?disabled=${model.key.includes(c.name)}
              @change=${(e) => chooseColumns(c.name, e.target.checked)}> ${c.name}</label>`)}</div>
        </details>
      </div>
      ${filterBar({
        tree, columns: columnsForFilter, unread: filters.unread,
        change: draw,
        apply: () => go(draftParams()),
        clear: () => { tree = group("and"); filters.unread = []; go(draftParams()); }
      })}
      <div class="api-url">
        <label for="api-url">API request</label>
        <input id="api-url" readonly data-test="api-url" .value=${apiUrl()} @focus=${(e) => e.target.select()}>
        <button type="button" class="quiet" data-test="copy-url" @click=${copy}>Copy</button>
      </div>
      ${problem ? html`<div class="problem" role="alert" data-test="table-error">${problem instanceof Problem
        ? problem.status + " " + problem.code + ": " + problem.message : String(problem)}</div>` : nothing}
      ${bulkResult ? html`
        <p class="notice" role="status" data-test="bulk-result">Deleted ${bulkResult.done} of ${bulkResult.asked} rows.</p>
        ${bulkResult.failures.length ? html`<div class="problem" role="alert" data-test="bulk-failures">
          <p>${bulkResult.failures.length} could not be deleted:</p>
          <ul>${bulkResult.failures.map((f) => html`<li>${model.name} ${decodeURIComponent(f.key)}: ${f.problem instanceof Problem
            ? f.problem.status + " " + f.problem.code + ": " + f.problem.message : String(f.problem)}</li>`)}</ul></div>` : nothing}` : nothing}
      <div class="table-bar">
        <p class="table-status" role="status" data-test="table-status">${status()}</p>
        ${keyed ? html`
          <button type="button" class="danger" data-test="delete-selected" ?disabled=${selected.size === 0 || deleting}
            @click=${() => { confirming = true; bulkResult = null; draw(); }}>Delete selected (${selected.size})</button>` : nothing}
      </div>
      ${confirming ? html`
        <div class="confirm" role="alertdialog" aria-labelledby="confirm-text" data-test="confirm">
          <p id="confirm-text">Delete ${selected.size} ${selected.size === 1 ? "row" : "rows"} of ${model.name}?${model.softDelete
            ? " They are soft-deleted: each can be restored from its row view." : " This cannot be undone."}</p>
          <button type="button" class="danger" data-test="confirm-delete" @click=${deleteSelected}>Delete ${selected.size} ${selected.size === 1 ? "row" : "rows"}</button>
          <button type="button" class="quiet" data-test="cancel-delete" @click=${() => { confirming = false; draw(); }}>Cancel</button>
        </div>` : nothing}
      <div class="table-scroll">
        <table class="rows" data-test="rows" aria-busy=${loading ? "true" : "false"}>
          <thead><tr>
            ${keyed ? html`<th scope="col" class="pick"><input type="checkbox" data-test="select-page" aria-label="Select every row of this page"
              ?disabled=${rows.length === 0}
              .checked=${live(rows.length > 0 && rows.every((r) => selected.has(apiKey(model, r))))}
              @change=${(e) => { selected = e.target.checked ? new Set(rows.map((r) => apiKey(model, r))) : new Set(); draw(); }}></th>` : nothing}
            ${shown.map(header)}
          </tr></thead>
          <tbody>${repeat(rows, (r, i) => (keyed ? apiKey(model, r) : i), (row) => html`
            <tr data-test="row" class=${model.softDelete && row[model.softDelete] ? "deleted" : ""} @click=${(e) => clickRow(e, row)}>
              ${keyed ? html`<td class="pick"><input type="checkbox" data-test="select-row" aria-label="Select ${model.name} ${apiKey(model, row)}"
                .checked=${live(selected.has(apiKey(model, row)))}
                @change=${(e) => { const k = apiKey(model, row); if (e.target.checked) selected.add(k); else selected.delete(k); draw(); }}></td>` : nothing}
              ${shown.map((c) => html`<td>${cell(row, c)}</td>`)}
            </tr>`)}</tbody>
        </table>
      </div>
      <nav class="pager" aria-label="Pages">
        <button type="button" data-test="first-page" ?disabled=${pageMode ? Number(params.get("page") || 1) <= 1 : !cursor}
          @click=${() => showPage(pageMode ? 1 : "")}>First</button>
        <button type="button" data-test="previous-page" ?disabled=${pageMode ? Number(params.get("page") || 1) <= 1 : position === 0}
          @click=${previous}>Previous</button>
        <button type="button" data-test="next-page" ?disabled=${loading || (pageMode ? rows.length < Number(params.get("per_page") || PAGE_SIZE) : !nextCursor)}
          @click=${next}>Next</button>
      </nav>
    </div>`;

  load();
  count();
  return () => { mounted = false; };
}
