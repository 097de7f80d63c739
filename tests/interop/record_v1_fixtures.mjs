// Records the reference's V1 rendering of V2 messages (MessageList.get.all.v1() as getMessages
// runs it) into tests/jsonapi/fixtures/v1_rendering.json, the expected values of
// tests/jsonapi/message_format_test.cpp. Re-run after changing the cases:
//   node record_v1_fixtures.mjs
import { LibSQLStore } from '@mastra/libsql';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const t0 = Date.parse('2025-01-01T00:00:00.000Z');
const text = (t) => ({ type: 'text', text: t });
const tool = (id, name, state, extra = {}) => ({
  type: 'tool-invocation',
  toolInvocation: { state, toolCallId: id, toolName: name, args: { q: id }, ...extra },
});
const v2 = (id, role, content) => ({ id, role, content: { format: 2, ...content } });

const cases = {
  user_text_with_content: [v2('u1', 'user', { parts: [text('hello')], content: 'hello' })],
  user_text_without_content: [v2('u1', 'user', { parts: [text('hello')] })],
  user_two_text_parts: [v2('u1', 'user', { parts: [text('a'), text('b')], content: 'a' })],
  consecutive_user_arrays_merge: [
    v2('u1', 'user', { parts: [text('a'), text('b')] }),
    v2('u2', 'user', { parts: [text('c'), text('d')] }),
  ],
  user_string_then_user_array: [
    v2('u1', 'user', { parts: [text('a')], content: 'a' }),
    v2('u2', 'user', { parts: [text('c'), text('d')] }),
  ],
  user_file_part_data_url: [
    v2('u1', 'user', {
      parts: [text('look'), { type: 'file', data: 'data:image/png;base64,AAAA', mimeType: 'image/png' }],
      content: 'look',
    }),
  ],
  user_text_file_data_url: [
    v2('u1', 'user', { parts: [text('doc'), { type: 'file', data: 'data:text/plain;base64,aGk=', mimeType: 'text/plain' }] }),
  ],
  user_attachments_http: [
    v2('u1', 'user', {
      parts: [text('see')],
      experimental_attachments: [
        { url: 'https://Example.com', contentType: 'image/jpeg' },
        { url: 'https://example.com/a/doc.pdf?x=1', contentType: 'application/pdf' },
      ],
    }),
  ],
  user_only_step_start: [v2('u1', 'user', { parts: [{ type: 'step-start' }, text('x')], content: 'x' })],
  assistant_text_with_content: [v2('a1', 'assistant', { parts: [text('hi')], content: 'hi' })],
  assistant_text_without_content: [v2('a1', 'assistant', { parts: [text('hi')] })],
  assistant_text_empty_content_string: [v2('a1', 'assistant', { parts: [text('hi')], content: '' })],
  assistant_text_and_tool_result: [
    v2('a1', 'assistant', { parts: [text('let me look'), tool('c1', 'search', 'result', { result: { hits: 3 } })] }),
  ],
  assistant_tool_call_only: [v2('a1', 'assistant', { parts: [tool('c1', 'search', 'call')] })],
  assistant_tool_then_text: [
    v2('a1', 'assistant', {
      parts: [tool('c1', 'search', 'result', { result: 'r' }), text('found it')],
      content: 'found it',
    }),
  ],
  assistant_two_tools_same_step: [
    v2('a1', 'assistant', {
      parts: [tool('c1', 'search', 'result', { result: 1 }), tool('c2', 'fetch', 'result', { result: 2 })],
    }),
  ],
  assistant_tools_different_steps: [
    v2('a1', 'assistant', {
      parts: [tool('c1', 'search', 'result', { result: 1, step: 0 }), tool('c2', 'fetch', 'result', { result: 2, step: 1 })],
    }),
  ],
  assistant_first_tool_step_1: [v2('a1', 'assistant', { parts: [tool('c1', 'search', 'result', { result: 1, step: 1 })] })],
  assistant_reasoning: [
    v2('a1', 'assistant', {
      parts: [
        { type: 'reasoning', reasoning: '', details: [{ type: 'text', text: 'think', signature: 'sig' }, { type: 'redacted', data: 'xx' }] },
        text('answer'),
      ],
      content: 'answer',
    }),
  ],
  assistant_working_memory_dropped: [
    v2('a1', 'assistant', {
      parts: [tool('w1', 'updateWorkingMemory', 'result', { result: 'ok' }), text('noted')],
      content: 'noted',
    }),
  ],
  assistant_tool_invocations_not_in_parts: [
    v2('a1', 'assistant', {
      parts: [text('done')],
      toolInvocations: [
        { state: 'result', toolCallId: 'x1', toolName: 'calc', args: { a: 1 }, result: 2, step: 1 },
        { state: 'call', toolCallId: 'x2', toolName: 'calc', args: { a: 2 } },
        { state: 'result', toolCallId: 'w', toolName: 'updateWorkingMemory', args: {}, result: 1 },
      ],
    }),
  ],
  assistant_file_part: [
    v2('a1', 'assistant', { parts: [text('here'), { type: 'file', data: 'data:image/png;base64,AA', mimeType: 'image/png' }] }),
  ],
  assistant_step_start_only: [v2('a1', 'assistant', { parts: [{ type: 'step-start' }] })],
  consecutive_assistant_arrays_merge: [
    v2('a1', 'assistant', { parts: [text('one'), text('two')] }),
    v2('a2', 'assistant', { parts: [text('three'), text('four')] }),
  ],
  assistant_after_tool_call_not_merged: [
    v2('a1', 'assistant', { parts: [tool('c1', 'search', 'call')] }),
    v2('a2', 'assistant', { parts: [tool('c2', 'search', 'call')] }),
  ],
  conversation: [
    v2('m1', 'user', { parts: [text('weather?')], content: 'weather?' }),
    v2('m2', 'assistant', {
      parts: [{ type: 'step-start' }, tool('c1', 'weather', 'result', { result: { t: 20 } }), { type: 'step-start' }, text('20 degrees')],
      content: '20 degrees',
    }),
    v2('m3', 'user', { parts: [text('thanks')], content: 'thanks' }),
    v2('m4', 'assistant', { parts: [text('you are welcome')], content: 'you are welcome' }),
  ],
  metadata_and_extra_fields_kept: [
    v2('a1', 'assistant', { parts: [{ type: 'text', text: 'hi', providerMetadata: { x: 1 } }, text('there')], metadata: { k: 'v' } }),
  ],
};

const dir = mkdtempSync(join(tmpdir(), 'v1fix-'));
const out = [];
let n = 0;
for (const [name, messages] of Object.entries(cases)) {
  const store = new LibSQLStore({ url: `file:${join(dir, `c${n++}.db`)}` });
  await store.init();
  await store.saveThread({
    thread: { id: 't', resourceId: 'r', title: 't', createdAt: new Date(t0), updatedAt: new Date(t0) },
  });
  await store.saveMessages({
    format: 'v2',
    messages: messages.map((m, i) => ({ ...m, threadId: 't', resourceId: 'r', createdAt: new Date(t0 + i * 1000) })),
  });
  const asV2 = await store.getMessages({ threadId: 't', format: 'v2' });
  const asV1 = await store.getMessages({ threadId: 't', format: 'v1' });
  out.push({ name, v2: JSON.parse(JSON.stringify(asV2)), v1: JSON.parse(JSON.stringify(asV1)) });
}
rmSync(dir, { recursive: true, force: true });
const target = join(here, '..', 'jsonapi', 'fixtures', 'v1_rendering.json');
writeFileSync(target, JSON.stringify(out, null, 1) + '\n');
console.log(`recorded ${out.length} cases in ${target}`);
