// Orphaned tables (#/orphans, #/orphans/<table>): the tables of models removed from the schema that a start
// with --hold-destructive kept (docs/api.md, "Orphaned tables"). Read-only lists of their rows, and for
// admins a drop that asks for the table's name, typed, before it sends DELETE …?confirm=<table>. Who is an
// admin is the server's to say (--admin-role): the Studio just asks and shows a 403 as it comes.
import { html, render, nothing } from "lit-html";
import { repeat } from "lit-html/directives/repeat.js";
import { live } from "lit-html/directives/live.js";
import { request, Problem } from "./api.js";

const PER_PAGE = 50;

/**
 * The API's path prefix ("/api", or path_prefix), read from a served model's path.
 * @param {object[]} models the Models of models.js
 * @returns {string}
 */
function apiPrefix(models) {
  const path = models.length ? models[0].path : "/api/x";
  return path.slice(0, path.lastIndexOf("/")) || "/api";
}

function problemText(e) {
  if (!(e instanceof Problem)) return String(e);
  if (e.status === 403) return "You may not see or drop orphaned tables: they are shown to admins only (the server's --admin-role in the token's role claim). " + e.message;
  return e.status + " " + e.code + ": " + e.message;
}

function cell(value) {
  if (value === null || value === undefined) return html`<span class="muted">null</span>`;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/**
 * Shows the orphaned tables, or one of them (ctx.route.table), in container.
 * @param {HTMLElement} container the view's element
 * @param {object} ctx app.js's context: route {view:"orphans", table}, models, navigate(hash)
 * @returns {function():void} the unmount function
 */
export function mount(container, ctx) {
  let mounted = true;
  const base = apiPrefix(ctx.models) + "/_orphaned";
  const table = ctx.route.table;
  const st = { loading: true, problem: null, tables: null, rows: null, page: 1, total: null, info: null,
    confirming: false, typed: "", dropProblem: null, dropDenied: false, dropping: false, notice: null };
  const draw = () => { if (mounted) render(view(), container); };

  async function loadList() {
    try {
      const answer = await request("GET", base);
      if (!mounted) return;
      st.tables = answer.body.data || [];
      st.problem = null;
    } catch (e) {
      if (!mounted) return;
      st.problem = e;
    }
    st.loading = false;
    draw();
  }

  async function loadRows(page) {
    st.loading = true;
    draw();
    try {
      const [rows, list] = await Promise.all([
        request("GET", base + "/" + encodeURIComponent(table) + "?count=true&per_page=" + PER_PAGE + "&page=" + page),
        st.info ? Promise.resolve(null) : request("GET", base).catch(() => null)
      ]);
      if (!mounted) return;
      st.rows = rows.body.data || [];
      st.total = rows.body.total ?? null;
      st.page = page;
      if (list) st.info = (list.body.data || []).find((t) => t.table === table) || null;
      st.problem = null;
    } catch (e) {
      if (!mounted) return;
      st.problem = e;
    }
    st.loading = false;
    draw();
  }

  async function drop(event) {
    event.preventDefault();
    if (st.typed !== table || st.dropping) return;
    st.dropping = true;
    st.dropProblem = null;
    draw();
    try {
      await request("DELETE", base + "/" + encodeURIComponent(table) + "?confirm=" + encodeURIComponent(st.typed));
      if (!mounted) return;
      ctx.navigate("#/orphans");
    } catch (e) {
      if (!mounted) return;
      st.dropping = false;
      if (e instanceof Problem && e.status === 403) st.dropDenied = true;
      st.dropProblem = e instanceof Problem && e.status === 403
        ? "You may not drop this table: only admins may (" + e.message + ")" : problemText(e);
      draw();
    }
  }

  function listView() {
    return html`<section class="orphans-view" data-test="orphans-view">
      <h1>Orphaned tables</h1>
      <p class="muted">Tables of models removed from the schema, kept by a held destructive change
        (plinth serve --hold-destructive). Read-only; an admin may drop one.</p>
      ${st.loading && !st.tables ? html`<p class="loading" role="status">Loading…</p>` : nothing}
      ${st.problem ? html`<div class="problem" role="alert" data-test="error">${problemText(st.problem)}</div>` : nothing}
      ${st.tables && st.tables.length === 0 ? html`<p data-test="no-orphans">No table is orphaned.</p>` : nothing}
      ${st.tables && st.tables.length ? html`<div class="table-scroll"><table class="grid" data-test="orphans">
        <thead><tr><th scope="col">Table</th><th scope="col">Rows</th><th scope="col">Columns</th><th scope="col">Kept by</th></tr></thead>
        <tbody>${repeat(st.tables, (t) => t.table, (t) => html`<tr data-test="orphan">
          <td><a href=${"#/orphans/" + encodeURIComponent(t.table)} data-test=${"orphan-" + t.table}>${t.table}</a></td>
          <td>${t.rows}</td>
          <td>${(t.columns || []).map((c) => typeof c === "string" ? c : c.name).join(", ")}</td>
          <td>${t.kept_by || ""}</td>
        </tr>`)}</tbody></table></div>` : nothing}
    </section>`;
  }

  function dropControls() {
    if (st.dropDenied) return html`<div class="problem" role="alert" data-test="drop-problem">${st.dropProblem}</div>`;
    if (!st.confirming) {
      return html`<button type="button" class="danger" data-test="drop" @click=${() => {
        st.confirming = true;
        draw();
        const input = container.querySelector("#confirm-table");
        if (input) input.focus();
      }}>Drop this table…</button>`;
    }
    return html`<form class="confirm-drop" @submit=${drop} data-test="confirm-drop">
      <label for="confirm-table">Type <strong>${table}</strong> to drop the table and its ${st.total ?? ""} rows for good</label>
      <input id="confirm-table" data-test="confirm-table" autocomplete="off" .value=${live(st.typed)}
        @input=${(e) => { st.typed = e.target.value; draw(); }}>
      <button type="submit" class="danger" data-test="confirm-drop-yes" ?disabled=${st.typed !== table || st.dropping}>Drop</button>
      <button type="button" @click=${() => { st.confirming = false; st.typed = ""; draw(); }}>Cancel</button>
      ${st.dropProblem ? html`<div class="problem" role="alert" data-test="drop-problem">${st.dropProblem}</div>` : nothing}
    </form>`;
  }

  function tableView() {
    const columns = st.rows && st.rows.length ? Object.keys(st.rows[0])
      : st.info ? (st.info.columns || []).map((c) => typeof c === "string" ? c : c.name) : [];
    const pages = st.total !== null ? Math.max(1, Math.ceil(st.total / PER_PAGE)) : null;
    return html`<section class="orphans-view" data-test="orphan-view">
      <nav class="crumbs" aria-label="Breadcrumb"><a href="#/orphans">Orphaned tables</a> › <span>${table}</span></nav>
      <h1>${table} <span class="badge">read-only</span></h1>
      ${st.info && st.info.kept_by ? html`<p class="muted">Kept by: ${st.info.kept_by}</p>` : nothing}
      ${st.problem ? html`<div class="problem" role="alert" data-test="error">${problemText(st.problem)}</div>` : nothing}
      ${st.rows === null && st.loading ? html`<p class="loading" role="status">Loading…</p>` : nothing}
      ${st.rows ? html`<div class="table-scroll" aria-busy=${st.loading ? "true" : "false"}><table class="grid" data-test="orphan-rows">
        <thead><tr>${columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
        <tbody>${st.rows.map((r) => html`<tr data-test="orphan-row">${columns.map((c) => html`<td>${cell(r[c])}</td>`)}</tr>`)}</tbody>
      </table></div>
      <div class="pager">
        <button type="button" ?disabled=${st.page <= 1 || st.loading} @click=${() => loadRows(st.page - 1)}>Previous</button>
        <span>page ${st.page}${pages ? " of " + pages : ""}${st.total !== null ? " · " + st.total + " rows" : ""}</span>
        <button type="button" ?disabled=${(pages !== null && st.page >= pages) || st.loading} @click=${() => loadRows(st.page + 1)}>Next</button>
      </div>
      <div class="actions">${dropControls()}</div>` : nothing}
    </section>`;
  }

  const view = () => (table ? tableView() : listView());
  draw();
  if (table) loadRows(1); else loadList();
  return () => { mounted = false; };
}
