// Fixture files for data-driven protocol tests: a document with a `$0` cursor and a first line
// `# open-as: <path in the repository>`, and golden outputs in which the repository's path is <repo>.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './harness';

export interface Fixture {
  readonly name: string;
  /** Where the document is opened (a path in the repository, so that it belongs to the example workspace). */
  readonly file: string;
  readonly languageId: string;
  readonly text: string;
  readonly line: number;
  readonly character: number;
}

export function readFixture(dir: string, name: string): Fixture {
  const raw = fs.readFileSync(path.join(dir, name), 'utf8');
  const header = /^# open-as: (.+)\n/.exec(raw);
  if (!header) throw new Error(`${name}: the first line must be '# open-as: <path>'`);
  const body = raw.slice(header[0].length);
  const at = body.indexOf('$0');
  if (at < 0 || body.indexOf('$0', at + 1) >= 0) throw new Error(`${name}: needs exactly one $0 cursor`);
  const before = body.slice(0, at);
  return {
    name,
    file: path.join(repoRoot, header[1]),
    languageId: name.endsWith('.Kconfig') ? 'kconfig' : 'kconfig-fragment',
    text: body.slice(0, at) + body.slice(at + 2),
    line: before.split('\n').length - 1,
    character: at - (before.lastIndexOf('\n') + 1),
  };
}

/** The repository's location, which differs between machines, as <repo>. */
export function portable(text: string): string {
  return text.split(pathToFileURL(repoRoot).href).join('file://<repo>').split(repoRoot).join('<repo>');
}

/** Compares with the golden file, or writes it when UPDATE_GOLDENS=1 (then review the diff). */
export function matchGolden(golden: string, actual: string): { ok: boolean; expected?: string; missing?: boolean } {
  if (process.env.UPDATE_GOLDENS === '1') fs.writeFileSync(golden, actual);
  if (!fs.existsSync(golden)) return { ok: false, missing: true };
  const expected = fs.readFileSync(golden, 'utf8');
  return { ok: expected === actual, expected };
}
