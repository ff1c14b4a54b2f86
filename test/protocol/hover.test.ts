// Hover over the protocol, data-driven: each file in test/fixtures/hover is a document with a `$0`
// cursor and a first line `# open-as: <path in the repository>`; the hover's Markdown must equal the
// `.md` file beside it (the repository's path written as <repo>). UPDATE_GOLDENS=1 rewrites them.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { matchGolden, portable, readFixture } from './fixtures';
import { LspClient, repoRoot } from './harness';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'hover');
const example = path.join(repoRoot, 'examples', 'kata-workspace');
const settings = { kataToolkit: { kernelTree: path.join(example, 'linux'), arch: 'x86_64' } };
const uri = (p: string) => pathToFileURL(p).href;

describe('hover over the protocol (fixtures in test/fixtures/hover)', () => {
  let client: LspClient;
  afterEach(() => client?.dispose());

  const names = fs.readdirSync(fixtures).filter((f) => !f.endsWith('.md')).sort();
  it('has fixtures', () => assert.ok(names.length >= 2));
  for (const name of names) {
    it(name, async () => {
      const f = readFixture(fixtures, name);
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
      const m = matchGolden(golden, actual);
      assert.ok(!m.missing, `no golden file ${golden}: run with UPDATE_GOLDENS=1 and review it`);
      assert.equal(actual, m.expected);
    });
  }
});
