// Kata configuration files over the protocol, as an editor drives the built server: diagnostics for a
// configuration.toml whatever language id a TOML extension gave it, TOML syntax errors left to that
// extension, templates and drop-ins, hover, completion and a quick fix applied back.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { applyEdits } from '../applyEdits';
import { LspClient } from './harness';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-toolkit-kata-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(rel: string, text: string): { path: string; uri: string } {
  const p = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return { path: p, uri: pathToFileURL(p).href };
}

const BASE = `[hypervisor.qemu]
kernel = "${tmp}/vmlinux"
image = "${tmp}/rootfs.img"
shared_fs = "virtio-fs"
virtio_fs_daemon = "${tmp}/virtiofsd"
virtio_fs_cache = "auto"

[agent.kata]
debug_console_enabled = true

[runtime]
internetworking_model = "tcfilter"
`;
for (const f of ['vmlinux', 'rootfs.img', 'virtiofsd']) fs.writeFileSync(path.join(tmp, f), '');

const codes = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.range.start.line + 1}:${d.code}`).sort();

describe('Kata configuration over the protocol', () => {
  let client: LspClient | undefined;
  afterEach(async () => {
    await client?.shutdown();
    client = undefined;
  });

  it('checks configuration.toml opened as a TOML extension\'s file, leaving syntax errors to it', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: pathToFileURL(tmp).href, initializationOptions: { trusted: true }, settings: {} });
    const doc = write('etc/configuration.toml', BASE);
    await client.open(doc.uri, 'toml', BASE);
    assert.deepEqual(codes(await client.waitForVersion(doc.uri, 1)), []);

    const broken = BASE.replace('virtio_fs_cache = "auto"', 'virtio_fs_cache = "none"\nshared_fs = "virtiofs"\ndefault_memory = ');
    await client.change(doc.uri, broken);
    // The TOML extension reports the syntax error; we report what Kata makes of the rest.
    assert.deepEqual(codes(await client.waitForVersion(doc.uri, 2)), ['6:kata-deprecated-value', '7:kata-invalid-value']);

    await client.changeSettings({ kataToolkit: { kata: { tomlSyntax: 'always' } } });
    await client.change(doc.uri, broken + '\n');
    assert.ok(codes(await client.waitForVersion(doc.uri, 3)).includes('8:kata-toml-syntax'));
  });

  it('reads a template with placeholders and a drop-in merged onto its base', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: pathToFileURL(tmp).href, initializationOptions: { trusted: true }, settings: {} });
    const tpl = write('src/runtime/config/configuration-qemu.toml.in', '[hypervisor.qemu]\npath = "@QEMUPATH@"\nimage = "@IMAGEPATH@"\ndefault_memory = @DEFMEMSZ@\nvirtio_fs_daemon = "@DEFVIRTIOFSDAEMON@"\nhotplug_vfio_on_root_bus = true\n');
    await client.open(tpl.uri, 'kata-toml', fs.readFileSync(tpl.path, 'utf8'));
    assert.deepEqual(codes(await client.waitForVersion(tpl.uri, 1)), ['6:kata-renamed-key']);

    write('etc/configuration.toml', BASE);
    const drop = write('etc/config.d/50-net.toml', '[runtime]\ndisable_new_netns = true\n');
    await client.open(drop.uri, 'toml', '[runtime]\ndisable_new_netns = true\n');
    assert.deepEqual(codes(await client.waitForVersion(drop.uri, 1)), ['2:kata-disable-new-netns-needs-none']);
  });

  it('hovers, completes and fixes', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: pathToFileURL(tmp).href, initializationOptions: { trusted: true }, settings: {} });
    const text = BASE.replace('shared_fs = "virtio-fs"', 'shared_fs = "virtio_fs"');
    const doc = write('hover/configuration.toml', text);
    await client.open(doc.uri, 'toml', text);
    const ds = await client.waitForVersion(doc.uri, 1);
    assert.deepEqual(codes(ds), ['4:kata-invalid-value']);

    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: doc.uri }, position: { line: 3, character: 3 } });
    const md = (hover?.contents as MarkupContent).value;
    assert.match(md, /\*\*shared_fs\*\*/);
    assert.match(md, /`virtio-fs-nydus`/);

    const completion = await client.request<{ label: string }[]>('textDocument/completion', {
      textDocument: { uri: doc.uri },
      position: { line: 5, character: 'virtio_fs_cache = "'.length },
      context: { triggerKind: 2, triggerCharacter: '"' },
    });
    assert.deepEqual(completion.map((c) => c.label).sort(), ['always', 'auto', 'metadata', 'never']);
    // The choice replaces the whole old value, quotes included: `virtio_fs_cache = "never"`, not `"never"auto"`.
    const edit = (completion as { textEdit?: { range: { start: { character: number }; end: { character: number } } } }[])[0].textEdit;
    assert.deepEqual([edit?.range.start.character, edit?.range.end.character], ['virtio_fs_cache = '.length, 'virtio_fs_cache = "auto"'.length]);

    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: doc.uri }, range: ds[0].range, context: { diagnostics: [ds[0]] } });
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix?.edit?.changes?.[doc.uri], 'a preferred fix with edits for the document');
    const edits = fix.edit.changes[doc.uri].map((e) => ({ start: { line: e.range.start.line, column: e.range.start.character }, end: { line: e.range.end.line, column: e.range.end.character }, newText: e.newText }));
    const after = applyEdits(text, edits);
    assert.equal(after, BASE);
    await client.change(doc.uri, after);
    assert.deepEqual(codes(await client.waitForVersion(doc.uri, 2)), []);
  });
});
