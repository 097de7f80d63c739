// Records libSQL's vector function semantics, as the reference's engine (@libsql/client, the
// libSQL build @mastra/libsql 0.13.2 ships) computes them, into
// tests/vector/fixtures/libsql_vector_functions.json: the expected values of
// tests/vector/vector_functions_test.cpp, so CI proves bit-identity without Node.
//   node record_vector_fixtures.mjs
// Deterministic: a seeded generator, so re-running gives the same file.
import { createClient } from '@libsql/client';
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const db = createClient({ url: ':memory:' });

// xorshift64*: the same sequence on every run.
let state = 0x9e3779b97f4a7c15n;
const next = () => {
  state ^= state >> 12n; state ^= (state << 25n) & 0xffffffffffffffffn; state ^= state >> 27n;
  return (state * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
};
const u32 = () => Number(next() >> 32n);
const unit = () => Number(next() >> 11n) / 2 ** 53;
const f32 = new Float32Array(1);
const u32v = new Uint32Array(f32.buffer);
const floatOfBits = (b) => { u32v[0] = b; return f32[0]; };
const hexOfFloats = (xs) => Buffer.from(new Float32Array(xs).buffer).toString('hex');
const blobOfBits = (bits) => Buffer.from(new Uint32Array(bits).buffer);
const f64 = new Float64Array(1);
const hexOfDouble = (d) => { f64[0] = d; return Buffer.from(f64.buffer).toString('hex'); };

// 1. vector_extract's text (%g) for float bit patterns: random finite ones, and values near
//    decimal ties (k + 0.5 at 6 significant digits), where printf implementations differ.
const formatBits = [];
while (formatBits.length < 8192) {
  const b = u32();
  if (!Number.isFinite(floatOfBits(b))) continue;
  formatBits.push(b);
}
for (const v of [0, -0, 1, -1, 0.5, 123456.5, 1234565, 0.1, 1e-5, 1e-4, 1e5, 1e6, 999999.5, 3.4028234663852886e38,
                 1.401298464324817e-45, 1.1754943508222875e-38, 100000, 1000000, 0.0001, 0.00001]) {
  f32[0] = v; formatBits.push(u32v[0]);
}
for (let k = 0; k < 512; ++k) {  // exact ties: integers + .5 with 7 significant digits
  const v = 100000 + Math.floor(unit() * 900000) + 0.5;
  f32[0] = v; if (f32[0] === v) formatBits.push(u32v[0]);
}
const formats = [];
for (let i = 0; i < formatBits.length; i += 256) {
  const chunk = formatBits.slice(i, i + 256);
  const r = await db.execute({ sql: 'SELECT vector_extract(?) AS t', args: [blobOfBits(chunk)] });
  const text = r.rows[0].t;
  const parts = text.slice(1, -1).split(',');
  chunk.forEach((b, j) => formats.push([b.toString(16).padStart(8, '0'), parts[j]]));
}

// 2. vector32(text): JavaScript numbers as JSON.stringify writes them, to float bits.
const parseInputs = [];
for (let i = 0; i < 8192; ++i) {
  const kind = i % 4;
  const m = (unit() * 2 - 1);
  const v = kind === 0 ? m : kind === 1 ? m * 10 ** Math.floor(unit() * 76 - 38)
          : kind === 2 ? Math.round(m * 1e6) / 1e3 : floatOfBits(u32()) || 0;
  if (Number.isFinite(v) && Math.abs(v) < 3.4e38) parseInputs.push(JSON.stringify(v));
}
parseInputs.push('0', '-0', '1e-46', '1e-45', '3.4028235e38', '1E3', '.5', '5.', '+1', '  7 ');
const parses = [];
for (let i = 0; i < parseInputs.length; i += 256) {
  const chunk = parseInputs.slice(i, i + 256);
  const r = await db.execute({ sql: 'SELECT hex(vector32(?)) AS h', args: ['[' + chunk.join(',') + ']'] });
  const bytes = Buffer.from(r.rows[0].h, 'hex');
  chunk.forEach((t, j) => parses.push([t, bytes.subarray(4 * j, 4 * j + 4).toString('hex')]));
}

// 3. 1 - vector_distance_cos(a, b) for vector pairs: the score the reference's query computes.
const scores = [];
const vec = (dim, scale) => Array.from({ length: dim }, () => Math.fround((unit() * 2 - 1) * scale));
const pairs = [];
for (const dim of [1, 2, 3, 4, 7, 16, 64, 384, 768, 1536]) {
  for (let i = 0; i < 12; ++i) pairs.push([vec(dim, 1), vec(dim, i % 3 === 0 ? 100 : 1)]);
}
pairs.push([[1, 0, 0, 0], [1, 0, 0, 0]], [[1, 0, 0, 0], [-1, 0, 0, 0]], [[0, 0], [1, 2]],
           [[1e10, 0], [1e10, 0]], [[1e-23, 0], [1e-23, 0]], [[1, 2, 3], [1, 2, 3]]);
for (const [a, b] of pairs) {
  const r = await db.execute({
    sql: 'SELECT 1 - vector_distance_cos(vector32(?), vector32(?)) AS s, ' +
         'vector_distance_cos(vector32(?), vector32(?)) IS NULL AS n',
    args: [JSON.stringify(a), JSON.stringify(b), JSON.stringify(a), JSON.stringify(b)],
  });
  const s = r.rows[0].s;
  scores.push({ a: hexOfFloats(a), b: hexOfFloats(b), score: s === null ? null : hexOfDouble(s) });
}

// 4. Errors of vector32 on bad text (message texts).
const errors = [];
for (const t of ['1,2', '[1,2', '[1,,2]', '[a]', '[1,2] x', '[inf]', '[nan]', '[0x10]', '']) {
  try {
    await db.execute({ sql: 'SELECT vector32(?)', args: [t] });
    errors.push([t, null]);
  } catch (e) {
    errors.push([t, String(e.message)]);
  }
}

const out = {
  about: 'Recorded by tests/interop/record_vector_fixtures.mjs from the libSQL engine of @mastra/libsql 0.13.2',
  format: formats, parse: parses, scores, errors,
};
writeFileSync(join(here, '..', 'vector', 'fixtures', 'libsql_vector_functions.json'), JSON.stringify(out) + '\n');
console.log(`format ${formats.length}, parse ${parses.length}, scores ${scores.length}, errors ${errors.length}`);
