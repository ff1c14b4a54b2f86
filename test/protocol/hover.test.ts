// Hover over the protocol, data-driven: each file in test/fixtures/hover is a document with a `$0`
// cursor and a first line `# open-as: <path in the repository>`; the hover's Markdown must equal the
// `.md` file beside it (the repository's path written as <repo>). UPDATE_GOLDENS=1 rewrites them.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient, repoRoot } from './harness';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'hover');
const example = path.join(repoRoot, 'examples', 'kata-workspace');
const settings = { kataToolkit: { kernelTree: path.join(example, 'linux'), arch: 'x86_64' } };
const uri = (p: string) => pathToFileURL(p).href;

interface Fixture {
  readonly name: string;
  readonly file: string;
  readonly languageId: string;
  readonly text: string;
  readonly line: number;
  readonly character: number;
}

function readFixture(name: string): Fixture {
  const raw = fs.readFileSync(path.join(fixtures, name), 'utf8');
  const header = /^# open-as: (.+)\n/.exec(raw);
  if (!header) throw new Error(`${name}: the first line must be '# open-as: <path>'`);
  const body = raw.slice(header[0].length);
  const at = body.indexOf('$0');
  if (at < 0 || body.indexOf('$0', at + 1) >= 0) throw new Error(`${name}: needs exactly one $0 cursor`);
  const before = body.slice(0, at);
  const line = before.split('\n').length - 1;
  const character = at - (before.lastIndexOf('\n') + 1);
  return {
    name,
    file: path.join(repoRoot, header[1]),
    languageId: name.endsWith('.Kconfig') ? 'kconfig' : 'kconfig-fragment',
    text: body.slice(0, at) + body.slice(at + 2),
    line,
    character,
  };
}

/** The repository's location, which differs between machines, as <repo>. */
function portable(markdown: string): string {
  return markdown.split(uri(repoRoot)).join('file://<repo>').split(repoRoot).join('<repo>');
}

describe('hover over the protocol (fixtures in test/fixtures/hover)', () => {
  let client: LspClient;
  afterEach(() => client?.dispose());

  const names = fs.readdirSync(fixtures).filter((f) => !f.endsWith('.md')).sort();
  it('has fixtures', () => assert.ok(names.length >= 2));
  for (const name of names) {
    it(name, async () => {
      const f = readFixture(name);
      client = LspClient.spawn();
      await client.initialize({ rootUri: uri(example), initializationOptions: { trusted: true }, settings });
      await client.open(uri(f.file), f.languageId, f.text);
      const result = await client.request<{ contents: { kind: string; value: string }; range?: unknown } | null>('textDocument/hover', {
        textDocument: { uri: uri(f.file) },
        position: { line: f.line, character: f.character },
      });
      assert.ok(result, `no hover for ${name}\n${client.context()}`);
      assert.equal(result.contents.kind, 'markdown');
      const actual = portable(result.contents.value) + '\n';
      const golden = path.join(fixtures, name.replace(/\.[^.]+$/, '') + '.md');
      if (process.env.UPDATE_GOLDENS === '1') fs.writeFileSync(golden, actual);
      assert.ok(fs.existsSync(golden), `no golden file ${golden}: run with UPDATE_GOLDENS=1 and review it`);
      assert.equal(actual, fs.readFileSync(golden, 'utf8'));
    });
  }
});
