// ptp4l.cfg over the protocol, as an editor drives the built server: diagnostics for the chosen linuxptp
// version (and the status bar's report of it), a change of version in the settings, hover, a quick fix,
// and a node's file judged against the switch's beside it.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient } from './harness';
import type { StatusParams } from '../../server/src/protocol';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-toolkit-ptp4l-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const codes = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.range.start.line + 1}:${d.code}`);

/** The built server, on the temporary folder, checking as linuxptp 4.2 reads files. */
async function startWithVersion42(): Promise<LspClient> {
  const c = LspClient.spawn();
  try {
    await c.initialize({ rootUri: pathToFileURL(tmp).href, initializationOptions: { trusted: true }, settings: { kataToolkit: { ptp4l: { version: '4.2' } } } });
  } catch (e) {
    c.dispose();
    throw e;
  }
  return c;
}

describe('ptp4l.cfg over the protocol', () => {
  let client: LspClient | undefined;
  afterEach(async () => {
    await client?.shutdown();
    client = undefined;
  });

  it('checks for the version in the settings, hovers and fixes', async () => {
    client = await startWithVersion42();
    const p = path.join(tmp, 'ptp4l-node.cfg');
    const text = '[global]\nserverOnly 0\npriority1 = 128\n[eth0]\nclockClass 6\n';
    fs.writeFileSync(p, text);
    const uri = pathToFileURL(p).href;
    await client.open(uri, 'ptp4l', text);
    assert.deepEqual(codes(await client.waitForVersion(uri, 1)), ['3:ptp4l-malformed-value', '5:ptp4l-global-only']);
    // The status bar learns which version the checks follow, and why.
    await client.waitForNotification<StatusParams>('kataToolkit/status', (st) => st.ptp4lVersion === '4.2' && st.ptp4lVersionFrom === 'setting');

    await client.changeSettings({ kataToolkit: { ptp4l: { version: '3.1.1' } } });
    await client.change(uri, text + '\n');
    assert.deepEqual(codes(await client.waitForVersion(uri, 2)), ['2:ptp4l-option-other-version', '3:ptp4l-malformed-value', '5:ptp4l-global-only']);
    await client.waitForNotification<StatusParams>('kataToolkit/status', (st) => st.ptp4lVersion === '3.1.1');

    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 2 } });
    assert.match((hover?.contents as MarkupContent).value, /\*\*priority1\*\* — linuxptp 3\.1\.1/);

    const ds = await client.waitForVersion(uri, 2);
    const eq = ds.find((d) => d.code === 'ptp4l-malformed-value')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: eq.range, context: { diagnostics: [eq] } });
    assert.equal(actions.find((a) => a.isPreferred)?.edit?.changes?.[uri]?.[0].newText, '128');
  });

  it("judges a node's file against the switch's beside it, and again when the switch's file changes", async () => {
    client = await startWithVersion42();
    const dir = fs.mkdtempSync(path.join(tmp, 'pair-'));
    const sw = path.join(dir, 'ptp4l-switch.cfg');
    const node = path.join(dir, 'ptp4l-node.cfg');
    const switchText = '[global]\npriority1 128\n[sw0]\n[sw1]\n';
    const nodeText = '[global]\npriority1 128\n[eth0]\n';
    fs.writeFileSync(sw, switchText);
    fs.writeFileSync(node, nodeText);
    const nodeUri = pathToFileURL(node).href;
    const swUri = pathToFileURL(sw).href;
    await client.open(nodeUri, 'ptp4l', nodeText);
    const tie = await client.waitForVersion(nodeUri, 1);
    assert.deepEqual(codes(tie), ['2:ptp4l-node-may-win']);
    assert.equal(tie[0].relatedInformation?.[0].location.uri, swUri);

    // The switch's file, edited in the editor, now outranks the node: the node's warning goes away.
    await client.open(swUri, 'ptp4l', switchText);
    await client.change(swUri, switchText.replace('priority1 128', 'priority1 100'));
    assert.deepEqual(codes(await client.waitForDiagnostics(nodeUri, (d) => d.length === 0, 10000)), []);
  });

  it('compares interface sections with the command that runs the file, in a script one folder up', async () => {
    client = await startWithVersion42();
    const dir = fs.mkdtempSync(path.join(tmp, 'cmd-'));
    fs.mkdirSync(path.join(dir, 'configs'));
    const cfg = path.join(dir, 'configs', 'ptp4l.cfg');
    const script = path.join(dir, 'start.sh');
    const text = '[global]\nnetwork_transport L2\n[enp5s0]\nlogSyncInterval -3\n';
    const run = '#!/bin/sh\nptp4l -f /etc/ptp4l.cfg -i eth1 -m &\n';
    fs.writeFileSync(cfg, text);
    fs.writeFileSync(script, run);
    const uri = pathToFileURL(cfg).href;
    await client.open(uri, 'ptp4l', text);
    const ds = await client.waitForVersion(uri, 1);
    assert.deepEqual(codes(ds), ['3:ptp4l-port-not-in-command']);
    assert.equal(ds[0].relatedInformation?.[0].location.uri, pathToFileURL(script).href);
    // The script, edited in the editor, now names the interface: the warning goes.
    const scriptUri = pathToFileURL(script).href;
    await client.open(scriptUri, 'shellscript', run);
    await client.change(scriptUri, run.replace('-i eth1', '-i eth1 -i enp5s0'));
    assert.deepEqual(codes(await client.waitForDiagnostics(uri, (d) => d.length === 0, 10000)), []);
  });
});
