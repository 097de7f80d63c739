#!/usr/bin/env node
// Checks libsqlstore's results in a run_all.sh JSONL file against the performance targets of
// docs/performance.md, with the same pairing as the peer's summarize.mjs: run_all.sh alternates
// implementations within a round, so the k-th run of each implementation belongs to round k, and
// every ratio is the median over rounds of (libsqlstore_k / other_k).
//
//   node bench/targets.mjs results.jsonl [more.jsonl ...]     # markdown tables on stdout
//   node bench/targets.mjs --memory results.jsonl [...]       # libsqlstore's peak RSS after each phase
//
// Targets (issue #12): in :memory: every phase >= 0.6x raw SQLite; in file mode (WAL,
// synchronous=FULL) write phases >= 0.95x raw and read phases >= 0.6x; reads are compared with raw
// with libsqlstore's indexes (raw+idx), as the reference's schema has none; every phase, both modes,
// >= 1x the reference (never slower); peak RSS at N=100000 file mode < 32 MiB.
import { readFileSync } from 'node:fs';

const PHASES = [
  'a_init', 'b_save_thread', 'c_save_messages', 'd_get_messages', 'e_list_threads',
  'f_persist_snapshot', 'f_load_snapshot', 'g_update_working_memory', 'g_update_messages',
];
const READS = new Set(['d_get_messages', 'e_list_threads', 'f_load_snapshot']);

const memoryTable = process.argv[2] === '--memory';
const files = process.argv.slice(memoryTable ? 3 : 2);
if (!files.length) {
  console.error('usage: node targets.mjs results.jsonl [...]');
  process.exit(2);
}
const rows = [];
for (const f of files) {
  for (const line of readFileSync(f, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      rows.push(JSON.parse(line));
    } catch {
      /* a partial line from an interrupted run */
    }
  }
}

const kind = (impl) =>
  impl.startsWith('mastra-libsql@') ? 'peer'
  : /^raw-sqlite@[\d.]+$/.test(impl) ? 'raw'
  : /^raw-sqlite@[\d.]+\+idx$/.test(impl) ? 'raw_idx'
  : impl.startsWith('libsqlstore@') ? 'lib'
  : null;
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const groups = new Map(); // "n|mode" -> kind -> phase -> [values in run order]
for (const r of rows) {
  const k = kind(r.impl ?? '');
  if (!k || !r.phase || r.phase === 'meta') continue;
  const key = `${r.n}|${r.url === ':memory:' ? 'memory' : 'file'}`;
  if (!groups.has(key)) groups.set(key, new Map());
  const g = groups.get(key);
  if (!g.has(k)) g.set(k, new Map());
  const put = (p, v) => (g.get(k).has(p) ? g.get(k).get(p).push(v) : g.get(k).set(p, [v]));
  if (r.phase === 'h_db_size') put('peak_rss_kb', r.peak_rss_kb);
  else put(r.phase, r.ops_per_sec);
  if (k === 'lib' && r.peak_rss_kb !== undefined) put(`rss_after_${r.phase}`, r.peak_rss_kb);
}

const byNThenMode = (a, b) => {
  const [na, ma] = a.split('|'), [nb, mb] = b.split('|');
  return +na - +nb || ma.localeCompare(mb);
};

if (memoryTable) {
  // Peak RSS (the process high-water mark) after each phase, the maximum over rounds.
  const keys = [...groups.keys()].sort(byNThenMode);
  const head = keys.map((key) => {
    const [n, mode] = key.split('|');
    return `N=${Number(n).toLocaleString('en-US')} ${mode}`;
  });
  const lines = [`| after phase | ${head.join(' | ')} |`, `|---|${keys.map(() => '---:').join('|')}|`];
  for (const p of [...PHASES, 'h_db_size']) {
    const cells = keys.map((key) => {
      const v = groups.get(key).get('lib')?.get(`rss_after_${p}`);
      return v ? `${(Math.max(...v) / 1024).toFixed(1)} MiB` : '–';
    });
    lines.push(`| ${p} | ${cells.join(' | ')} |`);
  }
  console.log(lines.join('\n'));
  process.exit(0);
}

const fmt = (x) => (x === undefined ? '–' : x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1));
const fmtRatio = (r) => (r === undefined ? '–' : `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`);
const out = [];
let misses = 0;
for (const key of [...groups.keys()].sort(byNThenMode)) {
  const [n, mode] = key.split('|');
  const g = groups.get(key);
  const series = (k, p) => g.get(k)?.get(p);
  const paired = (p, other) => {
    const a = series('lib', p), b = series(other, p);
    if (!a || !b) return undefined;
    const k = Math.min(a.length, b.length);
    return median(Array.from({ length: k }, (_, i) => a[i] / b[i]));
  };
  const rounds = series('lib', 'a_init')?.length ?? 0;
  out.push(`\n### N=${n}, ${mode === 'memory' ? ':memory:' : 'file (WAL, synchronous=FULL)'} — libsqlstore, ${rounds} round(s)\n`);
  out.push('| phase | libsqlstore ops/s | vs reference | vs raw | vs raw+idx | target | met |');
  out.push('|---|---:|---:|---:|---:|---|:-:|');
  for (const p of PHASES) {
    const lib = series('lib', p);
    if (!lib) continue;
    const vsPeer = paired(p, 'peer'), vsRaw = paired(p, 'raw'), vsIdx = paired(p, 'raw_idx');
    const checks = [];
    const floor = mode === 'memory' || READS.has(p) ? 0.6 : 0.95;
    checks.push(READS.has(p) ? [`≥${floor}× raw+idx`, vsIdx, floor] : [`≥${floor}× raw`, vsRaw, floor]);
    checks.push(['≥1× ref', vsPeer, 1]);
    const met = checks.every(([, v, min]) => v !== undefined && v >= min);
    if (!met) misses++;
    out.push(`| ${p} | ${fmt(median(lib))} | ${fmtRatio(vsPeer)} | ${fmtRatio(vsRaw)} | ${fmtRatio(vsIdx)} | ${checks.map((c) => c[0]).join(', ')} | ${met ? 'yes' : '**no**'} |`);
  }
  const rss = series('lib', 'peak_rss_kb');
  if (rss) {
    const mib = Math.max(...rss) / 1024;
    const target = mode === 'file' && n === '100000';
    if (target && mib >= 32) misses++;
    const others = ['peer', 'raw', 'raw_idx']
      .map((k) => (series(k, 'peak_rss_kb') ? `${k} ${(median(series(k, 'peak_rss_kb')) / 1024).toFixed(1)}` : null))
      .filter(Boolean)
      .join(', ');
    out.push(`| peak RSS (max over rounds) | ${mib.toFixed(1)} MiB | | | | ${target ? '< 32 MiB' : '–'} (${others} MiB) | ${target ? (mib < 32 ? 'yes' : '**no**') : ''} |`);
  }
}
console.log(out.join('\n'));
console.log(`\n${misses} target(s) missed.`);
