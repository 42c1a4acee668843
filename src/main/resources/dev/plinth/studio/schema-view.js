// The schema view (#/schema): the schema file as the server read it, with line numbers, and the migration
// history newest first, each step's SQL behind a <details> so a long history stays scannable. Both come from
// GET /studio/api/schema, the Studio's one data endpoint of its own (docs/studio.md).
import { html, render } from "lit-html";
import { repeat } from "lit-html/directives/repeat.js";
import { request, Problem } from "./api.js";

/**
 * Text as numbered lines (an <ol> of <code> lines, so the numbers are not copied with the text).
 * @param {string} text the file's text
 * @param {string} test the block's data-test name
 * @returns {import("lit-html").TemplateResult}
 */
function numbered(text, test) {
  const lines = String(text || "").replace(/\n$/, "").split("\n");
  return html`<ol class="code" data-test=${test}>${lines.map((line) => html`<li><code>${line || "\u200b"}</code></li>`)}</ol>`;
}

/**
 * Shows the schema and the migration history in container.
 * @param {HTMLElement} container the view's element
 * @param {object} ctx app.js's context (unused but for symmetry with the other views)
 * @returns {function():void} the unmount function
 */
export function mount(container, ctx) {
  let mounted = true;
  const st = { loading: true, problem: null, schema: null };
  const draw = () => { if (mounted) render(view(), container); };

  function view() {
    if (st.loading) {
      return html`<section class="schema-view" data-test="schema-view" aria-busy="true"><h1>Schema</h1>
        <p class="loading" role="status">Loading the schema…</p><div class="row-placeholder"></div></section>`;
    }
    if (st.problem) {
      const e = st.problem;
      const text = e instanceof Problem ? e.status + " " + e.code + ": " + e.message : String(e);
      return html`<section class="schema-view" data-test="schema-view"><h1>Schema</h1>
        <div class="problem" role="alert" data-test="error">${text}</div></section>`;
    }
    const s = st.schema;
    const migrations = (s.migrations || []).slice().sort((a, b) => (b.id ?? 0) - (a.id ?? 0));
    return html`<section class="schema-view" data-test="schema-view">
      <h1>Schema</h1>
      <p class="muted">${s.file} · ${s.provider} · as the server read it at start</p>
      <div class="code-scroll">${numbered(s.text, "schema-text")}</div>
      <h2>Migrations <span class="muted">(${migrations.length}, newest first)</span></h2>
      ${migrations.length === 0 ? html`<p class="muted">No migration has been applied.</p>` : html`
        <ol class="migrations" data-test="migrations" reversed>
          ${repeat(migrations, (m) => m.id, (m) => html`<li data-test="migration">
            <details>
              <summary data-test="migration-summary">
                <span class="migration-name">${m.name || "migration " + m.id}</span>
                <span class="muted">applied ${m.applied_at}</span>
                <span class="muted mono" title="checksum">${String(m.checksum || "").slice(0, 12)}</span>
              </summary>
              <div class="code-scroll">${numbered(m.sql, "migration-sql")}</div>
            </details>
          </li>`)}
        </ol>`}
    </section>`;
  }

  draw();
  request("GET", "/studio/api/schema").then((answer) => {
    st.schema = answer.body || {};
    st.loading = false;
    draw();
  }, (e) => {
    st.problem = e;
    st.loading = false;
    draw();
  });
  return () => { mounted = false; };
}
