// What the running server may do to the machine, driven as an editor drives it: in an untrusted workspace no
// $(shell,...) command of the workspace's Kconfig files runs (and, once trusted, it does: the check can fail);
// a session that opens, edits and asks every feature of every file writes nothing into the workspace.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient, repoRoot, sleep } from './harness';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-toolkit-safety-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const uri = (p: string) => pathToFileURL(p).href;

/** Every file and folder under `dir` with its content hash, size and modification time. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      if (st.isDirectory()) {
        out.set(p, `dir ${st.mtimeMs}`);
        walk(p);
      } else {
        out.set(p, `${st.size} ${st.mtimeMs} ${st.isFile() ? createHash('sha1').update(fs.readFileSync(p)).digest('hex') : 'link'}`);
      }
    }
  };
  walk(dir);
  return out;
}

describe('what the server may do to the machine', () => {
  let client: LspClient | undefined;
  afterEach(async () => {
    await client?.shutdown();
    client?.dispose();
    client = undefined;
  });

  it("runs no $(shell,...) of the workspace's Kconfig files until the workspace is trusted", async () => {
    const ws = path.join(tmp, 'shell');
    const marker = path.join(tmp, `ran-${process.pid}-${Date.now()}`);
    fs.mkdirSync(path.join(ws, 'linux'), { recursive: true });
    fs.writeFileSync(path.join(ws, 'linux', 'Makefile'), 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\n');
    fs.writeFileSync(path.join(ws, 'linux', 'Kconfig'), `RAN := $(shell,touch ${marker} && echo y)\nconfig A\n\tbool "a"\n\tdefault $(RAN)\n`);
    const fragment = path.join(ws, 'a.config');
    fs.writeFileSync(fragment, 'CONFIG_A=y\n');
    client = LspClient.spawn();
    await client.initialize({
      rootUri: uri(ws),
      initializationOptions: { trusted: false },
      settings: { kataToolkit: { kernelTree: path.join(ws, 'linux'), cacheDirectory: path.join(tmp, 'cache-shell') } },
    });
    await client.open(uri(fragment), 'kconfig-fragment', 'CONFIG_A=y\n');
    await client.waitForVersion(uri(fragment), 1, 20000);
    await client.change(uri(fragment), 'CONFIG_A=y\n\n');
    await client.waitForVersion(uri(fragment), 2, 20000);
    assert.equal(fs.existsSync(marker), false, 'the command ran in an untrusted workspace');

    // The same session, trusted: the command runs. Without this, the check above could pass by never loading the tree.
    await client.notify('kataToolkit/setTrust', { trusted: true });
    const deadline = Date.now() + 20000;
    while (!fs.existsSync(marker) && Date.now() < deadline) await sleep(50);
    assert.equal(fs.existsSync(marker), true, `the command did not run once trusted\n${client.context()}`);
  });

  it('writes nothing into the workspace however its files are opened, edited and queried', async () => {
    const ws = path.join(tmp, 'workspace');
    fs.cpSync(path.join(repoRoot, 'examples', 'kata-workspace'), ws, { recursive: true });
    const files: [string, string][] = [
      [path.join(ws, 'kata-containers', 'tools', 'packaging', 'kernel', 'configs', 'fragments', 'x86_64', 'tsn.conf'), 'kconfig-fragment'],
      [path.join(ws, 'kata-containers', 'tools', 'packaging', 'kernel', 'configs', 'fragments', 'whitelist.conf'), 'kata-kernel-whitelist'],
      [path.join(ws, 'linux', 'net', 'sched', 'Kconfig'), 'kconfig'],
      [path.join(ws, 'etc', 'configuration.toml'), 'toml'],
      [path.join(ws, 'etc', 'config.d', '10-net.toml'), 'toml'],
      [path.join(ws, 'ptp', 'ptp4l-node.cfg'), 'ptp4l'],
      [path.join(ws, 'ptp', 'ptp4l-switch.cfg'), 'ptp4l'],
    ];
    const texts: Record<string, string> = {
      'configuration.toml': '[hypervisor.qemu]\npath = "/nonexistent/qemu"\nshared_fs = "virtio-fs"\nvirtio_fs_cache = "none"\nhotplug_vfio_on_root_bus = true\n[runtime]\ndisable_new_netns = true\n',
      '10-net.toml': '[runtime]\ninternetworking_model = "macvtap"\n',
      'ptp4l-node.cfg': '[global]\npriority1 = 128\nslaveOnly 1\n[eth9]\nlogSyncInterval 9\n',
      'ptp4l-switch.cfg': '[global]\npriority1 128\n[sw0]\n',
    };
    for (const [file] of files) {
      const text = texts[path.basename(file)];
      if (text !== undefined) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
      }
    }
    // Modification times before the session, a little in the past so that a rewrite with equal content shows.
    const past = new Date(Date.now() - 60_000);
    for (const p of snapshot(ws).keys()) fs.lutimesSync(p, past, past);
    const before = snapshot(ws);

    client = LspClient.spawn();
    await client.initialize({
      rootUri: uri(ws),
      initializationOptions: { trusted: true },
      settings: { kataToolkit: { kernelTree: path.join(ws, 'linux'), arch: 'x86_64', cacheDirectory: path.join(tmp, 'cache-writes'), ptp4l: { version: '4.2' } } },
    });
    let asked = 0;
    for (const [file, languageId] of files) {
      const text = fs.readFileSync(file, 'utf8');
      await client.open(uri(file), languageId, text);
      await client.waitForVersion(uri(file), 1, 20000);
      // An unsaved edit, then every feature at the start and the middle of every line.
      await client.change(uri(file), text + '\nCONFIG_NET=y\n');
      const diagnostics = await client.waitForVersion(uri(file), 2, 20000);
      const lines = text.split('\n');
      for (let line = 0; line < lines.length; line++) {
        for (const character of [0, Math.floor(lines[line].length / 2)]) {
          const at = { textDocument: { uri: uri(file) }, position: { line, character } };
          await client.request('textDocument/hover', at);
          await client.request('textDocument/completion', at);
          await client.request('textDocument/definition', at);
          await client.request('textDocument/references', { ...at, context: { includeDeclaration: true } });
          asked += 4;
        }
        const range = { start: { line, character: 0 }, end: { line, character: lines[line].length } };
        await client.request('textDocument/codeAction', { textDocument: { uri: uri(file) }, range, context: { diagnostics } });
        asked++;
      }
      await client.request('textDocument/documentSymbol', { textDocument: { uri: uri(file) } });
      await client.request('workspace/symbol', { query: 'NET' });
      await client.notify('textDocument/didSave', { textDocument: { uri: uri(file) } });
      await client.close(uri(file));
    }
    await client.shutdown();
    client.dispose();
    client = undefined;

    const after = snapshot(ws);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p));
    assert.deepEqual(changed, [], `the session changed files in the workspace after ${asked} requests`);
    assert.ok(asked > 100, `the session asked enough to mean something (${asked} requests)`);
  });
});
