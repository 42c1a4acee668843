// A TypeScript program against the CRM (examples/crm/schema.prisma), typed only by what
// openapi-typescript generated from the server's /openapi.json (./schema.d.ts) and called through
// openapi-fetch. TypedClientTest compiles it with tsc --strict, runs it with node against a real
// server and checks the JSON summary it prints. Environment: PLINTH_URL (the server's base URL)
// and PLINTH_TOKEN (a bearer token).
import createClient from "openapi-fetch";
import type { components, paths } from "./schema.js";

type Contact = components["schemas"]["Contact"];
type ContactCreate = components["schemas"]["ContactCreate"];

// The two variables this program reads (no @types/node needed for them).
declare const process: { env: Record<string, string | undefined> };

const client = createClient<paths>({
  baseUrl: process.env.PLINTH_URL,
  headers: { Authorization: `Bearer ${process.env.PLINTH_TOKEN}` },
});

/** A create answers a row, or an array of rows for an array body. */
function one<T>(created: T | T[]): T {
  return Array.isArray(created) ? created[0] : created;
}

function fail(step: string, status: number, problem: unknown): never {
  throw new Error(`${step}: ${status} ${JSON.stringify(problem)}`);
}

const company = await client.POST("/api/companies", {
  body: { name: "Acme", website: "https://acme.example" },
});
if (!company.data) fail("create company", company.response.status, company.error);
const acme = one(company.data);

const created = await client.POST("/api/contacts", {
  // satisfies: openapi-fetch infers the body, so only this makes tsc flag an unknown field.
  body: [
    { name: "Ada", email: "ada@acme.example", company_id: acme.id, score: 10 },
    { name: "Grace", email: "grace@acme.example", company_id: acme.id, status: "qualified", score: 20 },
    { name: "Linus", email: "linus@acme.example", company_id: acme.id, score: 30 },
    { name: "Edsger", email: "edsger@elsewhere.example", score: 40 },
  ] satisfies ContactCreate[],
});
if (!created.data) fail("create contacts", created.response.status, created.error);
const contacts: Contact[] = Array.isArray(created.data) ? created.data : [created.data];

// Leads of Acme, one per page, walked with the cursor until next_cursor is null.
const leads: string[] = [];
let cursor: string | undefined;
let pages = 0;
do {
  const page = await client.GET("/api/contacts", {
    params: { query: { status: "lead", company_id: acme.id, orderBy: "name", limit: 1, cursor } },
  });
  if (!page.data) fail("list contacts", page.response.status, page.error);
  pages++;
  leads.push(...page.data.data.map((c) => c.name));
  cursor = page.data.next_cursor ?? undefined;
} while (cursor !== undefined && pages < 10);

const read = await client.GET("/api/contacts/{key}", {
  params: { path: { key: contacts[0].id } },
});
if (!read.data) fail("read contact", read.response.status, read.error);
const stamp = read.data.updated_at;

const patched = await client.PATCH("/api/contacts/{key}", {
  params: { path: { key: read.data.id } },
  body: { score: 99, status: "won", _expected_updated_at: stamp },
});
if (!patched.data) fail("patch contact", patched.response.status, patched.error);

// The same stamp again is stale now: a 409 concurrent_update, with the row as it is now.
const stale = await client.PATCH("/api/contacts/{key}", {
  params: { path: { key: read.data.id } },
  body: { score: 1, _expected_updated_at: stamp },
});
if (stale.data) fail("stale patch", stale.response.status, stale.data);
const conflict = stale.error;

console.log(JSON.stringify({
  company: acme.name,
  created: contacts.map((c) => c.name),
  leads,
  pages,
  read: { name: read.data.name, status: read.data.status, score: read.data.score },
  patched: { status: patched.data.status, score: patched.data.score, changed: patched.data.updated_at !== stamp },
  stale: { status: stale.response.status, code: conflict?.code, currentScore: conflict?.current?.score },
}));
