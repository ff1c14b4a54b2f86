// Documents of review views over the protocol: a fragment, a Kata drop-in and a ptp4l file opened from git history,
// a pull request or GitLens are checked as the workspace file they are a version of (its fragment set, kernel tree,
// base configuration and folder settings), with results on the review document only, and no fixes.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient, repoRoot, sleep } from './harness';

const example = path.join(repoRoot, 'examples', 'kata-workspace');
const fragments = path.join(example, 'kata-containers', 'tools', 'packaging', 'kernel', 'configs', 'fragments');
const tsn = path.join(fragments, 'x86_64', 'tsn.conf');
const uri = (p: string) => pathToFileURL(p).href;
const kconfigSettings = { kataToolkit: { kernelTree: path.join(example, 'linux'), arch: 'x86_64' } };

/** The URI VS Code's Git extension gives a file at a commit. */
const gitUri = (p: string, ref: string) => `${uri(p).replace(/^file:\/\//, 'git:')}?${encodeURIComponent(JSON.stringify({ path: p, ref }))}`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-toolkit-review-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const lostLines = (ds: readonly Diagnostic[]) => ds.filter((d) => d.code === 'kconfig-value-lost').map((d) => d.range.start.line);

describe('review views over the protocol', () => {
  let client: LspClient | undefined;
  afterEach(async () => {
    await client?.shutdown();
    client = undefined;
  });

  it('checks a fragment from git history against its set and tree, on the history document only', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: uri(example), initializationOptions: { trusted: true }, settings: kconfigSettings });
    const text = fs.readFileSync(tsn, 'utf8');
    await client.open(uri(tsn), 'kconfig-fragment', text);
    const working = await client.waitForVersion(uri(tsn), 1, 20000);
    assert.deepEqual(lostLines(working), [1, 2, 10], client.context());
    // The same analysis publishes the set's other fragments right after; let those arrive first.
    await sleep(300);

    // The older version enabled the missing dependency on a first line: TAPRIO and ETF (lines 2, 3 there) survive.
    const older = gitUri(tsn, 'HEAD~1');
    const publishedBefore = client.published.length;
    await client.open(older, 'kconfig-fragment', 'CONFIG_NET_SCHED=y\n' + text);
    const history = await client.waitForVersion(older, 1, 20000);
    assert.deepEqual(lostLines(history), [11], client.context());
    assert.match(history.find((d) => d.code === 'kconfig-value-lost')!.message, /LOG_BUF_SHIFT/);
    // Nothing but the history document was published: the working copy and the other fragments keep their results.
    const others = client.published.slice(publishedBefore).filter((p) => p.uri !== older);
    assert.deepEqual(others.map((p) => p.uri), [], client.context());
    // Places in the reviewed file itself point into the history document, never at the working copy.
    for (const d of history) {
      for (const r of d.relatedInformation ?? []) assert.notEqual(r.location.uri, uri(tsn), JSON.stringify(r));
    }

    // Hover resolves the symbol in the tree from the history document.
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: older }, position: { line: 2, character: 10 } });
    assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /NET_SCH_TAPRIO/, client.context());
    // No fixes: a history document is read-only, and its edits must not land in the working copy.
    const lost = history.find((d) => d.code === 'kconfig-value-lost')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: older }, range: lost.range, context: { diagnostics: [lost] } });
    assert.deepEqual(actions, []);
    // The working copy still offers its own.
    const mine = working.find((d) => d.code === 'kconfig-value-lost')!;
    const own = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri(tsn) }, range: mine.range, context: { diagnostics: [mine] } });
    assert.ok(own.length > 0, 'the working copy keeps its quick fixes');
  });

  it('checks a pull request side (GitHub Pull Requests, ".git"-suffixed review URIs too) like the file itself', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: uri(example), initializationOptions: { trusted: true }, settings: kconfigSettings });
    const text = fs.readFileSync(tsn, 'utf8');
    const rel = path.relative(example, tsn);
    const prUri = `${uri(tsn).replace(/^file:\/\//, 'pr:')}?${encodeURIComponent(JSON.stringify({ baseCommit: 'a', headCommit: 'b', isBase: false, fileName: rel, prNumber: 7, status: 1 }))}`;
    const reviewUri = `${uri(tsn).replace(/^file:\/\//, 'review:')}.git?${encodeURIComponent(JSON.stringify({ path: rel, ref: 'pr/7', commit: 'b', base: true, isOutdated: false, rootPath: example }))}`;
    for (const u of [prUri, reviewUri]) {
      await client.open(u, 'kconfig-fragment', text);
      assert.deepEqual(lostLines(await client.waitForVersion(u, 1, 20000)), [1, 2, 10], `${u}\n${client.context()}`);
    }
  });

  it('reads a Kata drop-in from a pull request onto the base configuration in the workspace', async () => {
    const etc = path.join(tmp, 'kata', 'etc');
    fs.mkdirSync(path.join(etc, 'config.d'), { recursive: true });
    fs.writeFileSync(path.join(etc, 'configuration.toml'), '[hypervisor.qemu]\npath = "/usr/bin/qemu-system-x86_64"\n\n[runtime]\ninternetworking_model = "tcfilter"\n');
    // The drop-in is new in the pull request: it does not exist in the workspace yet.
    const dropIn = path.join(etc, 'config.d', '50-net.toml');
    client = LspClient.spawn();
    await client.initialize({ rootUri: uri(tmp), initializationOptions: { trusted: true }, settings: {} });
    const prUri = `${uri(dropIn).replace(/^file:\/\//, 'pr:')}?${encodeURIComponent(JSON.stringify({ fileName: 'kata/etc/config.d/50-net.toml', prNumber: 3 }))}`;
    await client.open(prUri, 'toml', '[runtime]\ndisable_new_netns = true\n');
    const ds = await client.waitForVersion(prUri, 1, 20000);
    assert.deepEqual(ds.map((d) => `${d.range.start.line + 1}:${d.code}`), ['2:kata-disable-new-netns-needs-none'], client.context());
  });

  it('judges a ptp4l file from GitLens against the switch file beside it in the workspace', async () => {
    const dir = path.join(tmp, 'ptp');
    fs.mkdirSync(dir, { recursive: true });
    const sw = path.join(dir, 'ptp4l-switch.cfg');
    fs.writeFileSync(sw, '[global]\npriority1 128\n[sw0]\n[sw1]\n');
    const node = path.join(dir, 'ptp4l-node.cfg');
    fs.writeFileSync(node, '[global]\npriority1 100\n[eth0]\n');
    client = LspClient.spawn();
    await client.initialize({ rootUri: uri(tmp), initializationOptions: { trusted: true }, settings: { kataToolkit: { ptp4l: { version: '4.2' } } } });
    // An older revision of the node's file had the switch's priority: the node could win the election.
    const lens = `gitlens://6f1c2a${uri(node).replace(/^file:\/\//, '')}?${encodeURIComponent(JSON.stringify({ ref: '6f1c2a', repoPath: tmp }))}`;
    await client.open(lens, 'ptp4l', '[global]\npriority1 128\n[eth0]\n');
    const ds = await client.waitForVersion(lens, 1, 20000);
    assert.deepEqual(ds.map((d) => `${d.range.start.line + 1}:${d.code}`), ['2:ptp4l-node-may-win'], client.context());
    assert.equal(ds[0].relatedInformation?.[0].location.uri, uri(sw), 'the switch file of the workspace is the other side');
  });

  it('a review document of a file this machine does not have is still checked on its own', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: uri(tmp), initializationOptions: { trusted: true }, settings: {} });
    const nowhere = `git:/no/such/dir/a.config?${encodeURIComponent(JSON.stringify({ path: '/no/such/dir/a.config', ref: 'HEAD' }))}`;
    await client.open(nowhere, 'kconfig-fragment', 'CONFIG_A=y\nCONFIG_A=n\n');
    const ds = await client.waitForVersion(nowhere, 1, 20000);
    assert.ok(ds.some((d) => d.code === 'kconfig-duplicate-assignment'), client.context());
  });
});
