// The packaged extension, kata-guest-toolkit-<version>.vsix (scripts/package.mjs; `node scripts/test.mjs` builds
// it before this suite): small, self-contained (bundles, no node_modules), and holding every file the
// extension reads when installed. A .vsix is a zip; the small reader below lists it from its central directory
// and inflates single entries, so the test needs no unzip program.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import * as zlib from 'node:zlib';

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  icon: string;
  main: string;
  contributes: { grammars: { path: string }[]; snippets: { path: string }[]; languages: { configuration?: string }[]; tomlValidation?: { url: string }[] };
};
const vsixPath = process.env.KATA_TOOLKIT_VSIX ?? path.join(root, `${manifest.name}-${manifest.version}.vsix`);

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

/** The entries of a zip file, read from its central directory (no zip64: a .vsix this size never needs it). */
function zipEntries(zip: Buffer): ZipEntry[] {
  // The end-of-central-directory record is the last thing in the file, before a comment of up to 64 KiB.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'no end-of-central-directory record: not a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, `central directory entry ${n} has a bad signature`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    entries.push({
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localHeaderOffset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** One entry's content: stored (method 0) or deflated (method 8). */
function zipRead(zip: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localHeaderOffset;
  assert.equal(zip.readUInt32LE(at), 0x04034b50, `${entry.name}: bad local header`);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(data);
  assert.equal(entry.method, 8, `${entry.name}: compression method ${entry.method}`);
  const out = zlib.inflateRawSync(data);
  assert.equal(out.length, entry.size, `${entry.name}: inflated size`);
  return out;
}

/** The .vsix, or undefined after telling the runner why the test cannot run. */
function openVsix(t: TestContext): { zip: Buffer; entries: ZipEntry[]; names: Set<string> } | undefined {
  if (!fs.existsSync(vsixPath)) {
    const reason = `no ${path.basename(vsixPath)} in ${path.dirname(vsixPath)} (npm run package writes it; node scripts/test.mjs does before the unit suite)`;
    console.log(`# skipped: ${reason}`);
    t.skip(reason);
    return undefined;
  }
  const zip = fs.readFileSync(vsixPath);
  const entries = zipEntries(zip);
  return { zip, entries, names: new Set(entries.map((e) => e.name)) };
}

/** package.json paths are written `./x/y`; in the package they are under `extension/`. */
const inPackage = (p: string) => `extension/${path.posix.normalize(p).replace(/^\.\//, '')}`;

describe('the .vsix', () => {
  it('is small and carries no node_modules', (t) => {
    const v = openVsix(t);
    if (!v) return;
    assert.ok(v.zip.length < 3 * 1024 * 1024, `${v.zip.length} bytes, over 3 MB`);
    assert.deepEqual(
      v.entries.filter((e) => e.name.split('/').includes('node_modules')).map((e) => e.name),
      [],
    );
    // Source maps are not part of the extension (see .vscodeignore); neither are sources or tests.
    assert.deepEqual(
      v.entries.filter((e) => /\.(map|ts)$/.test(e.name) || /^extension\/(client|test|scripts|examples|out)\//.test(e.name)).map((e) => e.name),
      [],
    );
  });

  it('holds the bundles, grammars, snippets, language configurations, schemas and icon package.json names', (t) => {
    const v = openVsix(t);
    if (!v) return;
    const packaged = JSON.parse(zipRead(v.zip, v.entries.find((e) => e.name === 'extension/package.json')!).toString('utf8')) as typeof manifest;
    assert.equal(packaged.version, manifest.version);
    const needed = [
      'extension/dist/extension.js',
      'extension/dist/server.js',
      // The build and sandbox tasks run it (client/src/tasks/provider.ts).
      'extension/dist/cli.js',
      inPackage(packaged.main.endsWith('.js') ? packaged.main : `${packaged.main}.js`),
      inPackage(packaged.icon),
      ...packaged.contributes.grammars.map((g) => inPackage(g.path)),
      ...packaged.contributes.snippets.map((s) => inPackage(s.path)),
      ...packaged.contributes.languages.flatMap((l) => (l.configuration ? [inPackage(l.configuration)] : [])),
      ...(packaged.contributes.tomlValidation ?? []).map((s) => inPackage(s.url)),
    ];
    assert.ok(packaged.contributes.grammars.length >= 5 && packaged.contributes.snippets.length >= 3);
    assert.deepEqual(needed.filter((n) => !v.names.has(n)), []);
    for (const doc of ['extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt']) assert.ok(v.names.has(doc), `${doc} missing`);
  });

  it('has a 128×128 PNG icon and a README without images it could not show', (t) => {
    const v = openVsix(t);
    if (!v) return;
    const icon = zipRead(v.zip, v.entries.find((e) => e.name === inPackage(manifest.icon))!);
    assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(icon.subarray(12, 16).toString('latin1'), 'IHDR');
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
    const readme = zipRead(v.zip, v.entries.find((e) => e.name === 'extension/readme.md')!).toString('utf8');
    assert.match(readme, /^# Kata Guest Toolkit/);
    assert.doesNotMatch(readme, /!\[[^\]]*\]\((?![a-z]+:)/i, 'a relative image is left in the packaged README');
  });
});
