// Completion, definition and references over the protocol, data-driven like hover.test.ts: each file in
// test/fixtures/<feature>/ is opened with its `$0` cursor and the answer, reduced to what a user sees
// (labels and edits; places as <repo>-relative path:line:column), must equal the `.json` beside it.
// UPDATE_GOLDENS=1 rewrites the goldens.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { matchGolden, portable, readFixture } from './fixtures';
import { LspClient, repoRoot } from './harness';

const example = path.join(repoRoot, 'examples', 'kata-workspace');
const settings = { kataToolkit: { kernelTree: path.join(example, 'linux'), arch: 'x86_64' } };
const uri = (p: string) => pathToFileURL(p).href;

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
type Loc = { uri: string; range: Range };
const place = (l: Loc) => `${portable(decodeURIComponent(new URL(l.uri).pathname))}:${l.range.start.line}:${l.range.start.character}-${l.range.end.line}:${l.range.end.character}`;

/** Each feature: the request, and what of its answer goes into the golden file. */
const FEATURES: Record<string, (client: LspClient, docUri: string, position: { line: number; character: number }) => Promise<unknown>> = {
  completion: async (client, docUri, position) => {
    const r = await client.request<{ label: string; detail?: string; textEdit?: { newText: string; range: Range }; preselect?: boolean }[] | { isIncomplete: boolean; items: never[] }>('textDocument/completion', { textDocument: { uri: docUri }, position });
    const items = Array.isArray(r) ? r : r.items;
    return {
      incomplete: !Array.isArray(r) && r.isIncomplete,
      items: items.slice(0, 15).map((i: { label: string; detail?: string; textEdit?: { newText: string; range: Range }; preselect?: boolean }) => ({
        label: i.label,
        detail: i.detail,
        insert: i.textEdit?.newText,
        replaces: i.textEdit ? `${i.textEdit.range.start.line}:${i.textEdit.range.start.character}-${i.textEdit.range.end.line}:${i.textEdit.range.end.character}` : undefined,
        ...(i.preselect ? { preselect: true } : {}),
      })),
    };
  },
  definition: async (client, docUri, position) => ((await client.request<Loc[]>('textDocument/definition', { textDocument: { uri: docUri }, position })) ?? []).map(place),
  references: async (client, docUri, position) =>
    ((await client.request<Loc[]>('textDocument/references', { textDocument: { uri: docUri }, position, context: { includeDeclaration: true } })) ?? []).map(place).sort(),
};

describe('editor features over the protocol (fixtures in test/fixtures/<feature>)', () => {
  let client: LspClient;
  afterEach(() => client?.dispose());

  for (const [feature, ask] of Object.entries(FEATURES)) {
    const dir = path.join(repoRoot, 'test', 'fixtures', feature);
    const names = fs.readdirSync(dir).filter((f) => !f.endsWith('.json')).sort();
    it(`${feature}: has fixtures`, () => assert.ok(names.length >= 1));
    for (const name of names) {
      it(`${feature}: ${name}`, async () => {
        const f = readFixture(dir, name);
        client = LspClient.spawn();
        await client.initialize({ rootUri: uri(example), initializationOptions: { trusted: true }, settings });
        await client.open(uri(f.file), f.languageId, f.text);
        const answer = await ask(client, uri(f.file), { line: f.line, character: f.character });
        const actual = JSON.stringify(answer, null, 2) + '\n';
        const golden = path.join(dir, name.replace(/\.[^.]+$/, '') + '.json');
        const m = matchGolden(golden, actual);
        assert.ok(!m.missing, `no golden file ${golden}: run with UPDATE_GOLDENS=1 and review it`);
        assert.equal(actual, m.expected, client.context());
      });
    }
  }
});
