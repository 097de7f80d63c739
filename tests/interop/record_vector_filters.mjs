// Records the reference's answers to a corpus of metadata filters (LibSQLVector.query of
// @mastra/libsql 0.13.2 on a file) into tests/vector/fixtures/filters.json: the rows, and for
// each filter the ids it matched or the error it threw. tests/vector/filter_test.cpp replays the
// corpus on every backend, so CI proves the filter language without Node.
//   node record_vector_filters.mjs
import { LibSQLVector } from '@mastra/libsql';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const rows = [
  { id: 'film1', metadata: { category: 'films', year: 1999, rating: 8.5, tags: ['scifi', 'action'], flag: true, nested: { a: 1, b: { c: 'deep' } } } },
  { id: 'film2', metadata: { category: 'films', year: 2010, rating: 7, tags: ['drama'], flag: false, nested: { a: 2 } } },
  { id: 'book1', metadata: { category: 'books', year: 2005, rating: 9.1, tags: ['scifi'], author: 'Le Guin', nested: { a: 1, b: { c: 'other' } } } },
  { id: 'book2', metadata: { category: 'books', year: '1984', tags: [], author: 'Orwell', nul: null } },
  { id: 'song1', metadata: { category: 'songs', year: 2020, rating: -1, tags: ['pop', 'dance', 'pop'], n: 1 } },
  { id: 'song2', metadata: { category: 'Songs', year: 0, rating: 0, n: 2, text: '100% real_deal\\x' } },
  { id: 'misc1', metadata: { category: 'misc', items: [{ name: 'a', qty: 2 }, { name: 'b', qty: 5 }], nums: [1, 2], when: '2024-05-01T00:00:00.000Z' } },
  { id: 'misc2', metadata: { category: 'misc', items: [{ name: 'c', qty: 1 }], nums: [3], jsontext: '["x","y"]', seven: '7' } },
  { id: 'empty', metadata: {} },
  { id: 'thread', metadata: { thread_id: 't1', resource_id: 'r1', message_id: 'm1' } },
  { id: 'thread2', metadata: { thread_id: 't2', resource_id: 'r1', message_id: 'm2' } },
];

const filters = [
  // primitives and $eq / $ne
  { category: 'films' }, { category: { $eq: 'films' } }, { category: { $ne: 'films' } }, { year: 1999 },
  { year: '1984' }, { year: 1984 }, { flag: true }, { flag: false }, { nul: null }, { category: null },
  { category: { $eq: null } }, { category: { $ne: null } }, { n: { $ne: 1 } }, { rating: -0 }, { rating: 0 },
  { tags: 'scifi' }, { tags: ['scifi', 'pop'] }, { tags: { $eq: ['drama'] } }, { tags: { $ne: ['drama'] } },
  { category: 'films', year: 2010 }, { 'nested.a': 1 }, { nested: { a: 1 } }, { nested: { b: { c: 'deep' } } },
  { 'nested.b.c': 'other' }, { thread_id: 't1' }, { resource_id: 'r1' }, { resource_id: 'r1', thread_id: 't2' },
  // numeric
  { year: { $gt: 2000 } }, { year: { $gte: 2005 } }, { year: { $lt: 2000 } }, { year: { $lte: 1999 } },
  { rating: { $gt: 7, $lt: 9 } }, { seven: { $gte: 5 } }, { year: { $gt: '2000' } }, { when: { $gt: '2024-01-01T00:00:00.000Z' } },
  { when: { $lt: '2025-01-01T00:00:00.000Z' } }, { 'nested.a': { $gte: 2 } }, { missing: { $gt: 0 } },
  // arrays
  { tags: { $in: ['scifi'] } }, { category: { $in: ['films', 'books'] } }, { category: { $in: [] } },
  { category: { $nin: ['films', 'books'] } }, { category: { $nin: [] } }, { tags: { $nin: ['scifi'] } },
  { category: { $in: 'films' } }, { year: { $in: [1999, 2005] } }, { jsontext: { $in: ['x'] } },
  { tags: { $all: ['scifi', 'action'] } }, { tags: { $all: ['scifi'] } }, { tags: { $all: [] } }, { tags: { $all: 'pop' } },
  { jsontext: { $all: ['x', 'y'] } }, { category: { $all: ['films'] } },
  { items: { $elemMatch: { name: 'a' } } }, { items: { $elemMatch: { qty: { $gt: 4 } } } },
  { items: { $elemMatch: { name: 'c', qty: { $lt: 2 } } } }, { nums: { $elemMatch: { $gt: 2 } } },
  { nums: { $elemMatch: { $in: [1, 3] } } }, { tags: { $elemMatch: { $eq: 'pop' } } },
  // element, custom
  { author: { $exists: true } }, { author: { $exists: false } }, { nested: { $exists: true } },
  { author: { $contains: 'guin' } }, { category: { $contains: 'ONG' } }, { text: { $contains: '100%' } },
  { text: { $contains: '_d' } }, { text: { $contains: '\\x' } }, { text: { $contains: '%' } },
  { tags: { $contains: ['pop'] } }, { tags: { $contains: ['drama', 'action'] } }, { year: { $contains: 1999 } },
  { nums: { $size: 2 } }, { nums: { $size: 1 } }, { tags: { $size: 0 } }, { tags: { $size: 3 } }, { category: { $size: 1 } },
  // logical
  { $and: [{ category: 'films' }, { year: { $gt: 2000 } }] }, { $or: [{ category: 'books' }, { n: 1 }] },
  { $nor: [{ category: 'films' }, { category: 'books' }] }, { $not: { category: 'films' } },
  { $and: [] }, { $or: [] }, { $nor: [] }, { category: { $not: { $eq: 'films' } } }, { year: { $not: { $gt: 2000 } } },
  { $and: [{ $or: [{ category: 'films' }, { category: 'songs' }] }, { year: { $gte: 2010 } }] },
  { $or: [{ $and: [{ category: 'books' }, { rating: { $gt: 9 } }] }, { tags: { $in: ['pop'] } }] },
  { $or: [{ category: 'films', flag: true }] }, { $nor: [{ category: 'films', flag: true }] },
  { category: 'films', $or: [{ year: 1999 }, { year: 2005 }] },
  { $not: { year: { $gt: 2000 }, category: 'films' } },
  // rejected
  { category: { $regex: '^f' } }, { category: { $options: 'i' } }, { 'bad key': 1 }, { 'a..b': 1 }, { '1abc': 2 },
  { $eq: 'films' }, { category: { $and: [{ $eq: 'films' }] } }, { $and: [{ $eq: 1 }] }, { $not: 5 }, { $not: {} },
  { items: { $elemMatch: 'a' } }, { items: { $elemMatch: ['a'] } }, { category: { $foo: 1 } },
];

// A file: on :memory: the reference's transactions open a database of their own.
const dir = mkdtempSync(join(tmpdir(), 'filters-'));
const store = new LibSQLVector({ connectionUrl: `file:${join(dir, 'filters.db')}` });
await store.createIndex({ indexName: 'filters', dimension: 2 });
await store.upsert({ indexName: 'filters', vectors: rows.map(() => [1, 1]), metadata: rows.map((r) => r.metadata), ids: rows.map((r) => r.id) });
const cases = [];
for (const filter of filters) {
  try {
    const hits = await store.query({ indexName: 'filters', queryVector: [1, 1], topK: 100, filter });
    cases.push({ filter, ids: hits.map((h) => h.id).sort() });
  } catch (e) {
    cases.push({ filter, error: { id: e.id ?? null, message: e.message } });
  }
}
rmSync(dir, { recursive: true, force: true });
const out = { about: 'Recorded by tests/interop/record_vector_filters.mjs from @mastra/libsql 0.13.2', rows, cases };
writeFileSync(join(here, '..', 'vector', 'fixtures', 'filters.json'), JSON.stringify(out, null, 1) + '\n');
console.log(`${cases.length} filters recorded`);
