// Validates each schema file given with Prisma's own validator, at each pinned Prisma version.
// Prints one JSON object per line: {"file", "prisma", "ok", "message"}. Used by PrismaSchemaCopyAgainstPrismaTest.
const fs = require('fs');
const versions = ['5', '6', '7'];
const validators = Object.fromEntries(versions.map(v => [v, require('prisma-schema-' + v)]));
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, 'utf8');
  for (const v of versions) {
    let ok = true;
    let message = '';
    try {
      // validate throws a JSON {error_code, message} for a rejected schema (prisma-schema-wasm, src/lib.rs).
      validators[v].validate(JSON.stringify({ prismaSchema: [[file, text]], noColor: true }));
    } catch (e) {
      ok = false;
      const raw = String(e && e.message !== undefined ? e.message : e);
      try { message = JSON.parse(raw).message; } catch (_) { message = raw; }
    }
    console.log(JSON.stringify({ file, prisma: v, ok, message }));
  }
}
