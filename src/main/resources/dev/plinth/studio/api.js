// The Studio's only way to the server: the public REST API, with the signed-in caller's bearer token.
// Every view imports from here; nothing else calls fetch.

const TOKEN_KEY = "plinth.studio.token";

/** The signed-in caller: the bearer token kept for this tab, and its decoded claims. */
export const session = {
  /** @returns {string|null} the bearer token, or null when signed out */
  token() { return sessionStorage.getItem(TOKEN_KEY); },
  /** @param {string} token a compact JWT */
  signIn(token) { sessionStorage.setItem(TOKEN_KEY, token.trim()); },
  signOut() { sessionStorage.removeItem(TOKEN_KEY); },
  /** @returns {object} the token's claims (sub, role, …), {} when signed out or unreadable; never verified here */
  claims() {
    const token = this.token();
    if (!token) return {};
    try {
      const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      return JSON.parse(decodeURIComponent(escape(atob(part))));
    } catch (e) {
      return {};
    }
  }
};

/**
 * An answer of 400 or more, read as RFC 9457 problem details: status, code, detail, and for a 422 the
 * field errors ([{field, code, detail}]); for a 409 concurrent_update the current row in body.current.
 */
export class Problem extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || ("HTTP " + status));
    this.status = status;
    this.body = body || {};
    this.code = this.body.code || "http_" + status;
    this.errors = Array.isArray(this.body.errors) ? this.body.errors : [];
  }
}

/**
 * Calls the API.
 * @param {string} method GET, POST, PATCH, PUT or DELETE
 * @param {string} path a path with its query string, e.g. "/api/contacts?limit=50"
 * @param {object} [options] {body: a value sent as JSON, headers: extra headers}
 * @returns {Promise<{status:number, headers:Headers, body:any}>} the answer, body parsed when JSON (null when empty)
 * @throws {Problem} for a status of 400 or more (network failures reject with a TypeError)
 */
export async function request(method, path, options = {}) {
  const headers = Object.assign({ Accept: "application/json" }, options.headers || {});
  const token = session.token();
  if (token) headers.Authorization = "Bearer " + token;
  const init = { method, headers };
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(options.body);
  }
  const answer = await fetch(path, init);
  const text = await answer.text();
  let body = null;
  if (text) {
    try { body = JSON.parse(text); } catch (e) { body = { detail: text }; }
  }
  if (answer.status >= 400) throw new Problem(answer.status, body);
  return { status: answer.status, headers: answer.headers, body };
}

let openApi = null;

/**
 * The server's OpenAPI document (GET /openapi.json), loaded once per page.
 * @returns {Promise<object>} the document
 * @throws {Problem} when the server refuses it (e.g. 401 with --openapi-token)
 */
export async function loadOpenApi() {
  if (!openApi) {
    openApi = request("GET", "/openapi.json").then((answer) => answer.body).catch((e) => { openApi = null; throw e; });
  }
  return openApi;
}
