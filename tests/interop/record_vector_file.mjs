// Records a vector index file written by the reference (@mastra/libsql 0.13.2), with libSQL's
// DiskANN index attached, and the reference's answers to queries on it:
//   tests/vector/fixtures/reference_diskann.db   the file (WAL checkpointed into it)
//   tests/vector/fixtures/reference_queries.json the queries and their answers, scores as the
//                                                little-endian bytes of the double
// tests/vector/reference_file_test.cpp reads the file through libsqlstore, replays the queries
// (bit-identical scores), then writes to it (the DiskANN detach). Deterministic: seeded data.
//   node record_vector_file.mjs
import { LibSQLVector } from '@mastra/libsql';
import { createClient } from '@libsql/client';
import { rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dir = join(here, '..', 'vector', 'fixtures');
const path = join(dir, 'reference_diskann.db');
for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) rmSync(f);

let state = 0x2545f4914f6cdd1dn;
const unit = () => {
  state ^= state >> 12n; state ^= (state << 25n) & 0xffffffffffffffffn; state ^= state >> 27n;
  return Number(((state * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn) >> 11n) / 2 ** 53;
};
const DIM = 8;
const vec = () => Array.from({ length: DIM }, () => Math.round((unit() * 2 - 1) * 1e6) / 1e6);

const url = `file:${path}`;
const store = new LibSQLVector({ connectionUrl: url });
const name = 'memory_messages_8';
await store.createIndex({ indexName: name, dimension: DIM });
const vectors = [];
const metadata = [];
const ids = [];
for (let i = 0; i < 60; i++) {
  vectors.push(i === 7 ? Array(DIM).fill(0) : vec());
  metadata.push({ message_id: `m${i}`, thread_id: `t${i % 6}`, resource_id: `r${i % 2}`, n: i, tags: i % 3 ? ['even'] : ['odd', 'x'] });
  ids.push(`v${i}`);
}
vectors[8] = vectors[9].map((x) => -x);  // an antipode
await store.upsert({ indexName: name, vectors, metadata, ids });

const f64 = new Float64Array(1);
const hex = (d) => { f64[0] = d; return Buffer.from(f64.buffer).toString('hex'); };
const queries = [];
const ask = async (q) => {
  const hits = await store.query({ indexName: name, ...q });
  queries.push({ query: q, hits: hits.map((h) => ({ id: h.id, score: h.score === null ? null : hex(h.score), metadata: h.metadata, vector: h.vector ?? null })) });
};
for (let i = 0; i < 6; i++) await ask({ queryVector: vec() });
await ask({ queryVector: vectors[9] });
await ask({ queryVector: vectors[3], topK: 60, includeVector: true });
await ask({ queryVector: vec(), topK: 3, filter: { thread_id: 't2' } });
await ask({ queryVector: vec(), topK: 20, filter: { resource_id: 'r1' }, minScore: 0.1 });
await ask({ queryVector: vec(), topK: 5, filter: { n: { $gte: 30 }, tags: { $in: ['odd'] } }, includeVector: true });
await ask({ queryVector: vec(), filter: { $or: [{ thread_id: 't0' }, { n: { $lt: 3 } }] } });
await ask({ queryVector: Array(DIM).fill(0) });
await ask({ queryVector: vec(), topK: 60, minScore: -1 });

const c = createClient({ url });
await c.execute('PRAGMA wal_checkpoint(TRUNCATE)');
c.close();
store.turso.close();
writeFileSync(join(dir, 'reference_queries.json'), JSON.stringify({
  about: 'Recorded by tests/interop/record_vector_file.mjs from @mastra/libsql 0.13.2 (reference_diskann.db)',
  index: name, dimension: DIM, count: vectors.length, queries,
}, null, 1) + '\n');
console.log(`${queries.length} queries recorded`);
