// Sign-in: paste a bearer token, or, when the server offers it (GET /studio/api/sign-in answers
// {"available":true}: it holds PLINTH_JWT_SECRET and listens on loopback only), the development sign-in
// that issues a token for a subject and claims typed in. A token the API refuses (401) brings the caller
// back here with the server's reason (refused()).
import { html, render, nothing } from "lit-html";
import { repeat } from "lit-html/directives/repeat.js";
import { session, request, Problem } from "./api.js";

// The reason the last token was refused, shown once on the sign-in page (kept across the hash change).
const REFUSED_KEY = "plinth.studio.refused";

/**
 * Signs out after the API refused the token (a 401) and shows the sign-in page with the server's reason.
 * @param {Problem|Error} problem the refusal
 * @returns {void}
 */
export function refused(problem) {
  session.signOut();
  sessionStorage.setItem(REFUSED_KEY, (problem && problem.message) || "The server refused the token.");
  go("#/sign-in");
}

/**
 * Navigates to a fragment, routing again even when the address already holds it (signing in from
 * "#/" changes no hash, so no hashchange would fire).
 * @param {string} hash e.g. "#/"
 * @returns {void}
 */
export function go(hash) {
  if (location.hash === hash) {
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    location.hash = hash;
  }
}

/**
 * Reads a claim's typed-in value as a JSON value where it looks like one: numbers, true, false and null,
 * and objects or arrays that parse; anything else stays text (so "0042" stays the text "0042").
 * @param {string} text the value as typed
 * @returns {any} the claim's value
 */
export function claimValue(text) {
  const t = text.trim();
  if (t === "true") return true;
  if (t === "false") return false;
  if (t === "null") return null;
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (/^[[{]/.test(t)) {
    try { return JSON.parse(t); } catch (e) { /* not JSON: the text itself */ }
  }
  return text;
}

/**
 * Renders the sign-in page into container.
 * @param {HTMLElement} container the main element
 * @param {object} ctx the shell's context (navigate)
 * @returns {function():void} the unmount function
 */
export function mount(container, ctx) {
  let mounted = true;
  let refusal = sessionStorage.getItem(REFUSED_KEY);
  sessionStorage.removeItem(REFUSED_KEY);
  let dev = false;
  let subject = "";
  let nextRow = 1;
  let claims = [{ id: 0, name: "", value: "" }];
  let devProblem = null;
  let busy = false;

  const draw = () => {
    if (!mounted) return;
    render(page(), container);
  };

  const pasted = (event) => {
    event.preventDefault();
    const token = String(new FormData(event.target).get("token") || "").trim();
    if (token) {
      session.signIn(token);
      go("#/");
    }
  };

  const issue = async (event) => {
    event.preventDefault();
    const body = { sub: subject, claims: {} };
    for (const row of claims) {
      if (row.name.trim()) body.claims[row.name.trim()] = claimValue(row.value);
    }
    busy = true;
    devProblem = null;
    draw();
    try {
      const answer = await request("POST", "/studio/api/sign-in", { body });
      if (!mounted) return;
      session.signIn(answer.body.token);
      go("#/");
    } catch (e) {
      busy = false;
      devProblem = e;
      draw();
    }
  };

  const fieldError = (field) => devProblem instanceof Problem
    ? devProblem.errors.filter((x) => x.field === field || String(x.field).startsWith(field + ".")).map((x) => x.detail || x.code).join(" ")
    : "";

  const devForm = () => html`
    <form class="sign-in dev-sign-in" @submit=${issue} data-test="dev-sign-in-form" aria-labelledby="dev-sign-in-title">
      <h2 id="dev-sign-in-title">Development sign-in</h2>
      <p class="hint">This server signs tokens with its own secret and listens on this machine only, so it can
        issue one for any subject (valid 12 hours).</p>
      <label><span>Subject (<code>sub</code>)</span>
        <input name="sub" required autocomplete="off" data-test="dev-sub" .value=${subject}
          @input=${(e) => { subject = e.target.value; }}
          aria-invalid=${fieldError("sub") ? "true" : "false"}></label>
      ${fieldError("sub") ? html`<p class="field-error" data-test="dev-error-sub">${fieldError("sub")}</p>` : nothing}
      <fieldset class="claims">
        <legend>Claims <span class="hint">(numbers, true, false, null and JSON are sent as JSON values)</span></legend>
        ${repeat(claims, (row) => row.id, (row, i) => html`
          <div class="claim-row">
            <label>Name <input data-test="dev-claim-name" autocomplete="off" .value=${row.name}
              @input=${(e) => { row.name = e.target.value; }}></label>
            <label>Value <input data-test="dev-claim-value" autocomplete="off" .value=${row.value}
              @input=${(e) => { row.value = e.target.value; }}></label>
            <button type="button" class="quiet" aria-label="Remove claim ${i + 1}"
              @click=${() => { claims = claims.filter((c) => c !== row); draw(); }}>Remove</button>
          </div>`)}
        <button type="button" class="quiet" data-test="dev-add-claim"
          @click=${() => { claims = [...claims, { id: nextRow++, name: "", value: "" }]; draw(); }}>Add a claim</button>
        ${fieldError("claims") ? html`<p class="field-error" data-test="dev-error-claims">${fieldError("claims")}</p>` : nothing}
      </fieldset>
      ${devProblem && !fieldError("sub") && !fieldError("claims")
        ? html`<div class="problem" role="alert" data-test="dev-error">${devProblem.message}</div>` : nothing}
      <button type="submit" data-test="dev-sign-in" ?disabled=${busy}>Sign in as this subject</button>
    </form>`;

  const page = () => html`
    <div class="sign-in-forms">
      <h1>Plinth Studio</h1>
      ${refusal ? html`<div class="problem" role="alert" data-test="sign-in-refused">
        The server refused the token: ${refusal}</div>` : nothing}
      <form class="sign-in" @submit=${pasted} aria-labelledby="token-title">
        <h2 id="token-title">Sign in with a bearer token</h2>
        <label><span>Bearer token (a JWT the API accepts, e.g. from <code>plinth token --sub alice</code>)</span>
          <textarea name="token" rows="4" required data-test="token" autocomplete="off" spellcheck="false"></textarea></label>
        <button type="submit" data-test="sign-in">Sign in</button>
      </form>
      ${dev ? devForm() : nothing}
    </div>`;

  draw();
  request("GET", "/studio/api/sign-in").then((answer) => {
    if (!mounted) return;
    dev = !!(answer.body && answer.body.available);
    draw();
  }, () => { /* 404: no development sign-in on this server; the token form is all there is */ });
  return () => { mounted = false; };
}
