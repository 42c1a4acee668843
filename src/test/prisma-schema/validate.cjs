// Validates each schema file given with Prisma's own validator, at each pinned Prisma version.
// Prints one JSON object per line: {"file", "prisma", "ok", "message"}; with --datamodel first, an accepted
// file's line also holds Prisma's datamodel ("datamodel": models and enums with their dbName).
// Used by PrismaSchemaCopyAgainstPrismaTest.
const fs = require('fs');
const versions = ['5', '6', '7'];
const validators = Object.fromEntries(versions.map(v => [v, require('prisma-schema-' + v)]));
let files = process.argv.slice(2);
const withDatamodel = files[0] === '--datamodel';
if (withDatamodel) files = files.slice(1);
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  const params = JSON.stringify({ prismaSchema: [[file, text]], noColor: true });
  for (const v of versions) {
    const verdict = { file, prisma: v, ok: true, message: '' };
    try {
      // validate throws a JSON {error_code, message} for a rejected schema (prisma-schema-wasm, src/lib.rs).
      validators[v].validate(params);
      if (withDatamodel) verdict.datamodel = JSON.parse(validators[v].get_datamodel(params));
    } catch (e) {
      verdict.ok = false;
      const raw = String(e && e.message !== undefined ? e.message : e);
      try { verdict.message = JSON.parse(raw).message; } catch (_) { verdict.message = raw; }
    }
    console.log(JSON.stringify(verdict));
  }
}
