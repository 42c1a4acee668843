// The row view (#/models/<Model>/rows/<key>) and the create form (#/models/<Model>/new): a form built
// from the model's columns, saved through the public API only. A save sends the changed fields alone, with
// _expected_updated_at where the model stamps updates, so a concurrent change is a 409 shown side by side
// rather than silently overwritten (docs/api.md, "Optimistic concurrency"); a 422 is shown on its fields;
// a 403 leaves the row as it is and takes away the action the server refused.
import { html, render, nothing } from "lit-html";
import { repeat } from "lit-html/directives/repeat.js";
import { request, Problem } from "./api.js";
import { fieldSchema, kindOf, nullable, toFormValue, fromFormValue, fieldControl, relationPicker, searchRelated } from "./field-input.js";

/**
 * The key of a row as the API's path writes it: each key value URL-encoded, joined by commas.
 * @param {object} model a Model of models.js
 * @param {object} row a row holding the key columns
 * @returns {string} e.g. "7" or "3,2026-01-31"
 */
export function apiKey(model, row) {
  return model.key.map((k) => encodeURIComponent(String(row[k]))).join(",");
}

/**
 * The fragment of a row's view: the API key percent-encoded once more, as app.js's router decodes it once.
 * @param {string} modelName e.g. "Contact"
 * @param {string} key an API key (apiKey)
 * @returns {string} e.g. "#/models/Contact/rows/7"
 */
export function rowHash(modelName, key) {
  return "#/models/" + encodeURIComponent(modelName) + "/rows/" + encodeURIComponent(key);
}

/** The members a labels=true answer may put beside a foreign key (docs/search-and-relations.md, "Display labels"). */
function labelKeys(field) {
  const keys = [];
  if (field.endsWith("_id")) keys.push(field.slice(0, -3) + "_label");
  else if (field.endsWith("Id")) keys.push(field.slice(0, -2) + "Label", field.slice(0, -2) + "_label");
  keys.push(field + "_label");
  return keys;
}

function labelOf(row, field, relation) {
  // x-plinth names the label's member (labelKey) where the schema spells labels its own way (label_keys)
  const keys = relation && relation.labelKey ? [relation.labelKey, ...labelKeys(field)] : labelKeys(field);
  for (const k of keys) {
    if (row && row[k] !== undefined && row[k] !== null) return String(row[k]);
  }
  return "";
}

/** A key for a title: its values as typed, or as it came when it does not decode. */
function shownKey(key) {
  try { return decodeURIComponent(key); } catch (e) { return key; }
}

/** The first part of an error's field path ("address.country" → "address", "[0].score" → "score"). */
function fieldOfError(path) {
  return String(path || "").replace(/^\[\d+\]\.?/, "").split(/[.[]/)[0];
}

function sameValue(kind, a, b) {
  if (kind === "datetime" && a && b) return new Date(a).getTime() === new Date(b).getTime();
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function describe(field) {
  const s = field.schema;
  const parts = [];
  if (field.kind === "enum") parts.push("one of " + s.enum.length);
  else if (field.kind === "datetime") parts.push("date-time, your local time");
  else if (field.kind === "bytes") parts.push("bytes, base64");
  else if (field.kind === "json") parts.push("JSON");
  else if (field.kind === "bignum") parts.push(s.format === "int64" ? "big integer" : "decimal");
  else parts.push(s.format === "email" ? "email" : field.kind);
  if ((field.kind === "integer" || field.kind === "number") && s.minimum !== undefined && s.maximum !== undefined &&
      (s.minimum > -2147483648 || s.maximum < 2147483647)) parts.push(s.minimum + " to " + s.maximum);
  if (s.maxLength !== undefined) parts.push("at most " + s.maxLength + " characters");
  if (field.allowsNull) parts.push("optional");
  return parts.join(", ");
}

/**
 * Shows one row, or the create form, in container.
 * @param {HTMLElement} container the view's element
 * @param {object} ctx app.js's context: route {view:"row"|"create", model, key, query}, model(name), navigate(hash)
 * @returns {function():void} the unmount function
 */
export function mount(container, ctx) {
  const model = ctx.model(ctx.route.model);
  const creating = ctx.route.view === "create";
  // a database view is served read-only (writes are 405): shown, never offered for editing
  const schemas = (ctx.doc && ctx.doc.components && ctx.doc.components.schemas) || {};
  const readOnlyModel = !!(schemas[model.component] && schemas[model.component]["x-plinth"] &&
    schemas[model.component]["x-plinth"].readOnly);
  const rowPath = creating ? null : model.path + "/" + ctx.route.key;
  const st = {
    mounted: true, loading: !creating, loadProblem: null, row: null,
    values: {}, dirty: new Set(), errors: {}, problem: null, notice: null, conflict: null,
    saving: false, denied: new Set(), pickers: {}, related: [], confirmDelete: false
  };
  const toOne = new Map();
  for (const r of model.relations) {
    if (r.kind === "to-one" && r.fields.length === 1) toOne.set(r.fields[0], r);
  }
  const fields = model.columns
    .filter((c) => !(creating && c.readOnly))
    .map((c) => {
      const schema = fieldSchema(ctx.doc, model, c);
      const relation = toOne.get(c.name) || null;
      return { name: c.name, column: c, schema, kind: kindOf(c, schema), allowsNull: nullable(c),
        readOnly: c.readOnly, required: c.required, relation, related: relation ? ctx.model(relation.model) : null };
    });
  const byName = new Map(fields.map((f) => [f.name, f]));

  const draw = () => { if (st.mounted) render(view(), container); };

  function fillFrom(row) {
    st.values = {};
    for (const f of fields) {
      st.values[f.name] = toFormValue(f.kind, row ? row[f.name] : undefined);
      if (f.relation) st.pickers[f.name] = Object.assign(st.pickers[f.name] || { term: "", results: [], open: false, error: null },
        { label: labelOf(row, f.name, f.relation) });
    }
    st.dirty = new Set();
  }

  function fillDefaults() {
    fillFrom(null);
    for (const f of fields) {
      if (f.schema.default !== undefined) st.values[f.name] = toFormValue(f.kind, f.schema.default);
    }
    // a create reached from a related row's list (…/new?company_id=7) starts with that reference
    for (const [name, value] of new URLSearchParams(ctx.route.query || "")) {
      if (byName.has(name)) { st.values[name] = value; st.dirty.add(name); }
    }
  }

  // BigInt and Decimal as strings: a double would round them, and a save would then "change" them
  const EXACT = { headers: { Prefer: "plinth-numbers=string" } };

  async function getRow() {
    const extra = model.softDelete ? "&with_deleted=true" : "";
    try {
      return (await request("GET", rowPath + "?labels=true" + extra, EXACT)).body;
    } catch (e) {
      // labels=true is refused when a related label is hidden from the caller: the row without labels is still worth showing
      if (e instanceof Problem && e.status === 400) return (await request("GET", rowPath + (extra ? "?" + extra.slice(1) : ""), EXACT)).body;
      throw e;
    }
  }

  async function load(notice) {
    try {
      const row = await getRow();
      if (!st.mounted) return;
      st.row = row;
      st.loadProblem = null;
      fillFrom(row);
      st.errors = {};
      st.notice = notice || null;
      st.loading = false;
      draw();
      loadRelated();
    } catch (e) {
      if (!st.mounted) return;
      st.loading = false;
      st.loadProblem = e;
      draw();
    }
  }

  async function loadRelated() {
    const lists = model.relations.filter((r) => r.kind === "to-many");
    st.related = lists.map((r) => ({ relation: r, rows: st.related.find((x) => x.relation === r)?.rows || null, error: null, total: null }));
    draw();
    await Promise.all(st.related.map(async (entry) => {
      try {
        const path = entry.relation.path.replace("{key}", ctx.route.key);
        const answer = await request("GET", path + "?per_page=5&count=true");
        entry.rows = answer.body.data || [];
        entry.total = answer.body.total ?? null;
      } catch (e) {
        entry.error = e instanceof Problem ? e.status + " " + e.message : String(e);
        entry.rows = entry.rows || [];
      }
    }));
    draw();
  }

  function setValue(name, value) {
    st.values[name] = value;
    st.dirty.add(name);
    const f = byName.get(name);
    // parse errors show as the user types (the JSON editor's rule); server errors stay until the next save
    const parsed = fromFormValue(f.kind, f.allowsNull, value);
    if (parsed.error) st.errors[name] = parsed.error; else delete st.errors[name];
    draw();
  }

  let searchTimer = null;
  function search(name, term) {
    const f = byName.get(name);
    const picker = st.pickers[name];
    if (picker.quiet) return;
    picker.term = term;
    picker.open = true;
    draw();
    clearTimeout(searchTimer);
    searchTimer = setTimeout(async () => {
      try {
        const results = await searchRelated(f.related, term);
        if (!st.mounted || picker.term !== term) return;
        picker.results = results;
        picker.error = null;
      } catch (e) {
        if (!st.mounted) return;
        picker.error = e instanceof Problem ? e.status + " " + e.message : String(e);
      }
      draw();
    }, 200);
  }

  function pick(name, key, label) {
    st.pickers[name].label = label;
    st.pickers[name].open = false;
    // a finished search is cleared, so the box reads as "search again", not as the value
    if (key !== "") st.pickers[name].term = "";
    setValue(name, key);
    // the pressed result (or Clear) is gone with this render: keep the keyboard in the picker, not at the page's start
    const search = container.querySelector("[data-test='search-" + name + "']");
    if (search) {
      // focus opens the results (the picker's own rule): not after a pick, which just closed them
      st.pickers[name].quiet = true;
      search.focus({ preventScroll: true });
      st.pickers[name].quiet = false;
    }
  }

  /** The body of a save: {body} with the changed fields, or {invalid:true} after marking the fields that cannot be sent. */
  function changes() {
    const body = {};
    const errors = {};
    for (const name of st.dirty) {
      const f = byName.get(name);
      if (!f || f.readOnly || hidden(f)) continue;
      const parsed = fromFormValue(f.kind, f.allowsNull, st.values[name]);
      if (parsed.error) { errors[name] = parsed.error; continue; }
      if (!creating && sameValue(f.kind, parsed.value, st.row[name])) continue;
      body[name] = parsed.value;
    }
    // an unticked box reads as false: a required boolean without a default is sent so, not left out
    if (creating) {
      for (const f of fields) {
        if (f.kind === "boolean" && f.required && !f.allowsNull && !(f.name in body) && !f.readOnly) body[f.name] = st.values[f.name] === true;
      }
    }
    return Object.keys(errors).length ? { errors } : { body };
  }

  function showProblem(e, action) {
    st.errors = {};
    st.problem = null;
    if (!(e instanceof Problem)) { st.problem = { text: String(e), list: [] }; return; }
    if (e.status === 403) {
      st.denied.add(action);
      st.problem = { text: "You may not " + action + " this row: " + e.message, list: [], code: e.code };
      return;
    }
    const unplaced = [];
    for (const err of e.errors) {
      const name = fieldOfError(err.field);
      const text = err.message || err.detail || err.code;
      if (byName.has(name)) st.errors[name] = st.errors[name] ? st.errors[name] + "; " + text : text;
      else unplaced.push((err.field ? err.field + ": " : "") + text);
    }
    const headline = (creating ? "Not created" : "Not saved") + " (" + e.status + " " + e.code + "): " + e.message;
    st.problem = { text: headline, list: unplaced, code: e.code };
  }

  async function save(event) {
    if (event) event.preventDefault();
    if (st.saving) return;
    const result = changes();
    if (result.errors) {
      st.errors = result.errors;
      st.problem = { text: "Some fields cannot be sent as they are; see the marked fields.", list: [] };
      draw();
      return;
    }
    const body = result.body;
    if (!creating && Object.keys(body).length === 0) {
      st.notice = "Nothing to save: no field differs from the row.";
      draw();
      return;
    }
    if (!creating && model.updatedAt && st.row[model.updatedAt]) body._expected_updated_at = st.row[model.updatedAt];
    st.saving = true;
    st.notice = null;
    draw();
    try {
      if (creating) {
        const answer = await request("POST", model.path, Object.assign({ body }, EXACT));
        if (!st.mounted) return;
        st.saving = false;
        ctx.navigate(rowHash(model.name, apiKey(model, answer.body)));
        return;
      }
      await request("PATCH", rowPath, Object.assign({ body }, EXACT));
      if (!st.mounted) return;
      st.saving = false;
      st.problem = null;
      st.conflict = null;
      await load("Saved.");
    } catch (e) {
      if (!st.mounted) return;
      st.saving = false;
      if (e instanceof Problem && e.status === 409 && e.code === "concurrent_update" && e.body.current) {
        st.problem = null;
        st.errors = {};
        st.conflict = { mine: Object.assign({}, st.values), dirty: new Set(st.dirty), current: e.body.current };
      } else {
        showProblem(e, creating ? "create" : "update");
      }
      draw();
      focusAttention();
    }
  }

  /** Moves the keyboard focus to what a failed save asks of the user: the conflict, or the first refused field. */
  function focusAttention() {
    const target = container.querySelector("[data-test='conflict'] h2") ||
      container.querySelector(".field.has-error input, .field.has-error select, .field.has-error textarea");
    if (target) target.focus();
  }

  function keepCurrent() {
    const current = st.conflict.current;
    st.conflict = null;
    // the conflict's row has no labels: keep the ones shown where the reference did not move
    const labels = {};
    for (const f of fields) if (f.relation && String(current[f.name] ?? "") === String(st.row[f.name] ?? "")) labels[f.name] = st.pickers[f.name].label;
    st.row = Object.assign({}, st.row, current);
    fillFrom(st.row);
    for (const [name, label] of Object.entries(labels)) st.pickers[name].label = label;
    st.notice = "The form now holds the current row; your changes were set aside.";
    draw();
  }

  function overwrite() {
    const { mine, dirty, current } = st.conflict;
    st.conflict = null;
    st.row = Object.assign({}, st.row, current);
    // the fields you did not touch take the current row's values, so only your own changes are sent
    for (const f of fields) st.values[f.name] = dirty.has(f.name) ? mine[f.name] : toFormValue(f.kind, current[f.name]);
    st.dirty = dirty;
    save();
  }

  async function remove() {
    st.confirmDelete = false;
    st.saving = true;
    st.problem = null;
    draw();
    try {
      await request("DELETE", rowPath);
      if (!st.mounted) return;
      st.saving = false;
      if (model.softDelete) {
        await load("Deleted. Restore brings the row back.");
      } else {
        ctx.navigate("#/models/" + encodeURIComponent(model.name));
      }
    } catch (e) {
      if (!st.mounted) return;
      st.saving = false;
      showProblem(e, "delete");
      draw();
    }
  }

  async function restore() {
    st.saving = true;
    st.problem = null;
    draw();
    try {
      await request("POST", rowPath + "/restore");
      if (!st.mounted) return;
      st.saving = false;
      await load("Restored.");
    } catch (e) {
      if (!st.mounted) return;
      st.saving = false;
      showProblem(e, "restore");
      draw();
    }
  }

  // a column the read rules (@allow('read', …)) hide from this caller is left out of the answer: that is not
  // null, so the field says so and is neither editable nor sent
  const hidden = (f) => !creating && st.row !== null && typeof st.row === "object" && !(f.name in st.row);

  const deleted = () => !creating && model.softDelete && st.row && st.row[model.softDelete] !== null && st.row[model.softDelete] !== undefined;

  function fieldRow(f) {
    const disabled = f.readOnly || hidden(f) || readOnlyModel || deleted() || st.saving || (!creating && st.denied.has("update"));
    const error = st.errors[f.name];
    const describedBy = "hint-" + f.name + (error ? " error-" + f.name : "");
    const value = st.values[f.name];
    let control;
    if (f.relation && f.related) {
      const picker = st.pickers[f.name];
      control = relationPicker({
        name: f.name, kind: f.kind, value: value ?? "", label: picker.label, disabled, allowsNull: f.allowsNull, related: f.related,
        state: picker, describedBy, invalid: !!error,
        link: value !== "" && value !== null ? rowHash(f.related.name, encodeURIComponent(value)) : null,
        onValue: (key, label) => pick(f.name, key, label), onSearch: (term) => search(f.name, term),
        onClose: () => { picker.open = false; draw(); }
      });
    } else {
      control = fieldControl({ name: f.name, kind: f.kind, schema: f.schema, allowsNull: f.allowsNull, value, disabled,
        invalid: !!error, describedBy, placeholder: creating && !f.required ? "default" : "",
        onValue: (v) => setValue(f.name, v) });
    }
    return html`<div class=${"field" + (error ? " has-error" : "") + (st.dirty.has(f.name) ? " changed" : "")} data-test=${"field-" + f.name}>
      <label for=${"field-" + f.name}>
        ${f.name}${f.required ? html`<span class="required" title="required" aria-label="required">*</span>` : nothing}
        ${f.readOnly ? html`<span class="tag">read-only</span>` : nothing}
      </label>
      <div class="control">
        ${control}
        <div class="hint" id=${"hint-" + f.name}>${hidden(f) ? "hidden from you by the access rules" : describe(f)}</div>
        ${error ? html`<div class="field-error" id=${"error-" + f.name} data-test=${"error-" + f.name}>${error}</div>` : nothing}
      </div>
    </div>`;
  }

  function conflictView() {
    const c = st.conflict;
    const shown = fields.filter((f) => (!f.readOnly || f.name === model.updatedAt) && !hidden(f));
    return html`<section class="conflict" role="alert" data-test="conflict" aria-labelledby="conflict-title">
      <h2 id="conflict-title" tabindex="-1">Changed since you opened it</h2>
      <p>Someone saved this row after you opened it, so nothing of yours was saved. Compare, then keep editing
        from the current row or overwrite it with your values.</p>
      <div class="table-scroll"><table class="compare">
        <thead><tr><th scope="col">Field</th><th scope="col">Your values</th><th scope="col">Current row</th></tr></thead>
        <tbody>${shown.map((f) => {
          const mine = f.readOnly ? toFormValue(f.kind, st.row[f.name]) : c.mine[f.name];
          const current = toFormValue(f.kind, c.current[f.name]);
          const differs = String(mine ?? "") !== String(current ?? "");
          return html`<tr class=${differs ? "differs" : ""}>
            <th scope="row">${f.name}</th>
            <td data-test=${"mine-" + f.name}>${String(mine ?? "")}</td>
            <td data-test=${"current-" + f.name}>${String(current ?? "")}</td>
          </tr>`;
        })}</tbody>
      </table></div>
      <div class="actions">
        <button type="button" data-test="conflict-keep-current" @click=${keepCurrent}>Keep editing from the current row</button>
        <button type="button" class="danger" data-test="conflict-overwrite" @click=${overwrite}>Overwrite with mine</button>
      </div>
    </section>`;
  }

  function deleteControls() {
    if (creating || readOnlyModel) return nothing;
    if (deleted()) {
      return st.denied.has("restore")
        ? html`<button type="button" data-test="restore" disabled title="the server refused it">Restore (not allowed)</button>`
        : html`<button type="button" data-test="restore" ?disabled=${st.saving} @click=${restore}>Restore</button>`;
    }
    if (st.denied.has("delete")) {
      return html`<button type="button" class="danger" data-test="delete" disabled title="the server refused it">Delete (not allowed)</button>`;
    }
    if (st.confirmDelete) {
      return html`<span class="confirm" role="group" aria-label="Confirm delete" data-test="confirm-delete">
        Delete this row for good?
        <button type="button" class="danger" data-test="confirm-delete-yes" @click=${remove}>Delete for good</button>
        <button type="button" data-test="confirm-delete-no" @click=${() => { st.confirmDelete = false; draw(); }}>Cancel</button>
      </span>`;
    }
    return html`<button type="button" class="danger" data-test="delete" ?disabled=${st.saving}
      @click=${() => {
        if (model.softDelete) { remove(); return; }
        st.confirmDelete = true;
        draw();
        // the button just pressed is gone: keep the keyboard in the question, on its safe answer
        const cancel = container.querySelector("[data-test='confirm-delete-no']");
        if (cancel) cancel.focus();
      }}>
      ${model.softDelete ? "Delete" : "Delete…"}</button>`;
  }

  function relatedLists() {
    if (creating || !st.related.length) return nothing;
    return html`<section class="related" aria-label="Related rows">
      ${repeat(st.related, (e) => e.relation.name, (e) => {
        const target = ctx.model(e.relation.model);
        const inverse = target && target.relations.find((r) => r.kind === "to-one" && r.model === model.name && r.fields.length === 1);
        const listHash = inverse ? "#/models/" + encodeURIComponent(target.name) + "?" + encodeURIComponent(inverse.fields[0]) + "=" + ctx.route.key : null;
        const newHash = inverse ? "#/models/" + encodeURIComponent(target.name) + "/new?" + encodeURIComponent(inverse.fields[0]) + "=" + ctx.route.key : null;
        return html`<div class="related-list" data-test=${"related-" + e.relation.name}>
          <h2>${e.relation.name}${e.total !== null ? html` <span class="muted">(${e.total})</span>` : nothing}</h2>
          ${e.error ? html`<div class="problem" role="alert">${e.error}</div>` : nothing}
          ${e.rows === null ? html`<p class="loading" role="status">Loading…</p>` : e.rows.length === 0 && !e.error
            ? html`<p class="muted">None.</p>`
            : html`<ul>${e.rows.map((r) => {
                const label = target && target.label && r[target.label] !== null && r[target.label] !== undefined ? String(r[target.label]) : "";
                return html`<li><a data-test="related-row" href=${target ? rowHash(target.name, apiKey(target, r)) : "#"}>${label || (target ? target.name : e.relation.model) + " " + (target ? target.key.map((k) => r[k]).join(", ") : "")}</a></li>`;
              })}</ul>`}
          <p class="related-links">
            ${listHash ? html`<a href=${listHash} data-test="related-all">All ${e.relation.name}</a>` : nothing}
            ${newHash ? html`<a href=${newHash}>New ${target.name}</a>` : nothing}
          </p>
        </div>`;
      })}
    </section>`;
  }

  function view() {
    const title = creating ? "New " + model.name : model.name + " " + shownKey(ctx.route.key);
    const crumbs = html`<nav class="crumbs" aria-label="Breadcrumb"><a href=${"#/models/" + encodeURIComponent(model.name)}>${model.name}</a> ›
      <span>${creating ? "new" : shownKey(ctx.route.key)}</span></nav>`;
    if (st.loading) {
      return html`<section class="row-view" data-test="row-view" aria-busy="true">${crumbs}<h1>${title}</h1>
        <p class="loading" role="status">Loading the row…</p><div class="row-placeholder"></div></section>`;
    }
    if (st.loadProblem) {
      const e = st.loadProblem;
      const text = e instanceof Problem ? (e.status === 404 ? "No such row, or not one you may see (404)." : e.status + " " + e.code + ": " + e.message) : String(e);
      return html`<section class="row-view" data-test="row-view">${crumbs}<h1>${title}</h1>
        <div class="problem" role="alert" data-test="error">${text}</div></section>`;
    }
    const isDeleted = deleted();
    const saveDenied = !creating && st.denied.has("update");
    return html`<section class="row-view" data-test="row-view">
      ${crumbs}
      <h1>${title}${isDeleted ? html` <span class="badge deleted" data-test="deleted-badge">deleted</span>` : nothing}</h1>
      <div class="messages" aria-live="polite">
        ${st.notice ? html`<p class="notice" role="status" data-test="notice">${st.notice}</p>` : nothing}
        ${st.problem ? html`<div class="problem" role="alert" data-test="problem">${st.problem.text}
          ${st.problem.list.length ? html`<ul>${st.problem.list.map((t) => html`<li>${t}</li>`)}</ul>` : nothing}</div>` : nothing}
      </div>
      ${st.conflict ? conflictView() : nothing}
      <form class="row-form" novalidate @submit=${save} data-test="row-form">
        ${isDeleted ? html`<p class="muted">This row is deleted: restore it to edit it.</p>` : nothing}
        ${repeat(fields, (f) => f.name, fieldRow)}
        ${readOnlyModel ? html`<p class="muted" data-test="read-only-model">${model.name} is read-only here (a database view).</p>` : html`<div class="actions">
          <button type="submit" class="primary" data-test="save" ?disabled=${st.saving || isDeleted || saveDenied || !!st.conflict}>
            ${creating ? "Create" : saveDenied ? "Save (not allowed)" : "Save"}</button>
          ${deleteControls()}
          ${st.saving ? html`<span class="muted" role="status">Working…</span>` : nothing}
        </div>`}
      </form>
      ${relatedLists()}
    </section>`;
  }

  if (creating && readOnlyModel) {
    render(html`<section class="row-view" data-test="row-view"><h1>New ${model.name}</h1>
      <div class="problem" role="alert" data-test="error">${model.name} is read-only (a database view): rows cannot be created here.</div></section>`, container);
    return () => { st.mounted = false; };
  }
  if (creating) {
    fillDefaults();
    draw();
  } else {
    draw();
    load();
  }
  return () => { st.mounted = false; clearTimeout(searchTimer); };
}
