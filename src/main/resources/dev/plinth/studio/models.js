// What the Studio shows, read from the server's OpenAPI document: each row schema of
// components.schemas carries an "x-plinth" object (docs/api.md, "OpenAPI") naming its model, its API path,
// its key, its conventions (soft delete, owner, updated-at stamp, full-text columns, display label) and its
// relations. Columns come from the schema's properties, with their JSON Schema types and limits.

/**
 * @typedef {object} Column
 * @property {string} name       the column's API name
 * @property {object} schema     its JSON Schema (type, format, enum, minimum, maximum, maxLength, …)
 * @property {string} type       the first non-null JSON type: string, integer, number, boolean, object, array
 * @property {boolean} nullable  true when null is allowed
 * @property {boolean} readOnly  true for server-set columns (key generated, timestamps, owner, …)
 * @property {boolean} required  true when a create must send it (from the Create schema)
 */

/**
 * @typedef {object} Relation
 * @property {string} name        the relation field, e.g. "company"
 * @property {"to-one"|"to-many"} kind
 * @property {string} model       the related model, e.g. "Company"
 * @property {string} path        to-one: the related model's API path ("/api/companies");
 *                                to-many: the nested route with {key} ("/api/companies/{key}/contacts")
 * @property {string[]} fields    to-one: this model's foreign-key columns; to-many: []
 * @property {string[]} references to-one: the related model's columns they reference; to-many: []
 * @property {boolean} [required] to-one: a create must set the foreign key (no default, no null)
 */

/**
 * @typedef {object} Model
 * @property {string} name        the Prisma model name, e.g. "Contact"
 * @property {string} path        its API path, e.g. "/api/contacts"
 * @property {string[]} key       its key columns, e.g. ["id"]
 * @property {string|null} softDelete the soft-delete column (deleted_at), null without one
 * @property {string|null} owner  the owner column (user_id), null without one
 * @property {string|null} updatedAt the column _expected_updated_at is compared with, null without one
 * @property {string[]} fulltext  the @@fulltext columns ([] without: no search box)
 * @property {string|null} label  the column labels=true shows for a row of this model
 * @property {Column[]} columns   in schema order
 * @property {Relation[]} relations
 */

/**
 * Reads every served model from the OpenAPI document.
 * @param {object} doc the document of GET /openapi.json
 * @returns {Model[]} sorted by name
 */
export function models(doc) {
  const schemas = (doc.components && doc.components.schemas) || {};
  const out = [];
  for (const [component, schema] of Object.entries(schemas)) {
    const x = schema["x-plinth"];
    if (!x || !x.path) continue;
    const create = schemas[component + "Create"] || {};
    const createRequired = new Set(create.required || []);
    // a foreign key the create must set (x-plinth relation "required"): the Create schema leaves it out of
    // "required" because a nested connect may set it instead
    for (const r of x.relations || []) {
      if (r.required) for (const f of r.fields || []) createRequired.add(f);
    }
    const columns = [];
    for (const [name, property] of Object.entries(schema.properties || {})) {
      if ((x.relations || []).some((r) => r.name === name)) continue;
      const types = [].concat(property.type || []);
      columns.push({
        name,
        schema: property,
        type: types.find((t) => t !== "null") || (property.enum ? "string" : "object"),
        nullable: types.includes("null"),
        readOnly: property.readOnly === true,
        required: createRequired.has(name)
      });
    }
    out.push({
      name: x.model,
      path: x.path,
      key: x.key || [],
      softDelete: x.softDelete || null,
      owner: x.owner || null,
      updatedAt: x.updatedAt || null,
      fulltext: x.fulltext || [],
      label: x.label || null,
      columns,
      relations: x.relations || [],
      component
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The API path of one row: the model's path and its key values, each URL-encoded (a composite key's
 * values joined by commas, as the API's {key} takes them).
 * @param {Model} model
 * @param {object} row a row holding the key columns
 * @returns {string} e.g. "/api/contacts/7"
 */
export function rowPath(model, row) {
  return model.path + "/" + model.key.map((k) => encodeURIComponent(String(row[k]))).join(",");
}
