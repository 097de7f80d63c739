// The call sequences both implementations run, domain by domain. Each step is one call:
//   name, method, params (array, or (ctx) => array using values captured on that side),
//   mask      keys whose values are generated ("now" timestamps, random ids) and not compared,
//   read      the call only reads: it is replayed on the cross-opened databases at the end,
//   badInput  libsqlstore rejects the input on purpose (a doc reference, see known.mjs),
//   known     {doc, check(ref, lib)}: a documented difference this step shows,
//   capture   (ctx, outcome) => void: keep a generated value for later steps,
//   sleep     ms to wait before the call (distinct "now" timestamps).
import { DOCS } from './known.mjs';

const T = (s, base = '2025-01-01T00:00:00.000Z') => new Date(Date.parse(base) + s * 1000).toISOString();

export function threads() {
  const thread = (id, resourceId, s, extra = {}) => ({
    id,
    resourceId,
    title: `Thread ${id}`,
    createdAt: T(s),
    updatedAt: T(s + 100),
    ...extra,
  });
  return [
    { name: 'saveThread with metadata', method: 'saveThread', params: [{ thread: thread('t1', 'r1', 1, { metadata: { a: 1, nested: { b: [1, 2, 'x'] }, u: 'ü€😀' } }) }] },
    { name: 'saveThread without metadata', method: 'saveThread', params: [{ thread: thread('t2', 'r1', 2) }] },
    { name: 'saveThread empty metadata, keys in another order', method: 'saveThread', params: [{ thread: { metadata: {}, updatedAt: T(3), createdAt: T(3), title: 'third', resourceId: 'r1', id: 't3' } }] },
    { name: 'saveThread other resource', method: 'saveThread', params: [{ thread: thread('t4', 'r2', 4, { metadata: { k: 'v' } }) }] },
    { name: 'getThreadById with metadata', method: 'getThreadById', params: [{ threadId: 't1' }], read: true },
    { name: 'getThreadById null metadata', method: 'getThreadById', params: [{ threadId: 't2' }], read: true },
    { name: 'getThreadById missing', method: 'getThreadById', params: [{ threadId: 'nope' }], read: true },
    { name: 'getThreadsByResourceId default order', method: 'getThreadsByResourceId', params: [{ resourceId: 'r1' }], read: true },
    { name: 'getThreadsByResourceId updatedAt ASC', method: 'getThreadsByResourceId', params: [{ resourceId: 'r1', orderBy: 'updatedAt', sortDirection: 'ASC' }], read: true },
    { name: 'getThreadsByResourceId unknown resource', method: 'getThreadsByResourceId', params: [{ resourceId: 'none' }], read: true },
    { name: 'getThreadsByResourceIdPaginated page 0', method: 'getThreadsByResourceIdPaginated', params: [{ resourceId: 'r1', page: 0, perPage: 2 }], read: true },
    { name: 'getThreadsByResourceIdPaginated page 1 ASC', method: 'getThreadsByResourceIdPaginated', params: [{ resourceId: 'r1', page: 1, perPage: 2, sortDirection: 'ASC' }], read: true },
    { name: 'getThreadsByResourceIdPaginated beyond the end', method: 'getThreadsByResourceIdPaginated', params: [{ resourceId: 'r1', page: 5, perPage: 2 }], read: true },
    { name: 'getThreadsByResourceIdPaginated defaults', method: 'getThreadsByResourceIdPaginated', params: [{ resourceId: 'r1' }], read: true },
    { name: 'getThreadsByResourceIdPaginated perPage 0', method: 'getThreadsByResourceIdPaginated', params: [{ resourceId: 'r1', perPage: 0 }], read: true },
    { name: 'getThreadsByResourceIdPaginated no rows', method: 'getThreadsByResourceIdPaginated', params: [{ resourceId: 'none', page: 2, perPage: 7 }], read: true },
    { name: 'getThreadsByResourceIdPaginated negative page', method: 'getThreadsByResourceIdPaginated', params: [{ resourceId: 'r1', page: -1, perPage: 2 }], badInput: 'negative-paging' },
    { name: 'updateThread merges metadata', method: 'updateThread', params: [{ id: 't1', title: 'renamed', metadata: { b: 2, a: 'replaced' } }], mask: ['updatedAt'] },
    { name: 'getThreadById after update', method: 'getThreadById', params: [{ threadId: 't1' }], mask: ['updatedAt'], read: true },
    { name: 'updateThread unknown id', method: 'updateThread', params: [{ id: 'nope', title: 'x', metadata: {} }] },
    { name: 'saveThread replaces the whole row', method: 'saveThread', params: [{ thread: thread('t2', 'r1', 20, { title: 'replaced' }) }] },
    { name: 'getThreadById replaced', method: 'getThreadById', params: [{ threadId: 't2' }], read: true },
    { name: 'saveThread without title', method: 'saveThread', params: [{ thread: { id: 'bad', resourceId: 'r1', createdAt: T(1), updatedAt: T(1) } }], badInput: 'strict-arguments' },
    { name: 'getThreadById with a number id', method: 'getThreadById', params: [{ threadId: 42 }], badInput: 'strict-arguments' },
    { name: 'deleteThread', method: 'deleteThread', params: [{ threadId: 't3' }] },
    { name: 'deleteThread unknown id', method: 'deleteThread', params: [{ threadId: 'nope' }] },
    { name: 'getThreadById deleted', method: 'getThreadById', params: [{ threadId: 't3' }], read: true },
  ];
}

export function resources() {
  return [
    { name: 'saveResource', method: 'saveResource', params: [{ resource: { id: 'res1', workingMemory: '# Notes\n- likes tea', metadata: { plan: 'pro' }, createdAt: T(1), updatedAt: T(2) } }] },
    { name: 'saveResource without working memory', method: 'saveResource', params: [{ resource: { id: 'res2', metadata: { a: [1] }, createdAt: T(3), updatedAt: T(3) } }] },
    { name: 'getResourceById', method: 'getResourceById', params: [{ resourceId: 'res1' }], read: true },
    { name: 'getResourceById no working memory', method: 'getResourceById', params: [{ resourceId: 'res2' }], read: true },
    { name: 'getResourceById missing', method: 'getResourceById', params: [{ resourceId: 'nope' }], read: true },
    { name: 'updateResource working memory', method: 'updateResource', params: [{ resourceId: 'res1', workingMemory: '# Notes\n- likes coffee' }], mask: ['updatedAt'] },
    { name: 'updateResource metadata merge', method: 'updateResource', params: [{ resourceId: 'res1', metadata: { seats: 3 } }], mask: ['updatedAt'] },
    { name: 'getResourceById after updates', method: 'getResourceById', params: [{ resourceId: 'res1' }], mask: ['updatedAt'], read: true },
    { name: 'updateResource creates a missing resource', method: 'updateResource', params: [{ resourceId: 'res3', workingMemory: 'new' }], mask: ['createdAt', 'updatedAt'] },
    { name: 'updateResource creates without working memory', method: 'updateResource', params: [{ resourceId: 'res4', metadata: { x: 1 } }], mask: ['createdAt', 'updatedAt'] },
    { name: 'getResourceById created by update', method: 'getResourceById', params: [{ resourceId: 'res3' }], mask: ['createdAt', 'updatedAt'], read: true },
  ];
}

export function messages() {
  const M = (s) => T(s, '2025-02-01T00:00:00.000Z');
  const base = { threadId: 'mt', resourceId: 'mr' };
  const v1 = [
    { id: 'm1', ...base, role: 'user', content: 'What is the weather in Paris?', type: 'text', createdAt: M(1) },
    { id: 'm2', ...base, role: 'assistant', content: [{ type: 'text', text: 'Let me check.' }], type: 'text', createdAt: M(2) },
    { id: 'm3', ...base, role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'call-1', toolName: 'weather', args: { city: 'Paris' } }], type: 'tool-call', createdAt: M(3) },
    { id: 'm4', ...base, role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call-1', toolName: 'weather', result: { temp: 20 } }], type: 'tool-result', createdAt: M(4) },
    { id: 'm5', ...base, role: 'assistant', content: 'It is 20 degrees.', type: 'text', createdAt: M(5) },
  ];
  const v2 = [
    { id: 'm6', ...base, role: 'user', createdAt: M(6), content: { format: 2, parts: [{ type: 'text', text: 'Thanks! ü' }], content: 'Thanks! ü' } },
    {
      id: 'm7', ...base, role: 'assistant', createdAt: M(7),
      content: {
        format: 2,
        parts: [
          { type: 'step-start' },
          { type: 'tool-invocation', toolInvocation: { state: 'result', toolCallId: 'call-2', toolName: 'forecast', args: { days: 2 }, result: ['sun', 'rain'] } },
          { type: 'text', text: 'Sun, then rain.' },
        ],
        toolInvocations: [{ state: 'result', toolCallId: 'call-2', toolName: 'forecast', args: { days: 2 }, result: ['sun', 'rain'] }],
        content: 'Sun, then rain.',
        metadata: { model: 'x' },
      },
    },
    { id: 'm8', ...base, role: 'user', createdAt: M(8), content: { format: 2, parts: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] } },
    { id: 'm9', ...base, role: 'user', createdAt: M(9), content: { format: 2, parts: [{ type: 'text', text: 'c' }] } },
  ];
  const other = { id: 'o1', threadId: 'mt2', resourceId: 'mr', role: 'user', content: 'other thread', type: 'text', createdAt: M(10) };
  const read = (name, method, args, extra = {}) => ({ name, method, params: [args], read: true, ...extra });
  return [
    { name: 'saveThread for messages', method: 'saveThread', params: [{ thread: { id: 'mt', resourceId: 'mr', title: 'chat', createdAt: M(0), updatedAt: M(0) } }] },
    { name: 'saveThread second thread', method: 'saveThread', params: [{ thread: { id: 'mt2', resourceId: 'mr', title: 'chat 2', createdAt: M(0), updatedAt: M(0) } }] },
    { name: 'saveMessages [] ', method: 'saveMessages', params: [{ messages: [] }] },
    { name: 'saveMessages V1 (default format v1)', method: 'saveMessages', params: [{ messages: v1 }] },
    { name: 'saveMessages V2 format v2', method: 'saveMessages', params: [{ messages: v2, format: 'v2' }] },
    { name: 'saveMessages other thread', method: 'saveMessages', params: [{ messages: [other], format: 'v2' }] },
    { name: 'getThreadById bumped by saveMessages', method: 'getThreadById', params: [{ threadId: 'mt' }], mask: ['updatedAt'], read: true },
    read('getMessages default (v1)', 'getMessages', { threadId: 'mt' }),
    read('getMessages v2', 'getMessages', { threadId: 'mt', format: 'v2' }),
    read('getMessages last 2', 'getMessages', { threadId: 'mt', selectBy: { last: 2 } }),
    read('getMessages last 6 (tool result window)', 'getMessages', { threadId: 'mt', selectBy: { last: 6 }, format: 'v2' }),
    read('getMessages last 6 v1 (tool call args outside the window)', 'getMessages', { threadId: 'mt', selectBy: { last: 6 } }),
    read('getMessages last false', 'getMessages', { threadId: 'mt', selectBy: { last: false } }),
    read('getMessages last 0 + include window', 'getMessages', { threadId: 'mt', selectBy: { last: 0, include: [{ id: 'm3', withPreviousMessages: 1, withNextMessages: 1 }] } }),
    read('getMessages include cross-thread', 'getMessages', { threadId: 'mt', format: 'v2', selectBy: { last: 1, include: [{ id: 'o1', threadId: 'mt2' }] } }),
    read('getMessages unknown thread', 'getMessages', { threadId: 'nope' }),
    read('getMessagesPaginated default (v2)', 'getMessagesPaginated', { threadId: 'mt' }),
    read('getMessagesPaginated page 0 of 3', 'getMessagesPaginated', { threadId: 'mt', selectBy: { pagination: { page: 0, perPage: 3 } } }),
    read('getMessagesPaginated page 2 of 3 v1', 'getMessagesPaginated', { threadId: 'mt', format: 'v1', selectBy: { pagination: { page: 2, perPage: 3 } } }),
    read('getMessagesPaginated beyond the end', 'getMessagesPaginated', { threadId: 'mt', selectBy: { pagination: { page: 9, perPage: 3 } } }),
    read('getMessagesPaginated dateRange', 'getMessagesPaginated', { threadId: 'mt', selectBy: { pagination: { dateRange: { start: M(2), end: M(6) } } } }),
    read('getMessagesPaginated include + page', 'getMessagesPaginated', { threadId: 'mt', selectBy: { include: [{ id: 'm1' }], pagination: { page: 0, perPage: 2 } } }),
    read('getMessagesPaginated last 3', 'getMessagesPaginated', { threadId: 'mt', selectBy: { last: 3 } }),
    read('getMessagesPaginated unknown thread', 'getMessagesPaginated', { threadId: 'nope' }),
    { name: 'updateMessages content metadata merge', method: 'updateMessages', params: [{ messages: [{ id: 'm7', content: { metadata: { edited: true } } }] }] },
    { name: 'updateMessages move to another thread', method: 'updateMessages', params: [{ messages: [{ id: 'm9', threadId: 'mt2' }] }] },
    { name: 'updateMessages unknown id', method: 'updateMessages', params: [{ messages: [{ id: 'nope', role: 'user' }] }] },
    read('getMessages after updates (v2)', 'getMessages', { threadId: 'mt2', format: 'v2' }),
    { name: 'deleteMessages', method: 'deleteMessages', params: [['m5', 'nope']] },
    { name: 'deleteMessages []', method: 'deleteMessages', params: [[]] },
    read('getMessages after delete', 'getMessages', { threadId: 'mt', format: 'v2' }),
    { name: 'saveMessages without resourceId', method: 'saveMessages', params: [{ messages: [{ id: 'x1', threadId: 'mt', role: 'user', content: 'x', type: 'text', createdAt: M(30) }] }] },
    { name: 'saveMessages without threadId', method: 'saveMessages', params: [{ messages: [{ id: 'x2', resourceId: 'mr', role: 'user', content: 'x', type: 'text', createdAt: M(31) }] }] },
    { name: 'getMessages wrong type', method: 'getMessages', params: [{ threadId: 7 }], badInput: 'strict-arguments' },
    { name: 'deleteThread with messages', method: 'deleteThread', params: [{ threadId: 'mt2' }] },
    read('getMessages of the deleted thread', 'getMessages', { threadId: 'mt2' }),
  ];
}

export function workflows() {
  const snapshot = { runId: 'run1', status: 'running', value: {}, context: { input: { a: 1 } }, activePaths: [], suspendedPaths: {}, serializedStepGraph: [], timestamp: 1735689600000 };
  const gen = ['createdAt', 'updatedAt'];
  return [
    { name: 'persistWorkflowSnapshot object', method: 'persistWorkflowSnapshot', params: [{ workflowName: 'wf1', runId: 'run1', snapshot }] },
    { name: 'persistWorkflowSnapshot string', method: 'persistWorkflowSnapshot', params: [{ workflowName: 'wf1', runId: 'run2', snapshot: 'plain text snapshot' }], sleep: 5 },
    { name: 'persistWorkflowSnapshot other workflow', method: 'persistWorkflowSnapshot', params: [{ workflowName: 'wf2', runId: 'run3', snapshot: { ...snapshot, runId: 'run3' } }], sleep: 5 },
    { name: 'loadWorkflowSnapshot object', method: 'loadWorkflowSnapshot', params: [{ workflowName: 'wf1', runId: 'run1' }], read: true },
    { name: 'loadWorkflowSnapshot string', method: 'loadWorkflowSnapshot', params: [{ workflowName: 'wf1', runId: 'run2' }], read: true },
    { name: 'loadWorkflowSnapshot missing', method: 'loadWorkflowSnapshot', params: [{ workflowName: 'wf1', runId: 'nope' }], read: true },
    { name: 'getWorkflowRunById', method: 'getWorkflowRunById', params: [{ runId: 'run1' }], mask: gen, read: true },
    { name: 'getWorkflowRunById with workflowName', method: 'getWorkflowRunById', params: [{ runId: 'run3', workflowName: 'wf2' }], mask: gen, read: true },
    { name: 'getWorkflowRunById wrong workflow', method: 'getWorkflowRunById', params: [{ runId: 'run3', workflowName: 'wf1' }], read: true },
    { name: 'getWorkflowRuns all', method: 'getWorkflowRuns', params: [], mask: gen, read: true },
    { name: 'getWorkflowRuns by name', method: 'getWorkflowRuns', params: [{ workflowName: 'wf1' }], mask: gen, read: true },
    { name: 'getWorkflowRuns limit + offset', method: 'getWorkflowRuns', params: [{ limit: 1, offset: 1 }], mask: gen, read: true },
    { name: 'getWorkflowRuns toDate in the past', method: 'getWorkflowRuns', params: [{ toDate: '2000-01-01T00:00:00.000Z' }], read: true },
    { name: 'getWorkflowRuns fromDate in the past', method: 'getWorkflowRuns', params: [{ fromDate: '2000-01-01T00:00:00.000Z', workflowName: 'wf2' }], mask: gen, read: true },
    { name: 'persistWorkflowSnapshot replaces', method: 'persistWorkflowSnapshot', params: [{ workflowName: 'wf1', runId: 'run2', snapshot: { status: 'success' } }], sleep: 5 },
    { name: 'loadWorkflowSnapshot replaced', method: 'loadWorkflowSnapshot', params: [{ workflowName: 'wf1', runId: 'run2' }], read: true },
  ];
}

export function evals() {
  const row = (n, agent, testPath, s) => ({
    input: `input ${n}`,
    output: `output ${n}`,
    result: { score: n / 10, info: { n } },
    agent_name: agent,
    metric_name: 'relevance',
    instructions: 'be relevant',
    ...(testPath ? { test_info: { testName: `t${n}`, testPath } } : {}),
    global_run_id: `g${n}`,
    run_id: `run${n}`,
    created_at: T(s),
  });
  return [
    { name: 'insert eval', method: 'insert', params: [{ tableName: 'mastra_evals', record: row(1, 'agent-1', 'tests/a.test.ts', 1) }] },
    { name: 'batchInsert evals', method: 'batchInsert', params: [{ tableName: 'mastra_evals', records: [row(2, 'agent-1', null, 2), row(3, 'agent-1', 'tests/b.test.ts', 3), row(4, 'agent-2', null, 4)] }] },
    { name: 'getEvalsByAgentName', method: 'getEvalsByAgentName', params: ['agent-1'], read: true },
    { name: 'getEvalsByAgentName test', method: 'getEvalsByAgentName', params: ['agent-1', 'test'], read: true },
    { name: 'getEvalsByAgentName live', method: 'getEvalsByAgentName', params: ['agent-1', 'live'], read: true },
    { name: 'getEvalsByAgentName unknown', method: 'getEvalsByAgentName', params: ['nobody'], read: true },
    { name: 'getEvals all', method: 'getEvals', params: [], read: true },
    { name: 'getEvals agent + type', method: 'getEvals', params: [{ agentName: 'agent-1', type: 'test' }], read: true },
    { name: 'getEvals page', method: 'getEvals', params: [{ page: 1, perPage: 2 }], read: true },
    { name: 'getEvals dateRange', method: 'getEvals', params: [{ dateRange: { start: T(2), end: T(3) } }], read: true },
    { name: 'getEvalsByAgentName bad type', method: 'getEvalsByAgentName', params: ['agent-1', 'other'], badInput: 'strict-arguments' },
  ];
}

export function traces() {
  const span = (n, name, scope, parent, s, attributes) => ({
    id: `span-${n}`,
    ...(parent ? { parentSpanId: parent } : {}),
    name,
    traceId: n < 3 ? 'trace-a' : 'trace-b',
    scope,
    kind: n % 3,
    attributes,
    status: { code: 0 },
    events: [{ name: 'e', attributes: {} }],
    links: [],
    other: { n },
    startTime: 1735689600000 + n * 1000,
    endTime: 1735689600000 + n * 1000 + 500,
    createdAt: T(s),
  });
  return [
    {
      name: 'batchTraceInsert', method: 'batchTraceInsert',
      params: [{ records: [
        span(1, 'agent.generate', 'mastra', null, 1, { componentName: 'agent-1', run: 1 }),
        span(2, 'agent.tool', 'mastra', 'span-1', 2, { componentName: 'agent-1', run: 2 }),
        span(3, 'workflow.step', 'workflows', null, 3, { componentName: 'wf', run: 3 }),
        span(4, 'Agent.stream', 'mastra', null, 4, { componentName: 'agent-2', run: 4 }),
      ] }],
    },
    { name: 'getTracesPaginated all', method: 'getTracesPaginated', params: [{}], read: true },
    { name: 'getTracesPaginated name prefix', method: 'getTracesPaginated', params: [{ name: 'agent' }], read: true },
    { name: 'getTracesPaginated scope', method: 'getTracesPaginated', params: [{ scope: 'workflows' }], read: true },
    { name: 'getTracesPaginated attributes', method: 'getTracesPaginated', params: [{ attributes: { componentName: 'agent-1' } }], read: true },
    { name: 'getTracesPaginated filters', method: 'getTracesPaginated', params: [{ filters: { traceId: 'trace-b' } }], read: true },
    { name: 'getTracesPaginated page 1', method: 'getTracesPaginated', params: [{ page: 1, perPage: 3 }], read: true },
    { name: 'getTracesPaginated dateRange', method: 'getTracesPaginated', params: [{ dateRange: { start: T(2), end: T(3) } }], read: true },
    { name: 'getTraces', method: 'getTraces', params: [{ page: 0, perPage: 10 }], read: true },
    { name: 'getTraces fromDate/toDate', method: 'getTraces', params: [{ page: 0, perPage: 10, fromDate: T(3), toDate: T(9) }], read: true },
    { name: 'batchTraceInsert missing column is all-or-nothing', method: 'batchTraceInsert', params: [{ records: [span(9, 'ok', 'mastra', null, 9, {}), { id: 'broken' }] }] },
    { name: 'getTracesPaginated after failed batch', method: 'getTracesPaginated', params: [{ perPage: 100 }], read: true },
  ];
}

export function scores() {
  const score = (n, extra = {}) => ({
    scorerId: 'scorer-1',
    traceId: `trace-${n}`,
    runId: n < 3 ? 'run-a' : 'run-b',
    scorer: { name: 'helpfulness', description: 'd' },
    preprocessStepResult: { p: n },
    analyzeStepResult: { a: n },
    score: n / 4,
    reason: `because ${n}`,
    metadata: { m: n },
    preprocessPrompt: 'pp',
    analyzePrompt: 'ap',
    generateScorePrompt: 'gsp',
    generateReasonPrompt: 'grp',
    input: [{ role: 'user', content: 'q' }],
    output: { text: 'a' },
    runtimeContext: { tz: 'UTC' },
    entityType: 'AGENT',
    entity: { id: 'agent-1' },
    entityId: 'agent-1',
    source: n === 4 ? 'TEST' : 'LIVE',
    resourceId: 'r1',
    threadId: 't1',
    createdAt: T(n),
    updatedAt: T(n),
    ...extra,
  });
  const capture = (key) => (ctx, o) => { if (o.ok) ctx[key] = o.value.score.id; };
  const page = (perPage, p = 0) => ({ page: p, perPage });
  return [
    { name: 'saveScore', method: 'saveScore', params: [score(1)], mask: ['id'], capture: capture('s1') },
    { name: 'saveScore 2', method: 'saveScore', params: [score(2)], mask: ['id'] },
    { name: 'saveScore 3', method: 'saveScore', params: [score(3, { entityType: 'WORKFLOW', entityId: 'wf', entity: { id: 'wf' } })], mask: ['id'] },
    { name: 'saveScore 4 (minimal)', method: 'saveScore', params: [{ scorerId: 'scorer-2', runId: 'run-b', scorer: { name: 's2' }, score: 1, input: { q: 1 }, output: ['text out'], source: 'TEST', createdAt: T(4), updatedAt: T(4) }], mask: ['id'] },
    { name: 'getScoreById', method: 'getScoreById', params: (ctx) => [{ id: ctx.s1 }], mask: ['id'] },
    { name: 'getScoreById missing', method: 'getScoreById', params: [{ id: 'nope' }], read: true },
    { name: 'getScoresByScorerId', method: 'getScoresByScorerId', params: [{ scorerId: 'scorer-1', pagination: page(10) }], mask: ['id'], read: true },
    { name: 'getScoresByScorerId entity filter', method: 'getScoresByScorerId', params: [{ scorerId: 'scorer-1', entityId: 'agent-1', entityType: 'AGENT', pagination: page(10) }], mask: ['id'], read: true },
    { name: 'getScoresByScorerId source filter', method: 'getScoresByScorerId', params: [{ scorerId: 'scorer-2', source: 'TEST', pagination: page(10) }], mask: ['id'], read: true },
    { name: 'getScoresByScorerId last page', method: 'getScoresByScorerId', params: [{ scorerId: 'scorer-1', pagination: page(2, 1) }], mask: ['id'], read: true },
    { name: 'getScoresByRunId', method: 'getScoresByRunId', params: [{ runId: 'run-b', pagination: page(10) }], mask: ['id'], read: true },
    { name: 'getScoresByEntityId', method: 'getScoresByEntityId', params: [{ entityId: 'agent-1', entityType: 'AGENT', pagination: page(10) }], mask: ['id'], read: true },
    { name: 'getScoresByEntityId none', method: 'getScoresByEntityId', params: [{ entityId: 'x', entityType: 'AGENT', pagination: page(10) }], read: true },
    { name: 'saveScore missing runId', method: 'saveScore', params: [{ scorerId: 's', scorer: {}, score: 1, input: {}, output: {}, source: 'LIVE' }], badInput: 'strict-arguments' },
  ];
}

export function operations() {
  const schema = {
    id: { type: 'text', primaryKey: true },
    name: { type: 'text', nullable: true },
    data: { type: 'jsonb', nullable: true },
    n: { type: 'integer', nullable: true },
    f: { type: 'float', nullable: true },
    createdAt: { type: 'timestamp' },
  };
  return [
    { name: 'supports', method: 'supports', params: [], read: true },
    { name: 'createTable', method: 'createTable', params: [{ tableName: 'custom_t', schema }] },
    { name: 'createTable again (idempotent)', method: 'createTable', params: [{ tableName: 'custom_t', schema }] },
    { name: 'hasColumn present', method: 'hasColumn', params: ['custom_t', 'name'], read: true },
    { name: 'hasColumn absent', method: 'hasColumn', params: ['custom_t', 'extra'], read: true },
    { name: 'hasColumn messages.resourceId', method: 'hasColumn', params: ['mastra_messages', 'resourceId'], read: true },
    { name: 'alterTable adds a column', method: 'alterTable', params: [{ tableName: 'custom_t', schema: { ...schema, extra: { type: 'text', nullable: true } }, ifNotExists: ['extra'] }] },
    { name: 'hasColumn added', method: 'hasColumn', params: ['custom_t', 'extra'], read: true },
    { name: 'insert', method: 'insert', params: [{ tableName: 'custom_t', record: { id: 'a', name: 'first', data: { x: [1, 2] }, n: 7, f: 1.5, createdAt: T(1) } }] },
    { name: 'batchInsert', method: 'batchInsert', params: [{ tableName: 'custom_t', records: [{ id: 'b', name: 'second', createdAt: T(2) }, { id: 'c', name: '[not json', createdAt: T(3) }] }] },
    { name: 'load', method: 'load', params: [{ tableName: 'custom_t', keys: { id: 'a' } }], read: true },
    { name: 'load text that is not JSON', method: 'load', params: [{ tableName: 'custom_t', keys: { id: 'c' } }], read: true },
    { name: 'load missing', method: 'load', params: [{ tableName: 'custom_t', keys: { id: 'zz' } }], read: true },
    { name: 'load a thread row', method: 'load', params: [{ tableName: 'mastra_threads', keys: { id: 't1' } }], read: true },
    { name: 'insert into a missing table', method: 'insert', params: [{ tableName: 'no_such_table', record: { a: 'x' } }] },
    { name: 'batchInsert [] is a no-op', method: 'batchInsert', params: [{ tableName: 'custom_t', records: [] }] },
    { name: 'batchInsert all-or-nothing', method: 'batchInsert', params: [{ tableName: 'custom_t', records: [{ id: 'd', createdAt: T(4) }, { id: 'e', nope: 1, createdAt: T(5) }] }] },
    { name: 'load after failed batch', method: 'load', params: [{ tableName: 'custom_t', keys: { id: 'd' } }], read: true },
    { name: 'clearTable', method: 'clearTable', params: [{ tableName: 'custom_t' }] },
    { name: 'load after clear', method: 'load', params: [{ tableName: 'custom_t', keys: { id: 'a' } }] },
    { name: 'clearTable missing table', method: 'clearTable', params: [{ tableName: 'no_such_table' }] },
    { name: 'dropTable', method: 'dropTable', params: [{ tableName: 'custom_t' }] },
    { name: 'hasColumn after drop', method: 'hasColumn', params: ['custom_t', 'name'], read: true },
    { name: 'createTable bad identifier', method: 'createTable', params: [{ tableName: 'bad name', schema }] },
    { name: 'hasColumn wrong type', method: 'hasColumn', params: [{ t: 1 }, 'x'], badInput: 'strict-arguments' },
  ];
}

export function vectors() {
  const docs = [[1, 0, 0], [0.9, 0.1, 0], [0, 1, 0], [-1, 0, 0], [0.123456789, 0.5, -0.25]];
  const docMeta = [
    { k: 'x', n: 1, tags: ['a', 'b'] }, { k: 'y', n: 2, tags: ['b'] }, { k: 'x', n: 3 }, { k: 'z', nested: { deep: true } }, {},
  ];
  const recall = [];
  const recallMeta = [];
  for (let i = 0; i < 12; i++) {
    recall.push([1, i / 7, (i % 3) - 1, 0.5]);
    recallMeta.push({ message_id: `m${i}`, thread_id: `t${i % 3}`, resource_id: `r${i % 2}` });
  }
  const q = (params, extra = {}) => ({ method: 'vector.query', params: [params], read: true, ...extra });
  return [
    { name: 'createIndex docs', method: 'vector.createIndex', params: [{ indexName: 'docs', dimension: 3 }] },
    { name: 'createIndex again (idempotent)', method: 'vector.createIndex', params: [{ indexName: 'docs', dimension: 3 }] },
    { name: 'createIndex Memory recall', method: 'vector.createIndex', params: [{ indexName: 'memory_messages_4', dimension: 4 }] },
    { name: 'upsert docs', method: 'vector.upsert', params: [{ indexName: 'docs', vectors: docs, metadata: docMeta, ids: ['a', 'b', 'c', 'anti', 'e'] }] },
    { name: 'upsert recall', method: 'vector.upsert', params: [{ indexName: 'memory_messages_4', vectors: recall, metadata: recallMeta, ids: recall.map((_, i) => `v${i}`) }] },
    { name: 'listIndexes', method: 'vector.listIndexes', params: [], read: true },
    { name: 'describeIndex', method: 'vector.describeIndex', params: [{ indexName: 'docs' }], read: true },
    { name: 'query unfiltered with vectors', ...q({ indexName: 'docs', queryVector: [1, 0.25, 0], includeVector: true }) },
    { name: 'query topK 2', ...q({ indexName: 'docs', queryVector: [0.3, -0.7, 0.2], topK: 2 }) },
    { name: 'query minScore', ...q({ indexName: 'docs', queryVector: [1, 0.25, 0], minScore: 0.5 }) },
    { name: 'query filter $eq', ...q({ indexName: 'docs', queryVector: [1, 0.25, 0], filter: { k: 'x' } }) },
    { name: 'query filter $gt / $in', ...q({ indexName: 'docs', queryVector: [1, 0.25, 0], filter: { n: { $gt: 1 }, tags: { $in: ['b'] } } }) },
    { name: 'query filter $or nested', ...q({ indexName: 'docs', queryVector: [1, 0.25, 0], filter: { $or: [{ k: 'z' }, { 'nested.deep': true }, { n: { $lte: 1 } }] } }) },
    { name: 'query zero vector', ...q({ indexName: 'docs', queryVector: [0, 0, 0] }) },
    { name: 'query thread-scoped recall', ...q({ indexName: 'memory_messages_4', queryVector: [1, 0.5, 0, 0.5], topK: 2, filter: { thread_id: 't1' } }) },
    { name: 'query resource-scoped recall', ...q({ indexName: 'memory_messages_4', queryVector: [1, 0.5, 0, 0.5], topK: 5, filter: { resource_id: 'r0' } }) },
    { name: 'query topK 0', method: 'vector.query', params: [{ indexName: 'docs', queryVector: [1, 0, 0], topK: 0 }] },
    { name: 'query unsupported operator', method: 'vector.query', params: [{ indexName: 'docs', queryVector: [1, 0, 0], filter: { k: { $regex: 'x' } } }] },
    { name: 'updateVector metadata', method: 'vector.updateVector', params: [{ indexName: 'docs', id: 'b', update: { metadata: { k: 'w' } } }] },
    { name: 'updateVector vector', method: 'vector.updateVector', params: [{ indexName: 'docs', id: 'c', update: { vector: [0.5, 0.5, 0.5] } }] },
    { name: 'updateVector nothing', method: 'vector.updateVector', params: [{ indexName: 'docs', id: 'c', update: {} }] },
    { name: 'query after updates', ...q({ indexName: 'docs', queryVector: [0.5, 0.4, 0.3], includeVector: true }) },
    { name: 'deleteVector', method: 'vector.deleteVector', params: [{ indexName: 'docs', id: 'e' }] },
    { name: 'describeIndex after delete', method: 'vector.describeIndex', params: [{ indexName: 'docs' }], read: true },
    { name: 'describeIndex missing', method: 'vector.describeIndex', params: [{ indexName: 'nope' }] },
    { name: 'upsert wrong dimension', method: 'vector.upsert', params: [{ indexName: 'docs', vectors: [[1, 2]], ids: ['bad'] }] },
    { name: 'createIndex scratch', method: 'vector.createIndex', params: [{ indexName: 'scratch', dimension: 2 }] },
    { name: 'upsert scratch', method: 'vector.upsert', params: [{ indexName: 'scratch', vectors: [[1, 0], [0, 1]], ids: ['p', 'q'] }] },
    { name: 'truncateIndex', method: 'vector.truncateIndex', params: [{ indexName: 'scratch' }] },
    {
      name: 'upsert after truncate', method: 'vector.upsert', params: [{ indexName: 'scratch', vectors: [[1, 1]], ids: ['r'] }],
      known: { doc: DOCS['vector-truncate'], check: (ref, lib) => !ref.ok && lib.ok },
    },
    { name: 'deleteIndex scratch', method: 'vector.deleteIndex', params: [{ indexName: 'scratch' }] },
    { name: 'listIndexes after delete', method: 'vector.listIndexes', params: [], read: true },
  ];
}

export const domains = { operations, threads, resources, messages, workflows, evals, traces, scores, vectors };
