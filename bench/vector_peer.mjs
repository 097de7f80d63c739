// The reference (@mastra/libsql 0.13.2 LibSQLVector) on the file libsqlstore-vector-bench wrote,
// with the same query vectors (PATH.queries.json): the reference's column of the vector table in
// docs/performance.md. Prints JSON lines as the C++ bench does.
//
//   node bench/vector_peer.mjs --file /tmp/libsqlstore-vector-bench.db [--queries 5] [--upsert 2000]
//
// --upsert N also measures the reference's own upsert throughput (DiskANN maintained) on a fresh
// file of N vectors of the same dimension. The reference comes from tests/interop/node_modules
// (npm ci there) or --modules DIR.
import { createRequire } from 'node:module';
import { readFileSync, rmSync, existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const here = dirname(fileURLToPath(import.meta.url));
const modules = resolve(opt('--modules', join(here, '..', 'tests', 'interop', 'node_modules')));
const require = createRequire(join(modules, 'noop.js'));
const { LibSQLVector } = require('@mastra/libsql');
for (const k of ['log', 'info', 'warn', 'debug']) console[k] = () => {};

const file = opt('--file', '/tmp/libsqlstore-vector-bench.db');
const count = Number(opt('--queries', '5'));
const spec = JSON.parse(readFileSync(`${file}.queries.json`, 'utf8'));
const line = (phase, fields) => process.stdout.write(JSON.stringify({ impl: 'reference', phase, ...fields }) + '\n');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const store = new LibSQLVector({ connectionUrl: `file:${file}` });
const run = async (phase, filterOf) => {
  const times = [];
  for (let i = 0; i < Math.min(count, spec.queries.length); i++) {
    const t = performance.now();
    await store.query({ indexName: spec.index, queryVector: spec.queries[i], topK: 10, filter: filterOf(i) });
    times.push(performance.now() - t);
  }
  line(phase, { n: spec.n, dim: spec.dim, queries: times.length, median_ms: median(times) });
};
await run('query_unfiltered', () => undefined);
await run('query_thread', (i) => ({ thread_id: spec.threads[i] }));
await run('query_resource', (i) => ({ resource_id: spec.resources[i] }));
store.turso.close();

const upserts = Number(opt('--upsert', '0'));
if (upserts > 0) {
  const path = `${file}.reference-upsert.db`;
  for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) rmSync(f);
  const fresh = new LibSQLVector({ connectionUrl: `file:${path}` });
  await fresh.createIndex({ indexName: spec.index, dimension: spec.dim });
  const vectors = [];
  for (let i = 0; i < upserts; i++) vectors.push(spec.queries[i % spec.queries.length].map((x, j) => x + ((i * 31 + j) % 17) / 100));
  const t = performance.now();
  for (let start = 0; start < upserts; start += 100) {
    const batch = vectors.slice(start, start + 100);
    await fresh.upsert({ indexName: spec.index, vectors: batch, metadata: batch.map((_, k) => ({ thread_id: `t${(start + k) % 10}` })) });
  }
  const ms = performance.now() - t;
  line('upsert', { n: upserts, dim: spec.dim, ms, vectors_per_s: upserts / (ms / 1000) });
  fresh.turso.close();
  for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) rmSync(f);
}
