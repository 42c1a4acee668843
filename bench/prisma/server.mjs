// The hand-written Node + Prisma 7 peer of Plinth's benchmark (docs/benchmarks.md, "The Node + Prisma server").
//
// Plain node:http and Prisma Client 7 with its driver adapter (better-sqlite3 on SQLite, pg with a pool on
// PostgreSQL), answering the benchmark's operations with the JSON Plinth answers (the same envelope and row
// objects), written the way a Node developer writes them with Prisma: findUnique, findMany with
// where/orderBy/take/skip/cursor, count, include, create, createManyAndReturn, update, $transaction, and
// $queryRaw for the full-text search Prisma has no API for. Bad input answers 400 simply: a peer, not a product.
//
//   node server.js --database-url URL --port N [--pool-size N]
//
// The harness bundles this file with the client `prisma generate` wrote (./generated) into server.js.
import http from "node:http";
import { PrismaClient, Prisma } from "./generated/client.ts";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

const DEFAULT_PER_PAGE = 50;
const MAX_PER_PAGE = 10_000;
const EXPORT_CHUNK = 5_000; // rows read per findMany while exporting: the export never holds the table at once
const CONTACT_FIELDS = ["name", "email", "status", "company_id", "owner_id"];
const SEARCH_WORD = /^[A-Za-z0-9]{1,64}$/;
// Prisma waits 2 s for a pooled connection to begin a transaction (and every update is one): with 32 clients on
// a pool of 5 under load that failed with P2028, where Plinth's pool waits up to 30 s. wrk gives up after 10 s.
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 10_000 };

/** A client error: answered with its status and a problem body. */
class BadRequest extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

/** The command line as {databaseUrl, port, poolSize}. */
function parseArgs(argv) {
  const args = { databaseUrl: null, port: 8080, poolSize: 5 };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === "--database-url") args.databaseUrl = value;
    else if (name === "--port") args.port = Number(value);
    else if (name === "--pool-size") args.poolSize = Number(value);
    else throw new Error(`unknown option ${name}`);
  }
  if (!args.databaseUrl) throw new Error("--database-url is required");
  return args;
}

/** The Prisma client for a database URL (file:… is SQLite, postgres…:// is PostgreSQL) and its kind. */
async function openClient(url, poolSize) {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const adapter = new PrismaPg({ connectionString: url, max: poolSize });
    const prisma = new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
    return { prisma, kind: "postgres" };
  }
  const adapter = new PrismaBetterSqlite3({ url: url.replace(/^file:/, "") });
  const prisma = new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
  // WAL with synchronous=NORMAL, as Plinth and the reference run SQLite: without them every commit waits on
  // fsync and the comparison would flatter Plinth.
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await prisma.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  await prisma.$executeRawUnsafe("PRAGMA busy_timeout = 5000");
  return { prisma, kind: "sqlite" };
}

// ------------------------------------------------------------------------------------------ parameters

/** An integer query parameter in [min, max], or fallback when absent; 400 otherwise. */
function intParam(query, name, min, max, fallback) {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new BadRequest(400, `${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** The Prisma orderBy of an orderBy parameter: the id by default, created_at newest first when asked. */
function orderOf(query) {
  const orderBy = query.get("orderBy");
  if (orderBy === null || orderBy === "id" || orderBy === "id:asc") return [{ id: "asc" }];
  if (orderBy === "created_at:desc" || orderBy === "-created_at") return [{ created_at: "desc" }, { id: "asc" }];
  throw new BadRequest(400, "orderBy supports created_at:desc and id:asc");
}

/** The Prisma where of the list filters: status, company_id and the relation filter company.industry. */
function whereOf(query) {
  const where = {};
  if (query.has("status")) where.status = query.get("status");
  if (query.has("company_id")) where.company_id = intParam(query, "company_id", 1, 2 ** 31 - 1);
  if (query.has("company.industry")) where.company = { industry: query.get("company.industry") };
  return where;
}

/** The opaque keyset cursor of a row id, and back. */
const encodeCursor = (id) => Buffer.from(String(id)).toString("base64url");
function decodeCursor(cursor) {
  const id = Number(Buffer.from(cursor, "base64url").toString());
  if (!Number.isInteger(id)) throw new BadRequest(400, "cursor is not one this server issued");
  return id;
}

/** The fields of a contact a request may write (unknown members are ignored, as Prisma would reject them). */
function contactData(body) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new BadRequest(400, "an object expected");
  const data = {};
  for (const field of CONTACT_FIELDS) if (field in body) data[field] = body[field];
  return data;
}

// ------------------------------------------------------------------------------------------ reads

/** GET /api/contacts/{id}: the row, or 404. */
async function getContact(prisma, id) {
  const row = await prisma.contact.findUnique({ where: { id } });
  return row ? [200, row] : [404, { detail: `no contact with id ${id}` }];
}

/** GET /api/contacts (and the nested /api/companies/{id}/contacts, whose parent arrives in `where`). */
async function listContacts(ctx, query, where, res) {
  if (query.has("cursor") || query.has("limit")) return [200, await keysetPage(ctx.prisma, query)];
  if (query.has("q")) return [200, await search(ctx, query)];
  if (query.get("per_page") === "all") return exportAll(ctx.prisma, res);
  const perPage = intParam(query, "per_page", 0, MAX_PER_PAGE, DEFAULT_PER_PAGE);
  const page = intParam(query, "page", 1, 2 ** 31 - 1, 1);
  const include = query.get("include");
  if (include !== null && include !== "company") throw new BadRequest(400, "include supports company");
  const count = query.get("count") === "true";
  const args = { where, orderBy: orderOf(query), skip: (page - 1) * perPage, take: perPage };
  if (include) args.include = { company: true };
  const [total, data] = await Promise.all([
    count ? ctx.prisma.contact.count({ where }) : undefined,
    perPage > 0 ? ctx.prisma.contact.findMany(args) : [],
  ]);
  return [200, count ? { total, data, page, per_page: perPage } : { data, page, per_page: perPage }];
}

/** ?cursor=…&limit=N: the rows after the cursor's id in id order, with the next cursor when more follow. */
async function keysetPage(prisma, query) {
  const limit = intParam(query, "limit", 1, MAX_PER_PAGE, DEFAULT_PER_PAGE);
  const cursor = query.get("cursor");
  const args = { orderBy: { id: "asc" }, take: limit + 1 }; // one more row tells whether a next page exists
  if (cursor) Object.assign(args, { cursor: { id: decodeCursor(cursor) }, skip: 1 });
  const rows = await prisma.contact.findMany(args);
  const more = rows.length > limit;
  const data = more ? rows.slice(0, limit) : rows;
  return { data, limit, next_cursor: more ? encodeCursor(data[data.length - 1].id) : null };
}

/**
 * ?q=word: the contacts whose name or email holds the word, best match first (or newest first with
 * orderBy=created_at:desc), through the full-text index `plinth migrate` made for crm-search.prisma: FTS5 with
 * bm25 on SQLite, ts_rank over the GIN index's expression on PostgreSQL. Prisma has no full-text API for
 * either, so this is $queryRaw, its rows mapped back to the model's types.
 */
async function search({ prisma, kind }, query) {
  const q = query.get("q");
  if (!SEARCH_WORD.test(q)) throw new BadRequest(400, "q takes one plain word here");
  const perPage = intParam(query, "per_page", 1, MAX_PER_PAGE, DEFAULT_PER_PAGE);
  const page = intParam(query, "page", 1, 2 ** 31 - 1, 1);
  const newest = orderOf(query).length === 2;
  const offset = (page - 1) * perPage;
  const rows = kind === "sqlite" ? await searchSqlite(prisma, q, newest, perPage, offset)
    : await searchPostgres(prisma, q, newest, perPage, offset);
  return { data: rows.map(contactRow), page, per_page: perPage };
}

function searchSqlite(prisma, word, newest, limit, offset) {
  const match = `("${word}")`; // a quoted FTS5 string: the word and nothing else
  const order = newest ? Prisma.sql`c.created_at DESC, c.id ASC` : Prisma.sql`m.rank ASC, c.id ASC`;
  return prisma.$queryRaw`SELECT c.id, c.name, c.email, c.status, c.company_id, c.owner_id, c.created_at, c.updated_at
    FROM contacts c JOIN (SELECT rowid AS rid, bm25(contacts_fts) AS rank FROM contacts_fts WHERE contacts_fts MATCH ${match}) m
    ON c.rowid = m.rid ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`;
}

function searchPostgres(prisma, word, newest, limit, offset) {
  // the document expression of the GIN index contacts_fts_idx, so that the index serves the match
  const doc = Prisma.sql`to_tsvector('simple'::regconfig, regexp_replace(coalesce(name::text, '') || ' ' || coalesce(email::text, ''), '[^[:alnum:]]+', ' ', 'g'))`;
  const tsq = Prisma.sql`websearch_to_tsquery('simple'::regconfig, ${`"${word}"`})`;
  const order = newest ? Prisma.sql`created_at DESC, id ASC` : Prisma.sql`ts_rank(${doc}, ${tsq}) DESC, id ASC`;
  return prisma.$queryRaw`SELECT id, name, email, status, company_id, owner_id, created_at, updated_at
    FROM contacts WHERE ${doc} @@ ${tsq} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`;
}

/** A raw contact row with the model's types: SQLite hands back its ISO text and BigInt-free numbers as stored. */
function contactRow(r) {
  return {
    id: Number(r.id), name: r.name, email: r.email, status: r.status,
    company_id: r.company_id === null ? null : Number(r.company_id), owner_id: Number(r.owner_id),
    created_at: new Date(r.created_at), updated_at: new Date(r.updated_at),
  };
}

/** ?per_page=all: every contact in id order, read EXPORT_CHUNK rows at a time by cursor and written as it goes. */
async function exportAll(prisma, res) {
  res.writeHead(200, { "Content-Type": "application/json" });
  res.write('{"data":[');
  let cursor = null;
  let first = true;
  for (;;) {
    const rows = await prisma.contact.findMany({
      orderBy: { id: "asc" }, take: EXPORT_CHUNK, ...(cursor === null ? {} : { cursor: { id: cursor }, skip: 1 }),
    });
    if (rows.length === 0) break;
    let chunk = "";
    for (const row of rows) {
      chunk += (first ? "" : ",") + JSON.stringify(row);
      first = false;
    }
    if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve)); // the client's pace
    if (rows.length < EXPORT_CHUNK) break;
    cursor = rows[rows.length - 1].id;
  }
  res.end("]}");
  return null;
}

// ------------------------------------------------------------------------------------------ writes

/** POST /api/contacts: one object (create, 201 + Location) or an array (createManyAndReturn, 201). */
async function createContacts(prisma, body) {
  if (Array.isArray(body)) {
    if (body.length === 0) throw new BadRequest(422, "the array holds no rows");
    return [201, await prisma.contact.createManyAndReturn({ data: body.map(contactData) })];
  }
  const row = await prisma.contact.create({ data: contactData(body) });
  return [201, row, { Location: `/api/contacts/${row.id}` }];
}

/** PATCH /api/contacts/{id}: the updated row, or 404. */
async function updateContact(prisma, id, body) {
  try {
    return [200, await prisma.contact.update({ where: { id }, data: contactData(body) })];
  } catch (e) {
    if (e.code === "P2025") return [404, { detail: `no contact with id ${id}` }];
    throw e;
  }
}

/** PATCH /api/contacts with [{id, …}]: every row updated in one transaction, in order; 404 writes nothing. */
async function updateContacts(prisma, body) {
  if (!Array.isArray(body) || body.some((r) => !Number.isInteger(r?.id))) throw new BadRequest(400, "an array of rows with their id expected");
  try {
    return [200, await prisma.$transaction(body.map((r) => prisma.contact.update({ where: { id: r.id }, data: contactData(r) })))];
  } catch (e) {
    if (e.code === "P2025") return [404, { detail: "a row of the array does not exist" }];
    throw e;
  }
}

/**
 * POST /api/batch: an array (or {operations}) of {method, path, body}, run in order in one interactive
 * transaction; answers [{status, body}], or the first failing operation's answer with nothing applied.
 */
async function batch(prisma, body) {
  const ops = Array.isArray(body) ? body : body?.operations;
  if (!Array.isArray(ops) || ops.length === 0 || ops.length > 1000) throw new BadRequest(400, "an array of 1 to 1000 operations expected");
  const failed = {};
  try {
    const results = await prisma.$transaction(async (tx) => {
      const out = [];
      for (const [index, op] of ops.entries()) {
        const [status, answer] = await batchOperation(tx, op);
        if (status >= 400) throw Object.assign(failed, { index, status, answer });
        out.push({ status, body: answer });
      }
      return out;
    });
    return [200, results];
  } catch (e) {
    if (e === failed) return [failed.status, { ...failed.answer, operation: failed.index }];
    throw e;
  }
}

/** One batch operation on the transaction's client: POST /api/contacts, PATCH or GET /api/contacts/{id}. */
async function batchOperation(tx, op) {
  const item = /^\/api\/contacts\/(\d+)$/.exec(op?.path ?? "");
  if (op?.method === "POST" && op.path === "/api/contacts") return createContacts(tx, op.body);
  if (op?.method === "PATCH" && item) return updateContact(tx, Number(item[1]), op.body);
  if (op?.method === "GET" && item) return getContact(tx, Number(item[1]));
  return [400, { detail: "this server's batch takes POST /api/contacts and PATCH or GET /api/contacts/{id}" }];
}

// ------------------------------------------------------------------------------------------ HTTP

/** The request body parsed as JSON (400 when it is not JSON). */
async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new BadRequest(400, "the body is not JSON");
  }
}

/** Routes one request; returns [status, body, headers] or null when the route wrote the answer itself. */
async function route(ctx, req, res) {
  const url = new URL(req.url, "http://localhost");
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname; // /api/contacts/ too, as Plinth
  const item = /^\/api\/contacts\/(\d+)$/.exec(path);
  const nested = /^\/api\/companies\/(\d+)\/contacts$/.exec(path);
  const { prisma } = ctx;
  if (req.method === "GET") {
    if (item) return getContact(prisma, Number(item[1]));
    if (path === "/api/contacts") return listContacts(ctx, url.searchParams, whereOf(url.searchParams), res);
    if (nested) return listContacts(ctx, url.searchParams, { ...whereOf(url.searchParams), company_id: Number(nested[1]) }, res);
  } else if (req.method === "POST") {
    if (path === "/api/contacts") return createContacts(prisma, await readJson(req));
    if (path === "/api/batch") return batch(prisma, await readJson(req));
  } else if (req.method === "PATCH") {
    if (item) return updateContact(prisma, Number(item[1]), await readJson(req));
    if (path === "/api/contacts") return updateContacts(prisma, await readJson(req));
  }
  return [404, { detail: `no route for ${req.method} ${path}` }];
}

/** Answers one request: the route's JSON, 400 for bad input and Prisma's validation errors, 500 otherwise. */
async function handle(ctx, req, res) {
  let answer;
  try {
    answer = await route(ctx, req, res);
  } catch (e) {
    const client = e instanceof BadRequest || e instanceof Prisma.PrismaClientValidationError
      || (e instanceof Prisma.PrismaClientKnownRequestError && /^P2(000|003|011|012|013|019|020)$/.test(e.code));
    if (!client) console.error(e);
    answer = [e.status ?? (client ? 400 : 500), { detail: String(e.message).split("\n").pop() }];
  }
  if (answer === null) return; // streamed by the route
  const [status, body, headers] = answer;
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { prisma, kind } = await openClient(args.databaseUrl, args.poolSize);
  await prisma.$connect();
  const ctx = { prisma, kind };
  const server = http.createServer((req, res) => {
    handle(ctx, req, res).catch((e) => {
      console.error(e);
      res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000; // wrk keeps its connections between requests; do not close them under it
  server.listen(args.port, "127.0.0.1", () => console.log(`prisma server (${kind}) on 127.0.0.1:${args.port}`));
  const stop = () => server.close(() => prisma.$disconnect().finally(() => process.exit(0)));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
