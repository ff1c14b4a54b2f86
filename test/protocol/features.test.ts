// Completion, definition, references and code actions over the protocol, data-driven like hover.test.ts:
// each file in test/fixtures/<feature>/ is opened with its `$0` cursor and the answer, reduced to what a user
// sees (labels and edits; places as <repo>-relative path:line:column), must equal the `.json` beside it.
// Code actions are also applied, one at a time, as the editor would, and the golden records what the server
// reports afterwards: a fix that does not remove its problem shows up in the diff.
// UPDATE_GOLDENS=1 rewrites the goldens.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { applyEdits } from '../applyEdits';
import { matchGolden, portable, readFixture } from './fixtures';
import { LspClient, repoRoot } from './harness';

const example = path.join(repoRoot, 'examples', 'kata-workspace');
const settings = { kataToolkit: { kernelTree: path.join(example, 'linux'), arch: 'x86_64' } };
const uri = (p: string) => pathToFileURL(p).href;

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
type Loc = { uri: string; range: Range };
type TextEdit = { range: Range; newText: string };
type Diag = { range: Range; code?: string | number; message: string; severity?: number };
type Action = { title: string; kind?: string; isPreferred?: boolean; diagnostics?: Diag[]; edit?: { changes?: Record<string, TextEdit[]> } };
const span = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];
const shortDiag = (d: Diag) => `${d.range.start.line}:${d.range.start.character} ${SEVERITY[d.severity ?? 1]} ${d.code}: ${d.message}`;

/** LSP text edits applied as an editor does. */
function applyLspEdits(text: string, edits: readonly TextEdit[]): string {
  return applyEdits(text, edits.map((e) => ({ start: { line: e.range.start.line, column: e.range.start.character }, end: { line: e.range.end.line, column: e.range.end.character }, newText: e.newText })));
}

/**
 * The actions at the cursor (given the diagnostics on its line), then each applied on its own: the edited
 * document's diagnostics for the new version, and the text put back before the next one.
 */
async function codeActions(client: LspClient, docUri: string, position: { line: number; character: number }): Promise<unknown> {
  const original = await client.waitForVersion(docUri, 1);
  const text = openText.get(docUri)!;
  const here = original.filter((d) => d.range.start.line <= position.line && d.range.end.line >= position.line);
  const actions = await client.request<Action[]>('textDocument/codeAction', {
    textDocument: { uri: docUri },
    range: { start: position, end: position },
    context: { diagnostics: here },
  });
  const out = [];
  for (const a of actions ?? []) {
    const changes = a.edit?.changes ?? {};
    const edits = Object.entries(changes).flatMap(([u, es]) => es.map((e) => `${portable(decodeURIComponent(new URL(u).pathname))}:${span(e.range)} ${JSON.stringify(e.newText)}`));
    // Apply: the document itself by a change; any other file by opening it with the edited text.
    const others = Object.keys(changes).filter((u) => u !== docUri);
    for (const u of others) {
      const language = /whitelist[^/]*\.conf$/.test(u) ? 'kata-kernel-whitelist' : 'kconfig-fragment';
      await client.open(u, language, applyLspEdits(fs.readFileSync(new URL(u), 'utf8'), changes[u]));
    }
    // Unchanged text still makes a new version, whose diagnostics then include the other files' edits.
    await client.change(docUri, changes[docUri] ? applyLspEdits(text, changes[docUri]) : text);
    const after = await client.waitForVersion(docUri, client.version(docUri)!);
    for (const u of others) await client.close(u);
    await client.change(docUri, text);
    await client.waitForVersion(docUri, client.version(docUri)!);
    out.push({
      title: a.title,
      kind: a.kind,
      ...(a.isPreferred ? { preferred: true } : {}),
      fixes: (a.diagnostics ?? []).map((d) => d.code),
      edits,
      after: after.map(shortDiag),
    });
  }
  return { diagnosticsHere: here.map(shortDiag), actions: out };
}
const openText = new Map<string, string>();
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
  codeaction: codeActions,
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
        openText.set(uri(f.file), f.text);
        await client.open(uri(f.file), f.languageId, f.text);
        const answer = await ask(client, uri(f.file), { line: f.line, character: f.character });
        const actual = portable(JSON.stringify(answer, null, 2)) + '\n';
        const golden = path.join(dir, name.replace(/\.[^.]+$/, '') + '.json');
        const m = matchGolden(golden, actual);
        assert.ok(!m.missing, `no golden file ${golden}: run with UPDATE_GOLDENS=1 and review it`);
        assert.equal(actual, m.expected, client.context());
      });
    }
  }
});
