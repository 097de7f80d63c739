// Differences between libsqlstore and the reference that are deliberate and documented. The
// harness accepts a difference only if one of these rules explains it; each rule names the
// line of docs/compatibility.md that documents it. Anything else is a failure.

export const DOCS = {
  'negative-paging':
    'docs/compatibility.md, General: "negative page/perPage act as offset 0 / no limit" -> InvalidArgumentError',
  'strict-arguments':
    'docs/compatibility.md, JSON interface: "arguments are type-checked; the reference accepts wrong types, missing or unknown fields silently or fails later"',
  'typed-errors':
    'docs/compatibility.md, JSON interface: "where the reference throws an unwrapped driver error (no id), libsqlstore answers with an error carrying the method\'s id"',
  'user-category':
    'docs/compatibility.md, JSON interface: "invalid input is category USER; the reference wraps its own validation errors as THIRD_PARTY"',
  'thread-updated-at':
    'docs/compatibility.md, Threads: "updateThread leaves updatedAt unchanged" -> update_thread sets updatedAt to now',
  'v1-row-key-order':
    'docs/compatibility.md, JSON interface: "a message stored in V1 shape, read as v2, has its keys in the order of V2 rows"',
  'null-text':
    'docs/compatibility.md, General: "JS null written to a column is stored as the text \'null\'" -> SQL NULL',
};

/** Why `ref` and `lib` may differ for `step`, or null if nothing explains it. */
export function explain(step, ref, lib) {
  if (step.badInput && !lib.ok && lib.code === -32602) return DOCS[step.badInput];
  if (!ref.ok && ref.raw && !lib.ok && typeof lib.id === 'string' && lib.id.startsWith('LIBSQL_STORE_')) {
    return DOCS['typed-errors'];
  }
  if (!ref.ok && !lib.ok && ref.id === lib.id && lib.category === 'USER' && ref.category !== 'USER') {
    return DOCS['user-category'];
  }
  if (step.known && step.known.check(ref, lib)) return step.known.doc;
  const MESSAGE_READS = ['getMessages', 'getMessagesPaginated', 'saveMessages'];
  if (MESSAGE_READS.includes(step.method) && ref.ok && lib.ok && sameIgnoringKeyOrder(ref.value, lib.value)) {
    return DOCS['v1-row-key-order'];
  }
  return null;
}

/** Why two stored cells may differ, or null. */
export function explainCell(table, column, refValue, libValue, isNow) {
  if (refValue === 'null' && libValue === null) return DOCS['null-text'];
  if (table === 'mastra_threads' && column === 'updatedAt' && isNow(libValue) && !isNow(refValue)) {
    return DOCS['thread-updated-at'];
  }
  return null;
}

/** The JSON text of `v` with every object's keys sorted. */
export function sortedText(v) {
  const sort = (x) => {
    if (Array.isArray(x)) return x.map(sort);
    if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort(x[k])]));
    return x;
  };
  return JSON.stringify(sort(v));
}

function sameIgnoringKeyOrder(a, b) {
  return sortedText(a) === sortedText(b);
}
