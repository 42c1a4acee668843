// The filter bar: reads the filter parameters of a list query (docs/query.md: column__lookup=value, and the
// groups or=(…), and=(…), not=(…)) into a tree the bar edits, and writes the tree back as those same
// parameters, so the URL the Studio shows is exactly the request it sends. The lookups each column takes
// are read from the list operation's parameters in /openapi.json (one parameter per lookup the grammar
// accepts), never from a second table kept here, except as a fallback for a document without them.
import { html, nothing } from "lit-html";
import { repeat } from "lit-html/directives/repeat.js";

/** The list parameters that are never filters (docs/query.md, "Reserved words"). */
export const RESERVED = new Set(["page", "per_page", "cursor", "limit", "count", "q", "select", "orderBy", "include",
  "include_limit", "labels", "with_deleted"]);
const GROUPS = new Set(["or", "and", "not"]);
const LOOKUPS = ["eq", "ne", "in", "nin", "gt", "gte", "lt", "lte", "isnull", "contains", "icontains", "startswith",
  "endswith", "has", "has_key"];
const LOOKUP_TEXT = { eq: "=", ne: "≠", in: "in", nin: "not in", gt: ">", gte: "≥", lt: "<", lte: "≤", isnull: "is null",
  contains: "contains", icontains: "contains (any case)", startswith: "starts with", endswith: "ends with", has: "has",
  has_key: "has key" };

let nextId = 1;

/**
 * @typedef {{id:number, column:string, op:string, value:string}} Condition
 * @typedef {{id:number, kind:"and"|"or"|"not", items:Array<Condition|Group>}} Group
 */

/**
 * A new condition.
 * @param {string} column the column's API name
 * @param {string} op a lookup of docs/query.md
 * @param {string} value the value as the grammar writes it (an in-list: its items separated by commas)
 * @returns {Condition}
 */
export function condition(column, op = "eq", value = "") {
  return { id: nextId++, column, op, value };
}

/**
 * A new group.
 * @param {"and"|"or"|"not"} kind
 * @param {Array} items
 * @returns {Group}
 */
export function group(kind, items = []) {
  return { id: nextId++, kind, items };
}

function isGroup(item) {
  return Array.isArray(item.items);
}

/** Splits "name__lookup" into its column and lookup; a name without a known lookup is "eq". */
function splitKey(key) {
  const at = key.lastIndexOf("__");
  if (at > 0 && LOOKUPS.includes(key.slice(at + 2))) return [key.slice(0, at), key.slice(at + 2)];
  return [key, "eq"];
}

/** Reads a value wholly in double quotes as the grammar does (backslash takes the next character). */
function unquote(text) {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    return text.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  return text;
}

function quote(text) {
  return '"' + text.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
}

/**
 * Parses a group's text, "(item,item,…)", as docs/query.md writes it.
 * @param {string} text e.g. "(status=lead,and=(name__icontains=acme,company_id__isnull=true))"
 * @param {"and"|"or"|"not"} kind the group's kind
 * @returns {Group}
 * @throws {Error} when the text is not a group
 */
export function parseGroup(text, kind) {
  let at = 0;
  const fail = (what) => { throw new Error("cannot read " + kind + "=" + text + ": " + what + " at " + at); };
  const skipSpaces = () => { while (text[at] === " ") at++; };
  const scalar = () => {
    skipSpaces();
    if (text[at] === '"') {
      let out = "";
      at++;
      while (at < text.length && text[at] !== '"') {
        if (text[at] === "\\") at++;
        out += text[at++] ?? "";
      }
      if (text[at] !== '"') fail("an unclosed quote");
      at++;
      skipSpaces();
      return { value: out, quoted: true };
    }
    const start = at;
    while (at < text.length && !",()".includes(text[at])) at++;
    return { value: text.slice(start, at).trim(), quoted: false };
  };
  const items = () => {
    if (text[at] !== "(") fail("no (");
    at++;
    const out = [];
    for (;;) {
      skipSpaces();
      const eq = text.indexOf("=", at);
      if (eq < 0) fail("no =");
      const key = text.slice(at, eq).trim();
      at = eq + 1;
      if (GROUPS.has(key)) {
        const inner = items();
        out.push(group(key, inner));
      } else {
        const [column, op] = splitKey(key);
        skipSpaces();
        if ((op === "in" || op === "nin") && text[at] === "(") {
          // keep the list's own text: the bar edits an in-list as the top-level grammar writes it
          const start = ++at;
          let depth = 0;
          let inQuote = false;
          for (; at < text.length; at++) {
            const c = text[at];
            if (inQuote) { if (c === "\\") at++; else if (c === '"') inQuote = false; } else if (c === '"') inQuote = true;
            else if (c === "(") depth++;
            else if (c === ")") { if (depth === 0) break; depth--; }
          }
          if (text[at] !== ")") fail("an unclosed list");
          out.push(condition(column, op, text.slice(start, at++)));
        } else {
          out.push(condition(column, op, scalar().value));
        }
      }
      skipSpaces();
      if (text[at] === ",") { at++; continue; }
      if (text[at] === ")") { at++; return out; }
      fail("no , or )");
    }
  };
  const result = items();
  if (at !== text.length) fail("text after the group");
  return group(kind, result);
}

/**
 * Reads the filters of a list query into the bar's tree: its top-level conditions and groups, ANDed.
 * A query whose only filter is one or=(…) (or not=(…)) becomes that group, so the bar shows "any"/"none".
 * @param {URLSearchParams} params the list query
 * @returns {{tree:Group, unread:string[]}} the tree, and any group parameter it could not read (kept as is)
 */
export function parseFilters(params) {
  const root = group("and");
  const unread = [];
  for (const [key, value] of params) {
    if (RESERVED.has(key)) continue;
    if (GROUPS.has(key)) {
      try {
        root.items.push(parseGroup(value, key));
      } catch (e) {
        unread.push(key + "=" + value);
      }
      continue;
    }
    const [column, op] = splitKey(key);
    const list = op === "in" || op === "nin";
    // a top-level list may be parenthesized (status__in=(lead,won)); the bar keeps its items only
    const items = list && value.startsWith("(") && value.endsWith(")") ? value.slice(1, -1) : value;
    root.items.push(condition(column, op, list ? items : unquote(value)));
  }
  if (root.items.length === 1 && isGroup(root.items[0]) && root.items[0].kind !== "and") return { tree: root.items[0], unread };
  return { tree: root, unread };
}

function conditionKey(c) {
  return c.op === "eq" ? c.column : c.column + "__" + c.op;
}

function itemText(item) {
  if (isGroup(item)) return item.kind + "=(" + item.items.map(itemText).join(",") + ")";
  if (item.op === "in" || item.op === "nin") return conditionKey(item) + "=(" + item.value + ")";
  const needsQuotes = /[,()"]/.test(item.value) || item.value !== item.value.trim();
  return conditionKey(item) + "=" + (needsQuotes ? quote(item.value) : item.value);
}

/**
 * Writes the bar's tree as list parameters: an "and" root as top-level parameters (each condition its own
 * parameter, each group or=(…)/and=(…)/not=(…)); an "or" or "not" root as one such group. Conditions
 * without a column are left out.
 * @param {Group} tree
 * @returns {Array<[string,string]>} the parameters, in order
 */
export function filterEntries(tree) {
  const prune = (g) => group(g.kind, g.items.map((i) => (isGroup(i) ? prune(i) : i))
    .filter((i) => (isGroup(i) ? i.items.length > 0 : i.column)));
  const clean = prune(tree);
  if (clean.items.length === 0) return [];
  if (clean.kind !== "and") return [[clean.kind, "(" + clean.items.map(itemText).join(",") + ")"]];
  return clean.items.map((item) => {
    if (isGroup(item)) return [item.kind, "(" + item.items.map(itemText).join(",") + ")"];
    const wholeQuoted = /^".*"$/s.test(item.value);
    return [conditionKey(item), item.op !== "in" && item.op !== "nin" && wholeQuoted ? quote(item.value) : item.value];
  });
}

/**
 * The columns a filter can name, with the lookups each takes: the model's own columns and, through each
 * to-one relation, the related model's columns ("company.name").
 * @param {object} doc the OpenAPI document
 * @param {object} model the model (models.js)
 * @param {function(string):object} modelNamed finds a model by name
 * @returns {Array<{name:string, column:object, lookups:string[]}>}
 */
export function filterColumns(doc, model, modelNamed) {
  const out = [];
  const own = (m, prefix) => {
    const lookups = lookupsOf(doc, m);
    for (const column of m.columns) {
      out.push({ name: prefix + column.name, column, lookups: lookups.get(column.name) || fallbackLookups(column) });
    }
  };
  own(model, "");
  for (const relation of model.relations) {
    const related = relation.kind === "to-one" && relation.fields.length > 0 && modelNamed(relation.model);
    if (related) own(related, relation.name + ".");
  }
  return out;
}

/** Column name → the lookups its list operation's parameters name (status, status__ne, …). */
function lookupsOf(doc, model) {
  const byColumn = new Map();
  const operation = doc.paths && doc.paths[model.path] && doc.paths[model.path].get;
  const names = new Set(model.columns.map((c) => c.name));
  for (const parameter of (operation && operation.parameters) || []) {
    const p = parameter.$ref ? resolve(doc, parameter.$ref) : parameter;
    if (!p || p.in !== "query") continue;
    const [column, op] = splitKey(p.name);
    if (!names.has(column) || (op === "eq" && p.name !== column)) continue;
    if (!byColumn.has(column)) byColumn.set(column, []);
    byColumn.get(column).push(op);
  }
  for (const [column, ops] of byColumn) byColumn.set(column, LOOKUPS.filter((l) => ops.includes(l)));
  return byColumn;
}

function resolve(doc, ref) {
  return ref.replace(/^#\//, "").split("/").reduce((node, part) => (node ? node[part.replace(/~1/g, "/").replace(/~0/g, "~")] : null), doc);
}

/** docs/query.md's table "Which lookups apply to which column", for a document without list parameters. */
function fallbackLookups(column) {
  const s = column.schema;
  const ordered = ["eq", "ne", "in", "nin", "gt", "gte", "lt", "lte", "isnull"];
  if (s.enum || column.type === "boolean") return ["eq", "ne", "in", "nin", "isnull"];
  if (column.type === "array" || s.contentEncoding === "base64") return ["isnull"];
  if (column.type === "object") return ["isnull", "contains", "has", "has_key"];
  if (column.type === "string" && !s.format) return [...ordered, "contains", "icontains", "startswith", "endswith"];
  return ordered;
}

/**
 * The filter bar.
 * @param {object} bar {tree:Group, columns (filterColumns), unread:string[], change():void (redraw after an
 *   edit), apply():void (run the query), clear():void}
 * @returns {import("lit-html").TemplateResult}
 */
export function filterBar(bar) {
  const byName = new Map(bar.columns.map((c) => [c.name, c]));
  const first = bar.columns[0];
  const addCondition = (g) => { g.items.push(condition(first ? first.name : "", first ? first.lookups[0] : "eq")); bar.change(); };
  const remove = (g, item) => { g.items.splice(g.items.indexOf(item), 1); bar.change(); };

  const valueInput = (c) => {
    const info = byName.get(c.column);
    const column = info && info.column;
    const set = (e) => { c.value = e.target.value; bar.change(); };
    if (c.op === "isnull" || (column && column.type === "boolean" && (c.op === "eq" || c.op === "ne"))) {
      if (!["true", "false"].includes(c.value)) c.value = "true";
      return html`<select data-test="filter-value" aria-label="Value" .value=${c.value} @change=${set}>
        <option value="true" ?selected=${c.value === "true"}>true</option>
        <option value="false" ?selected=${c.value === "false"}>false</option></select>`;
    }
    if (column && column.schema.enum && (c.op === "eq" || c.op === "ne")) {
      const values = column.schema.enum.filter((v) => v !== null);
      if (!values.includes(c.value)) c.value = String(values[0] ?? "");
      return html`<select data-test="filter-value" aria-label="Value" @change=${set}>${values.map((v) => html`
        <option value=${v} ?selected=${c.value === v}>${v}</option>`)}</select>`;
    }
    const numeric = column && (column.type === "integer" || column.type === "number") && !["in", "nin"].includes(c.op);
    const placeholder = c.op === "in" || c.op === "nin" ? "a,b,\"c, d\""
      : column && column.schema.format === "date-time" ? "2026-01-31T12:00:00Z" : "";
    return html`<input data-test="filter-value" aria-label="Value" .value=${c.value} placeholder=${placeholder}
      inputmode=${numeric ? "decimal" : "text"} autocomplete="off" @input=${set}>`;
  };

  const conditionRow = (g, c) => {
    const info = byName.get(c.column);
    const lookups = info ? info.lookups : ["eq"];
    if (info && !lookups.includes(c.op)) c.op = lookups[0];
    return html`
      <div class="filter-row" data-test="filter-row">
        <select data-test="filter-column" aria-label="Column" @change=${(e) => { c.column = e.target.value; c.value = ""; bar.change(); }}>
          ${info ? nothing : html`<option value=${c.column} selected>${c.column}</option>`}
          ${bar.columns.map((col) => html`<option value=${col.name} ?selected=${col.name === c.column}>${col.name}</option>`)}
        </select>
        <select data-test="filter-op" aria-label="Operator" @change=${(e) => { c.op = e.target.value; bar.change(); }}>
          ${lookups.map((l) => html`<option value=${l} ?selected=${l === c.op}>${LOOKUP_TEXT[l] || l} (${l})</option>`)}
        </select>
        ${valueInput(c)}
        <button type="button" class="quiet" data-test="filter-remove" aria-label="Remove this condition"
          @click=${() => remove(g, c)}>✕</button>
      </div>`;
  };

  const groupBox = (g, parent) => html`
    <fieldset class="filter-group" data-test="filter-group">
      <legend>
        <label>Match <select data-test="filter-kind" @change=${(e) => { g.kind = e.target.value; bar.change(); }}>
          <option value="and" ?selected=${g.kind === "and"}>all of (and)</option>
          <option value="or" ?selected=${g.kind === "or"}>any of (or)</option>
          <option value="not" ?selected=${g.kind === "not"}>not all of (not)</option>
        </select></label>
        ${parent ? html`<button type="button" class="quiet" aria-label="Remove this group" @click=${() => remove(parent, g)}>✕</button>` : nothing}
      </legend>
      ${repeat(g.items, (i) => i.id, (i) => (isGroup(i) ? groupBox(i, g) : conditionRow(g, i)))}
      <div class="filter-actions">
        <button type="button" class="quiet" data-test=${parent ? "add-filter-in-group" : "add-filter"}
          @click=${() => addCondition(g)}>+ Condition</button>
        <button type="button" class="quiet" data-test=${parent ? "add-group-in-group" : "add-group"}
          @click=${() => { g.items.push(group(g.kind === "or" ? "and" : "or", [])); addCondition(g.items[g.items.length - 1]); }}>+ Group</button>
      </div>
    </fieldset>`;

  return html`
    <form class="filter-bar" data-test="filter-bar" @submit=${(e) => { e.preventDefault(); bar.apply(); }}>
      ${groupBox(bar.tree, null)}
      ${bar.unread.length ? html`<p class="hint">Kept as written: <code>${bar.unread.join("&")}</code></p>` : nothing}
      <div class="filter-actions">
        <button type="submit" data-test="filter-apply">Apply filters</button>
        <button type="button" class="quiet" data-test="filter-clear" @click=${bar.clear}>Clear</button>
      </div>
    </form>`;
}
