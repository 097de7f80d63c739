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
  'paginated-tool-args':
    'docs/compatibility.md, JSON interface: "getMessagesPaginated: a tool result whose call is on the same page reads args {}" -> the call\'s args',
  'scores-total':
    'docs/compatibility.md, Scores: "pagination.total is the number of rows fetched (at most perPage + 1)" -> the true number of matching scores',
  'zero-per-page':
    'docs/compatibility.md, General: "perPage: 0 answers an empty page with hasMore: true" -> hasMore: false',
  'vector-truncate':
    'docs/compatibility.md, Vectors: "truncateIndex leaves DiskANN shadow rows behind: the next upsert fails" -> upserts after a truncate work',
  'vector-empty-query':
    'docs/compatibility.md, Vectors: "a query vector of the wrong dimension answers [] when no row is scored" -> InvalidArgumentError',
  'null-text':
    'docs/compatibility.md, General: "JS null written to a column is stored as the text \'null\'" -> SQL NULL',
};

/** Why `ref` and `lib` may differ for `step`, or null if nothing explains it. */
export function explain(step, ref, lib) {
  if (step.badInput && !lib.ok && lib.code === -32602) return DOCS[step.badInput];
  if (!ref.ok && ref.raw && !lib.ok && typeof lib.id === 'string' && /^LIBSQL_(STORE|VECTOR)_/.test(lib.id)) {
    return DOCS['typed-errors'];
  }
  if (!ref.ok && !lib.ok && ref.id === lib.id && lib.category === 'USER' && ref.category !== 'USER') {
    return DOCS['user-category'];
  }
  if (step.known && step.known.check(ref, lib)) return step.known.doc;
  // A page of zero rows: the same answer but hasMore false.
  if (ref.ok && lib.ok && ref.value && lib.value && ref.value.perPage === 0 &&
      ref.value.hasMore === true && lib.value.hasMore === false &&
      JSON.stringify({ ...ref.value, hasMore: false }) === JSON.stringify(lib.value)) {
    return DOCS['zero-per-page'];
  }
  const SCORE_LISTS = ['getScoresByScorerId', 'getScoresByRunId', 'getScoresByEntityId'];
  if (SCORE_LISTS.includes(step.method) && ref.ok && lib.ok) {
    const withoutTotal = (v) => JSON.stringify({ ...v, pagination: { ...v.pagination, total: 0 } });
    if (withoutTotal(ref.value) === withoutTotal(lib.value) && lib.value.pagination.total >= ref.value.pagination.total) {
      return DOCS['scores-total'];
    }
  }
  const MESSAGE_READS = ['getMessages', 'getMessagesPaginated', 'saveMessages'];
  if (MESSAGE_READS.includes(step.method) && ref.ok && lib.ok) {
    if (sameMessages(ref.value, lib.value, false)) return DOCS['v1-row-key-order'];
    if (step.method === 'getMessagesPaginated' && sameMessages(ref.value, lib.value, true)) {
      return DOCS['paginated-tool-args'];
    }
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

const V1_ROW_ORDER = 'id,role,createdAt,threadId,resourceId,content';
const messagesOf = (v) => (Array.isArray(v) ? v : v?.messages);

/** `b` with the tool-invocation args that are {} in `a` set to {} too (a, b parallel). */
function withEmptyArgsOf(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) return b.map((x, i) => withEmptyArgsOf(a[i], x));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(b)) {
      const ea = a[k];
      out[k] = k === 'args' && ea && typeof ea === 'object' && Object.keys(ea).length === 0 ? {} : withEmptyArgsOf(ea, v);
    }
    return out;
  }
  return b;
}

/**
 * The two answers hold the same messages, except that messages stored in V1 shape (which the
 * reference keys id, role, createdAt, threadId, resourceId, content) may have their keys in the
 * V2 rows' order; with `emptyArgs`, also except tool args the reference left {}.
 */
function sameMessages(refValue, libValue, emptyArgs) {
  const a = messagesOf(refValue);
  const b0 = messagesOf(libValue);
  if (!Array.isArray(a) || !Array.isArray(b0) || a.length !== b0.length) return false;
  if (!Array.isArray(refValue) && JSON.stringify({ ...refValue, messages: 0 }) !== JSON.stringify({ ...libValue, messages: 0 })) {
    return false;
  }
  const b = emptyArgs ? withEmptyArgsOf(a, b0) : b0;
  return a.every((m, i) => {
    if (JSON.stringify(m) === JSON.stringify(b[i])) return true;
    return Object.keys(m).join() === V1_ROW_ORDER && sortedText(m) === sortedText(b[i]);
  });
}
