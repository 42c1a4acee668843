// Deliberately wrong calls: TypedClientTest expects tsc --strict to reject each line marked WRONG.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema.js";

const client = createClient<paths>({ baseUrl: "http://localhost:8080" });

await client.POST("/api/contacts", { body: { name: "Ada", email: "ada@acme.example", nickname: "ada" } satisfies components["schemas"]["ContactCreate"] }); // WRONG: unknown field
await client.POST("/api/companies", { body: { name: 42 } }); // WRONG: wrong type
await client.PATCH("/api/contacts/{key}", { params: { path: { key: 1 } }, body: { status: "archived" } }); // WRONG: not an enum value
await client.GET("/api/contacts/{key}", { params: { path: { key: "one" } } }); // WRONG: the key is an integer
await client.GET("/api/contacts", { params: { query: { stauts: "lead" } } }); // WRONG: an unknown filter
