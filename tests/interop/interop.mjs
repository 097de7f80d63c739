// Interoperability of libsqlstore with the reference (@mastra/libsql 0.13.2).
//
//   node interop.mjs --cli path/to/libsqlstore [--workdir DIR] [--verbose] [--only domain,...]
//
// 1. Runs the same call sequences (sequences.mjs) against the reference, called directly, and
//    against `libsqlstore rpc`, each on its own fresh file database, and compares every result
//    (JSON text: same keys, same key order, same values) and every error (id and category).
// 2. Compares the rows both databases hold, column by column (values and SQLite storage types;
//    generated values - timestamps of "now", random ids - excluded).
// 3. Opens the database libsqlstore wrote with the reference and the reference's with
//    libsqlstore, replays every read of step 1 on both, and compares the two readers' answers.
// 6. Exports the reference's database, imports the dump into a new file and has the reference
//    read it as its own.
// Differences are accepted only when known.mjs explains them with a line of
// docs/compatibility.md. The last line is "N passed, M failed"; the exit code is 1 on failure.
import { createClient } from '@libsql/client';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Reference, Libsqlstore, mask, outcomeText, Tally, out, clip } from './harness.mjs';
import { explain, explainCell, sortedText } from './known.mjs';
import { domains } from './sequences.mjs';

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const cli = opt('--cli');
if (!cli) {
  console.error('usage: node interop.mjs --cli path/to/libsqlstore [--workdir DIR] [--verbose] [--only a,b]');
  process.exit(2);
}
const verbose = argv.includes('--verbose');
const only = opt('--only')?.split(',');
const keep = Boolean(opt('--workdir'));
const workdir = resolve(opt('--workdir') ?? mkdtempSync(join(tmpdir(), 'libsqlstore-interop-')));

// The reference logs its own errors on the console; keep the report readable.
for (const k of ['log', 'info', 'warn', 'error', 'debug']) console[k] = () => {};

const tally = new Tally(verbose);
const runStart = new Date().toISOString();

/** Where the two results first differ once key order is ignored (the part a reader needs). */
function firstDifference(ref, lib) {
  if (!ref.ok || !lib.ok) return '';
  const a = sortedText(ref.value);
  const b = sortedText(lib.value);
  if (a === b) return '\n  (they differ only in key order)';
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 120);
  return `\n  first difference (keys sorted) at ${i}:\n    reference:   ...${a.slice(from, i + 120)}\n    libsqlstore: ...${b.slice(from, i + 120)}`;
}

function compare(label, step, ref, lib) {
  ref = ref.ok ? { ...ref, value: mask(ref.value, step.mask) } : ref;
  lib = lib.ok ? { ...lib, value: mask(lib.value, step.mask) } : lib;
  const a = outcomeText(ref);
  const b = outcomeText(lib);
  if (a === b) {
    tally.pass(label);
    return;
  }
  const why = explain(step, ref, lib);
  if (why) {
    tally.known++;
    tally.pass(label, `known difference: ${why}`);
    return;
  }
  tally.fail(label, `  params:      ${clip(JSON.stringify(step.resolvedParams))}\n  reference:   ${clip(a)}\n  libsqlstore: ${clip(b)}` +
    firstDifference(ref, lib) +
    (lib.ok ? '' : `\n  libsqlstore message: ${lib.message}`) + (ref.ok ? '' : `\n  reference message: ${ref.message}`));
}

// ---- 1. the same sequences on both -------------------------------------------------------------

const refUrl = `file:${join(workdir, 'reference.db')}`;
const libUrl = `file:${join(workdir, 'libsqlstore.db')}`;
const ref = new Reference(refUrl);
const lib = new Libsqlstore(cli, libUrl);
const ctx = { reference: {}, libsqlstore: {} };
const reads = [];

compare('init', { method: 'init' }, await ref.call('init', []), await lib.call('init', []));
for (const [domain, steps] of Object.entries(domains)) {
  if (only && !only.includes(domain)) continue;
  for (const step of steps()) {
    if (step.sleep) await sleep(step.sleep);
    const params = (side) => (typeof step.params === 'function' ? step.params(ctx[side]) : step.params);
    step.resolvedParams = params('reference');
    const r = await ref.call(step.method, params('reference'));
    const l = await lib.call(step.method, params('libsqlstore'));
    step.capture?.(ctx.reference, r);
    step.capture?.(ctx.libsqlstore, l);
    compare(`${domain}: ${step.name}`, step, r, l);
    if (step.read) reads.push({ domain, step });
  }
}
await ref.close();
await lib.close();

// ---- 2. the stored rows ------------------------------------------------------------------------

const TABLES = {
  mastra_threads: 'id',
  mastra_messages: 'id',
  mastra_resources: 'id',
  mastra_workflow_snapshot: 'workflow_name, run_id',
  mastra_evals: 'run_id',
  mastra_traces: 'id',
  mastra_scorers: 'runId, scorerId, createdAt, traceId',
  // Vector indexes (vectors domain): the reference's DDL, float32 blobs, JSON.stringify'd metadata.
  docs: 'vector_id',
  memory_messages_4: 'vector_id',
};
/** Columns whose values are generated by each implementation on its own. */
const GENERATED = { mastra_scorers: ['id'] };
const isNow = (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) && v >= runStart;

async function rowsOf(url, table, order) {
  const c = createClient({ url });
  try {
    const info = await c.execute(`PRAGMA table_info(${table})`);
    const cols = info.rows.map((r) => r.name);
    if (cols.length === 0) return { cols, rows: [] };
    const sel = cols.map((n) => `"${n}", typeof("${n}") AS "${n}::type"`).join(', ');
    const rs = await c.execute(`SELECT ${sel} FROM ${table} ORDER BY ${order}`);
    const cell = (v) => (v instanceof ArrayBuffer ? `x'${Buffer.from(v).toString('hex')}'` : v);
    return { cols, rows: rs.rows.map((r) => Object.fromEntries(rs.columns.map((k, i) => [k, cell(r[i])]))) };
  } finally {
    c.close();
  }
}

for (const [table, order] of Object.entries(TABLES)) {
  const a = await rowsOf(refUrl, table, order);
  const b = await rowsOf(libUrl, table, order);
  const label = `stored rows: ${table}`;
  if (JSON.stringify(a.cols) !== JSON.stringify(b.cols)) {
    tally.fail(label, `  columns differ: reference ${a.cols} / libsqlstore ${b.cols}`);
    continue;
  }
  if (a.rows.length !== b.rows.length) {
    tally.fail(label, `  row count: reference ${a.rows.length}, libsqlstore ${b.rows.length}`);
    continue;
  }
  const problems = [];
  const known = new Set();
  a.rows.forEach((ra, i) => {
    const rb = b.rows[i];
    for (const col of a.cols) {
      if ((GENERATED[table] ?? []).includes(col)) continue;
      const va = ra[col];
      const vb = rb[col];
      if (isNow(va) && isNow(vb)) continue;
      const same = va === vb && ra[`${col}::type`] === rb[`${col}::type`];
      if (same) continue;
      const why = explainCell(table, col, va, vb, isNow);
      if (why) {
        known.add(why);
        continue;
      }
      problems.push(`  row ${i + 1} (${order} = ${order.split(', ').map((k) => ra[k]).join(', ')}) column ${col}: reference ${clip(JSON.stringify(va), 200)} (${ra[`${col}::type`]}), libsqlstore ${clip(JSON.stringify(vb), 200)} (${rb[`${col}::type`]})`);
    }
  });
  if (problems.length) tally.fail(label, problems.join('\n'));
  else tally.pass(label, known.size ? `known difference: ${[...known].join('; ')}` : `${a.rows.length} rows`);
}

// ---- 3. each reads the other's database --------------------------------------------------------

const refOnLib = new Reference(libUrl);
const libOnRef = new Libsqlstore(cli, refUrl);
const refOnRef = new Reference(refUrl);
const libOnLib = new Libsqlstore(cli, libUrl);
compare('cross: reference init() on the libsqlstore database', { method: 'init' }, { ok: true, value: null }, await refOnLib.call('init', []));
for (const { domain, step } of reads) {
  const p = typeof step.params === 'function' ? step.params(ctx.reference) : step.params;
  step.resolvedParams = p;
  // libsqlstore reads the reference's database as the reference does ...
  compare(`cross: libsqlstore reads reference db: ${domain}: ${step.name}`, step, await refOnRef.call(step.method, p), await libOnRef.call(step.method, p));
  // ... and the reference reads libsqlstore's database as libsqlstore does.
  compare(`cross: reference reads libsqlstore db: ${domain}: ${step.name}`, step, await refOnLib.call(step.method, p), await libOnLib.call(step.method, p));
}
await Promise.all([refOnLib.close(), refOnRef.close(), libOnRef.close(), libOnLib.close()]);

// ---- 4. vector files change hands ---------------------------------------------------------------
// libsqlstore writes to the reference's vector index, which carries libSQL's DiskANN index: it
// detaches it (index, shadow table, meta row) in the write's transaction. The file stays sound and
// the reference goes on with it (its createIndex rebuilds DiskANN). The reverse: the reference
// writes to libsqlstore's index and libsqlstore reads what it wrote.
if (!only || only.includes('vectors')) {
  const q = { indexName: 'docs', queryVector: [1, 0.25, 0], includeVector: true };
  const check = (label, ok, detail) => (ok ? tally.pass(label) : tally.fail(label, detail));
  const sql = async (url, text) => {
    const c = createClient({ url });
    try {
      return (await c.execute(text)).rows;
    } finally {
      c.close();
    }
  };
  const libW = new Libsqlstore(cli, refUrl);
  const w = await libW.call('vector.upsert', [{ indexName: 'docs', vectors: [[0.2, 0.4, 0.6]], metadata: [{ k: 'lib' }], ids: ['from-lib'] }]);
  await libW.close();
  check('handover: libsqlstore writes to a reference vector file', w.ok, `  ${outcomeText(w)} ${w.message ?? ''}`);
  const left = await sql(refUrl, "SELECT name FROM sqlite_master WHERE name LIKE 'docs_vector_idx%' UNION ALL SELECT name FROM libsql_vector_meta_shadow WHERE name = 'docs_vector_idx'");
  check('handover: the DiskANN index, its shadow table and meta row are gone', left.length === 0, `  left: ${JSON.stringify(left)}`);
  const integrity = await sql(refUrl, 'PRAGMA integrity_check');
  check('handover: integrity_check ok after the detach', integrity[0]?.[0] === 'ok', `  ${JSON.stringify(integrity)}`);
  const refAfter = new Reference(refUrl);
  const libAfter = new Libsqlstore(cli, refUrl);
  const steps = [
    ['vector.createIndex', [{ indexName: 'docs', dimension: 3 }]],
    ['vector.upsert', [{ indexName: 'docs', vectors: [[0.1, 0.1, 0.9]], ids: ['from-ref'] }]],
    ['vector.deleteVector', [{ indexName: 'docs', id: 'a' }]],
  ];
  for (const [method, params] of steps) {
    const r = await refAfter.call(method, params);
    check(`handover: the reference goes on: ${method}`, r.ok, `  ${outcomeText(r)} ${r.message ?? ''}`);
  }
  compare('handover: both read the reference file alike', { method: 'vector.query' }, await refAfter.call('vector.query', [q]), await libAfter.call('vector.query', [q]));
  compare('handover: both count alike', { method: 'vector.describeIndex' }, await refAfter.call('vector.describeIndex', [{ indexName: 'docs' }]), await libAfter.call('vector.describeIndex', [{ indexName: 'docs' }]));
  await Promise.all([refAfter.close(), libAfter.close()]);
  const refOnLibW = new Reference(libUrl);
  const r = await refOnLibW.call('vector.upsert', [{ indexName: 'docs', vectors: [[0.3, 0.3, 0.3]], ids: ['ref-on-lib'] }]);
  check('handover: the reference writes to a libsqlstore vector file', r.ok, `  ${outcomeText(r)} ${r.message ?? ''}`);
  const libOnLibW = new Libsqlstore(cli, libUrl);
  compare('handover: both read the libsqlstore file alike', { method: 'vector.query' }, await refOnLibW.call('vector.query', [q]), await libOnLibW.call('vector.query', [q]));
  await Promise.all([refOnLibW.close(), libOnLibW.close()]);
}

// ---- 5. keyword search on a shared file ----------------------------------------------------------
// libsqlstore enables search on a file; the reference then writes to it through its own API (its
// INSERT OR REPLACE threads, upserts, updates, deletes): it must not fail, and every write must
// reach the index through the triggers (checkSearch compares the index with a rebuild).
if (!only || only.includes('search')) {
  const url = `file:${join(workdir, 'search.db')}`;
  const check = (label, ok, detail) => (ok ? tally.pass(label) : tally.fail(label, detail));
  const text = (t) => ({ format: 2, parts: [{ type: 'text', text: t }] });
  const msg = (id, threadId, t, at) => ({ id, threadId, resourceId: 'r1', role: 'user', type: 'v2', content: text(t), createdAt: `2024-01-01T00:00:0${at}.000Z` });
  const thread = (id, title) => ({ id, resourceId: 'r1', title, metadata: {}, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z' });
  const libW = new Libsqlstore(cli, url);
  for (const [method, params] of [
    ['init', []],
    ['saveThread', [{ thread: thread('s1', 'Holiday in Lisbon') }]],
    ['saveMessages', [{ format: 'v2', messages: [msg('a1', 's1', 'the ferry leaves at nine', 1), msg('a2', 's1', 'pack the umbrella', 2)] }]],
    ['enableSearch', [{}]],
  ]) {
    const r = await libW.call(method, params);
    check(`search: libsqlstore ${method}`, r.ok, `  ${outcomeText(r)} ${r.message ?? ''}`);
  }
  await libW.close();
  const refW = new Reference(url);
  for (const [method, params] of [
    ['init', []],
    ['saveThread', [{ thread: thread('s2', 'Porto wine tasting') }]],
    ['saveThread', [{ thread: thread('s1', 'Holiday in Madeira') }]],
    ['saveMessages', [{ format: 'v2', messages: [msg('b1', 's2', 'the cellar opens at ten', 3), msg('a2', 's1', 'pack the raincoat', 2)] }]],
    ['updateMessages', [{ messages: [{ id: 'a1', content: text('the boat leaves at nine') }] }]],
    ['saveMessages', [{ format: 'v2', messages: [msg('b2', 's2', 'a glass of tawny', 4)] }]],
    ['deleteMessages', [['b2']]],
    ['getMessages', [{ threadId: 's1', format: 'v2' }]],
  ]) {
    const r = await refW.call(method, params);
    check(`search: the reference ${method} on a file with search enabled`, r.ok, `  ${outcomeText(r)} ${r.message ?? ''}`);
  }
  await refW.close();
  const libR = new Libsqlstore(cli, url);
  const consistent = await libR.call('checkSearch', []);
  check('search: the reference\'s writes are all in the index', consistent.ok && consistent.value.consistent, `  ${JSON.stringify(consistent)}`);
  const found = async (query, threads = false) => {
    const r = await libR.call(threads ? 'searchThreads' : 'searchMessages', [{ query }]);
    return r.ok ? r.value.results.map((h) => (threads ? h.thread.id : h.message.id)).sort().join(',') : `error ${r.message}`;
  };
  for (const [query, expected, threads] of [
    ['cellar', 'b1'], ['raincoat', 'a2'], ['umbrella', ''], ['boat', 'a1'], ['ferry', ''], ['tawny', ''],
    ['madeira', 's1', true], ['lisbon', '', true], ['porto', 's2', true],
  ]) {
    const got = await found(query, threads);
    check(`search: "${query}" after the reference's writes`, got === expected, `  expected [${expected}], got [${got}]`);
  }
  await libR.close();
  const integrity = await (async () => {
    const c = createClient({ url });
    try {
      return (await c.execute('PRAGMA integrity_check')).rows;
    } finally {
      c.close();
    }
  })();
  check('search: integrity_check ok', integrity[0]?.[0] === 'ok', `  ${JSON.stringify(integrity)}`);
}

// ---- 6. a dump of the reference's database -----------------------------------------------------
// libsqlstore exports the database the reference wrote in step 1 and imports the dump into a new
// file; the reference opens that file and answers every read of step 1 as it does on its own file,
// and the new file exports the same rows again.
if (!only || only.includes('dump')) {
  const check = (label, ok, detail) => (ok ? tally.pass(label) : tally.fail(label, detail));
  const dumpPath = join(workdir, 'reference.jsonl');
  const importedUrl = `file:${join(workdir, 'imported.db')}`;
  const run = (args) => spawnSync(cli, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const exported = run(['export', '--url', refUrl, '-o', dumpPath]);
  check('dump: libsqlstore exports the reference\'s database', exported.status === 0, `  ${exported.stderr}`);
  const imported = run(['import', '--url', importedUrl, dumpPath]);
  check('dump: the dump imports into an empty file', imported.status === 0, `  ${imported.stderr}`);
  const again = run(['export', '--url', importedUrl]);
  const body = (text) => text.split('\n').slice(1).join('\n');
  check('dump: the imported file exports the same rows', again.status === 0 && body(again.stdout) === body(readFileSync(dumpPath, 'utf8')), '  the row lines differ');
  const refOnImported = new Reference(importedUrl);
  const refOnOriginal = new Reference(refUrl);
  compare('dump: reference init() on the imported file', { method: 'init' }, { ok: true, value: null }, await refOnImported.call('init', []));
  for (const { domain, step } of reads) {
    const p = typeof step.params === 'function' ? step.params(ctx.reference) : step.params;
    step.resolvedParams = p;
    compare(`dump: reference reads the imported file: ${domain}: ${step.name}`, step, await refOnOriginal.call(step.method, p), await refOnImported.call(step.method, p));
  }
  await Promise.all([refOnImported.close(), refOnOriginal.close()]);
}

if (!keep) rmSync(workdir, { recursive: true, force: true });
else out(`databases kept in ${workdir}`);
if (tally.known) out(`${tally.known} of the passed cases are documented differences (docs/compatibility.md)`);
out(`${tally.passed} passed, ${tally.failed} failed`);
process.exit(tally.failed ? 1 : 0);
