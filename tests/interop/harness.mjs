// The machinery of the interoperability suite: the two implementations behind one interface,
// outcome normalisation, comparison with explicit known differences, and the tally.
import { LibSQLStore, LibSQLVector } from '@mastra/libsql';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import readline from 'node:readline';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATE_KEYS = new Set(['createdAt', 'updatedAt', 'start', 'end', 'fromDate', 'toDate']);

/** The JSON interface takes dates as ISO strings; the reference takes Date objects. */
export function reviveDates(value, key = '') {
  if (Array.isArray(value)) return value.map((v) => reviveDates(v));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = reviveDates(v, k);
    return out;
  }
  if (typeof value === 'string' && DATE_KEYS.has(key) && ISO.test(value)) return new Date(value);
  return value;
}

/** A result as JSON.stringify renders it (void -> null). */
const asJson = (v) => (v === undefined ? null : JSON.parse(JSON.stringify(v)));

/** The reference, called directly through its JS API. */
export class Reference {
  constructor(url) {
    this.url = url;
    this.store = new LibSQLStore({ url });
    this.name = 'reference';
  }
  async call(method, params) {
    const args = reviveDates(params);
    try {
      let v;
      if (method.startsWith('vector.')) {
        // The vector store of the same package, on the same database (as Mastra apps use it).
        this.vector ??= new LibSQLVector({ connectionUrl: this.url });
        v = await this.vector[method.slice('vector.'.length)](...args);
      } else if (method === 'supports') v = this.store.supports;
      else if (method === 'hasColumn') v = await this.store.stores.operations.hasColumn(...args);
      else if (typeof this.store[method] !== 'function') throw new Error(`no method ${method}`);
      else v = await this.store[method](...args);
      return { ok: true, value: asJson(v) };
    } catch (e) {
      return {
        ok: false,
        id: e.id ?? null,
        category: e.category ?? null,
        message: String(e.message ?? e),
        raw: e.id === undefined,
      };
    }
  }
  async close() {
    this.store.stores?.operations?.client?.close?.();
    this.vector?.turso?.close?.();
  }
}

/** `libsqlstore rpc`, spawned on its own database; requests and responses one per line. */
export class Libsqlstore {
  constructor(cli, url) {
    this.url = url;
    this.name = 'libsqlstore';
    this.proc = spawn(cli, ['rpc', '--url', url], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.waiting = [];
    this.nextId = 1;
    this.exited = once(this.proc, 'exit');
    readline
      .createInterface({ input: this.proc.stdout, crlfDelay: Infinity })
      .on('line', (line) => this.waiting.shift()?.(line));
  }
  call(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.push((line) => {
        let r;
        try {
          r = JSON.parse(line);
        } catch (e) {
          reject(new Error(`libsqlstore rpc answered with a line that is not JSON: ${line.slice(0, 200)}`));
          return;
        }
        if (r.jsonrpc !== '2.0' || r.id !== id) {
          reject(new Error(`response out of order: expected id ${id}, got ${line.slice(0, 200)}`));
        } else if ('result' in r) {
          resolve({ ok: true, value: r.result });
        } else {
          const d = r.error?.data ?? {};
          resolve({ ok: false, id: d.id ?? null, category: d.category ?? null, message: r.error?.message, code: r.error?.code });
        }
      });
      this.proc.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
    });
  }
  async close() {
    this.proc.stdin.end();
    const [code] = await this.exited;
    if (code !== 0) throw new Error(`libsqlstore rpc exited with ${code}`);
  }
}

/** Replaces the values of generated keys (timestamps of "now", random ids) by a marker. */
export function mask(value, keys) {
  if (!keys || keys.length === 0) return value;
  const set = new Set(keys);
  const walk = (v) => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out = {};
      for (const [k, x] of Object.entries(v)) out[k] = set.has(k) && x !== undefined ? '<generated>' : walk(x);
      return out;
    }
    return v;
  };
  return walk(value);
}

/** Canonical text of an outcome: results by their JSON text (key order counts), errors by id and category. */
export function outcomeText(o) {
  if (o.ok) return JSON.stringify(o.value);
  return `error ${o.id ?? '(no id: ' + o.message + ')'} / ${o.category ?? '-'}`;
}

export class Tally {
  constructor(verbose) {
    this.passed = 0;
    this.failed = 0;
    this.known = 0;
    this.verbose = verbose;
    this.failures = [];
  }
  pass(name, note) {
    this.passed++;
    if (this.verbose) out(`PASS ${name}${note ? ' (' + note + ')' : ''}`);
  }
  fail(name, detail) {
    this.failed++;
    this.failures.push(name);
    out(`FAIL ${name}\n${detail}`);
  }
}

export function out(text) {
  process.stdout.write(text + '\n');
}

export function clip(s, n = 600) {
  return s.length > n ? s.slice(0, n) + `... (${s.length} chars)` : s;
}
