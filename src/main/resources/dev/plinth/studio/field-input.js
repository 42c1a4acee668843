// One form field of the row view, chosen from the column's JSON Schema in /openapi.json: an enum is a
// <select>, a boolean a checkbox (a three-way <select> when null is allowed), a date-time a
// datetime-local input in the browser's time zone (sent back as ISO-8601 UTC), a number an input with
// the type's limits, Json a textarea parsed on every keystroke, Bytes base64 text, and a to-one foreign key
// a searchable picker of the related rows. Values live in the form as text (or true/false/null) and are
// turned into API values only when sent, so a half-typed value is never lost to a re-render.
import { html, nothing } from "lit-html";
import { repeat } from "lit-html/directives/repeat.js";
import { live } from "lit-html/directives/live.js";
import { request } from "./api.js";

/**
 * The column's schema with the write schemas' tighter limits merged in: the row schema (e.g. Contact) gives
 * the type, the Create/Update schemas the validators (@gte(0) @lte(100) → minimum 0, maximum 100; @email →
 * format email), which the row schema does not repeat.
 * @param {object} doc the OpenAPI document
 * @param {object} model a Model of models.js
 * @param {object} column a Column of models.js
 * @returns {object} a JSON Schema object (never null)
 */
export function fieldSchema(doc, model, column) {
  const schemas = (doc && doc.components && doc.components.schemas) || {};
  const merged = Object.assign({}, column.schema);
  for (const suffix of ["Update", "Create"]) {
    const write = schemas[model.component + suffix];
    const property = write && write.properties && write.properties[column.name];
    if (!property) continue;
    for (const limit of ["minimum", "maximum", "minLength", "maxLength", "format", "pattern", "default"]) {
      if (property[limit] !== undefined) merged[limit] = property[limit];
    }
  }
  return merged;
}

/**
 * Which input a column gets.
 * @param {object} column a Column of models.js
 * @param {object} schema its merged schema (fieldSchema)
 * @returns {"enum"|"boolean"|"datetime"|"date"|"integer"|"number"|"bignum"|"json"|"bytes"|"text"}
 */
export function kindOf(column, schema) {
  const types = [].concat(schema.type || []).filter((t) => t !== "null");
  if (Array.isArray(schema.enum)) return "enum";
  if (schema.format === "byte" || schema.format === "base64" || schema.contentEncoding === "base64") return "bytes";
  // BigInt and Decimal may exceed a double's 15 digits: kept and sent as text, which the API accepts
  if (schema.format === "int64" || schema.format === "decimal" || (types.includes("number") && types.includes("string"))) return "bignum";
  const type = types[0] || (schema.anyOf || schema.oneOf ? "object" : column.type);
  if (type === "boolean") return "boolean";
  if (type === "integer") return "integer";
  if (type === "number") return "number";
  if (type === "string" && schema.format === "date-time") return "datetime";
  if (type === "string" && schema.format === "date") return "date";
  if (type === "string") return "text";
  return "json";
}

/**
 * Whether null is an allowed value: a "null" type, or a "null" branch of anyOf/oneOf (a composite type).
 * @param {object} column a Column of models.js
 * @returns {boolean}
 */
export function nullable(column) {
  if (column.nullable) return true;
  const branches = column.schema.anyOf || column.schema.oneOf || [];
  return branches.some((b) => b && (b.type === "null" || [].concat(b.type || []).includes("null")));
}

function pad(n, width = 2) { return String(n).padStart(width, "0"); }

/** An ISO-8601 instant as a datetime-local value in the browser's time zone ("" for none). */
function isoToLocal(iso) {
  if (iso === null || iso === undefined || iso === "") return "";
  const d = new Date(iso);
  if (isNaN(d.getTime())) return String(iso);
  return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" +
    pad(d.getMinutes()) + ":" + pad(d.getSeconds()) + "." + pad(d.getMilliseconds(), 3);
}

/**
 * An API value as the form holds it.
 * @param {string} kind from kindOf
 * @param {*} value the row's value
 * @returns {string|boolean|null} text for inputs, true/false/null for booleans
 */
export function toFormValue(kind, value) {
  if (kind === "boolean") return value === undefined ? null : value;
  if (value === null || value === undefined) return "";
  if (kind === "datetime") return isoToLocal(value);
  if (kind === "json") return JSON.stringify(value, null, 2);
  return String(value);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The form's value as the API takes it.
 * @param {string} kind from kindOf
 * @param {boolean} allowsNull whether the column takes null (an empty input then sends null)
 * @param {string|boolean|null} formValue
 * @returns {{value:*}|{error:string}} the value to send, or why it cannot be sent
 */
export function fromFormValue(kind, allowsNull, formValue) {
  if (kind === "boolean") return { value: formValue === null ? null : formValue === true };
  const text = formValue === null || formValue === undefined ? "" : String(formValue);
  if (text.trim() === "" && kind !== "text") return { value: null };
  if (text === "" && allowsNull) return { value: null };
  switch (kind) {
    case "integer": {
      if (!/^[+-]?\d+$/.test(text.trim())) return { error: "a whole number" };
      return { value: Number(text) };
    }
    case "number": {
      const n = Number(text);
      return Number.isFinite(n) ? { value: n } : { error: "a number" };
    }
    case "bignum":
      return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim()) ? { value: text.trim() } : { error: "a number" };
    case "datetime": {
      // datetime-local text carries no zone: the Date constructor reads it as the browser's local time
      const d = new Date(text);
      return isNaN(d.getTime()) ? { error: "a date and time" } : { value: d.toISOString() };
    }
    case "json":
      try { return { value: JSON.parse(text) }; } catch (e) { return { error: "not JSON: " + e.message }; }
    case "bytes":
      return BASE64.test(text.replace(/\s+/g, "")) ? { value: text.replace(/\s+/g, "") } : { error: "not base64 (RFC 4648 §4)" };
    default:
      return { value: text };
  }
}

/**
 * The input element of one field.
 * @param {object} field {name, kind, schema, allowsNull, value, disabled, invalid, describedBy, onValue(formValue)}
 * @returns {import("lit-html").TemplateResult}
 */
export function fieldControl(field) {
  const id = "field-" + field.name;
  const common = { id, test: "input-" + field.name };
  const onText = (e) => field.onValue(e.target.value);
  const s = field.schema;
  switch (field.kind) {
    case "enum":
      return html`<select id=${common.id} data-test=${common.test} ?disabled=${field.disabled}
          aria-invalid=${field.invalid ? "true" : "false"} aria-describedby=${field.describedBy}
          .value=${live(field.value)} @change=${onText}>
        <option value="" ?selected=${field.value === ""}>${field.allowsNull ? "null" : field.placeholder || "—"}</option>
        ${s.enum.map((v) => html`<option value=${v} ?selected=${field.value === v}>${v}</option>`)}
      </select>`;
    case "boolean":
      if (field.allowsNull) {
        const v = field.value === null ? "" : String(field.value);
        return html`<select id=${common.id} data-test=${common.test} ?disabled=${field.disabled}
            aria-describedby=${field.describedBy} .value=${live(v)}
            @change=${(e) => field.onValue(e.target.value === "" ? null : e.target.value === "true")}>
          <option value="" ?selected=${v === ""}>null</option>
          <option value="true" ?selected=${v === "true"}>true</option>
          <option value="false" ?selected=${v === "false"}>false</option>
        </select>`;
      }
      return html`<input type="checkbox" id=${common.id} data-test=${common.test} ?disabled=${field.disabled}
        aria-describedby=${field.describedBy} .checked=${live(field.value === true)}
        @change=${(e) => field.onValue(e.target.checked)}>`;
    case "datetime":
      return html`<input type="datetime-local" step="0.001" id=${common.id} data-test=${common.test}
        ?disabled=${field.disabled} aria-invalid=${field.invalid ? "true" : "false"} aria-describedby=${field.describedBy}
        .value=${live(field.value)} @input=${onText}>`;
    case "date":
      return html`<input type="date" id=${common.id} data-test=${common.test} ?disabled=${field.disabled}
        aria-invalid=${field.invalid ? "true" : "false"} aria-describedby=${field.describedBy}
        .value=${live(field.value)} @input=${onText}>`;
    case "integer":
    case "number":
      return html`<input type="number" id=${common.id} data-test=${common.test} ?disabled=${field.disabled}
        step=${field.kind === "integer" ? "1" : "any"} min=${s.minimum ?? nothing} max=${s.maximum ?? nothing}
        aria-invalid=${field.invalid ? "true" : "false"} aria-describedby=${field.describedBy}
        placeholder=${field.placeholder || nothing} .value=${live(field.value)} @input=${onText}>`;
    case "json":
      return html`<textarea id=${common.id} data-test=${common.test} class="json" rows="5" spellcheck="false"
        ?disabled=${field.disabled} aria-invalid=${field.invalid ? "true" : "false"} aria-describedby=${field.describedBy}
        placeholder=${field.placeholder || nothing} .value=${live(field.value)} @input=${onText}></textarea>`;
    default:
      return html`<input type=${s.format === "email" ? "email" : "text"} id=${common.id} data-test=${common.test}
        ?disabled=${field.disabled} maxlength=${s.maxLength ?? nothing} inputmode=${field.kind === "bignum" ? "decimal" : nothing}
        class=${field.kind === "bytes" ? "mono" : ""} aria-invalid=${field.invalid ? "true" : "false"}
        aria-describedby=${field.describedBy} placeholder=${field.placeholder || (field.kind === "bytes" ? "base64" : nothing)}
        .value=${live(field.value)} @input=${onText}>`;
  }
}

/**
 * Searches the rows a to-one relation may point at: full-text (q=) when the related model has @@fulltext,
 * else its label column holding the text, else its key equal to it.
 * @param {object} related the related Model
 * @param {string} term what was typed
 * @returns {Promise<{key:string, label:string}[]>} up to 10 rows
 */
export async function searchRelated(related, term) {
  const params = new URLSearchParams({ per_page: "10" });
  const text = term.trim();
  if (text) {
    if (related.fulltext.length) params.set("q", text);
    else if (related.label) params.set(related.label + "__icontains", text);
    else params.set(related.key[0], text);
  }
  const answer = await request("GET", related.path + "?" + params.toString());
  const rows = (answer.body && answer.body.data) || [];
  return rows.map((row) => ({
    key: String(row[related.key[0]]),
    label: related.label && row[related.label] !== null && row[related.label] !== undefined ? String(row[related.label]) : ""
  }));
}

/**
 * A foreign key's picker: its current value and label, a search box, and the matching rows to choose from.
 * @param {object} picker {name, kind (the key's kindOf), value, label, disabled, allowsNull, related (Model), state:{term, results, error,
 *   open}, describedBy, invalid, onValue(text, label), onSearch(term), onClose(), link (hash of the related row or null)}
 * @returns {import("lit-html").TemplateResult}
 */
export function relationPicker(picker) {
  const st = picker.state;
  const shown = picker.value === "" ? "none" : picker.value + (picker.label ? " · " + picker.label : "");
  return html`<div class="picker" data-test=${"picker-" + picker.name}>
    <div class="picker-current">
      <input type="text" id=${"field-" + picker.name} data-test=${"input-" + picker.name} class="picker-key"
        ?disabled=${picker.disabled} aria-invalid=${picker.invalid ? "true" : "false"} aria-describedby=${picker.describedBy}
        inputmode=${picker.kind === "integer" || picker.kind === "bignum" ? "numeric" : nothing} .value=${live(picker.value)} @input=${(e) => picker.onValue(e.target.value, "")}>
      <span class="picker-label" data-test=${"label-" + picker.name}>${picker.link
        ? html`<a href=${picker.link}>${shown}</a>` : shown}</span>
      ${picker.allowsNull && !picker.disabled && picker.value !== ""
        ? html`<button type="button" class="link" @click=${() => picker.onValue("", "")}>Clear</button>` : nothing}
    </div>
    ${picker.disabled ? nothing : html`
      <label class="picker-search">
        <span class="visually-hidden">Search ${picker.related.name}</span>
        <input type="search" data-test=${"search-" + picker.name} placeholder=${"Search " + picker.related.name + "…"}
          .value=${live(st.term)} @input=${(e) => picker.onSearch(e.target.value)}
          @keydown=${(e) => { if (e.key === "Escape" && st.open) { e.preventDefault(); picker.onClose(); } }}
          @focus=${() => { if (!st.open) picker.onSearch(st.term); }}>
      </label>
      ${st.error ? html`<div class="problem" role="alert">${st.error}</div>` : nothing}
      ${st.open ? html`<ul class="picker-results" data-test=${"results-" + picker.name}>
        ${st.results.length === 0 ? html`<li class="muted">No ${picker.related.name} matches.</li>` : nothing}
        ${repeat(st.results, (r) => r.key, (r) => html`<li><button type="button" data-test="pick"
            @click=${() => picker.onValue(r.key, r.label)}>${r.label || picker.related.name + " " + r.key}
            <span class="muted">#${r.key}</span></button></li>`)}
      </ul>` : nothing}`}
  </div>`;
}
