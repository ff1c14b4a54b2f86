// The Kconfig service over the protocol, as an editor drives it: open a fragment of the example Kata
// workspace, get its lost values at the right lines, edit it and see the problems follow.

import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { LspClient, repoRoot } from './harness';

const example = path.join(repoRoot, 'examples', 'kata-workspace');
const fragments = path.join(example, 'kata-containers', 'tools', 'packaging', 'kernel', 'configs', 'fragments');
const tsn = path.join(fragments, 'x86_64', 'tsn.conf');
const base = path.join(fragments, 'common', 'base.conf');
const uri = (p: string) => pathToFileURL(p).href;
const settings = { kataToolkit: { kernelTree: path.join(example, 'linux'), arch: 'x86_64' } };

describe('Kconfig fragments over the protocol', () => {
  let client: LspClient;
  afterEach(() => client?.dispose());

  it('reports lost values with reasons at the fragment lines, for the whole Kata set', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: uri(example), initializationOptions: { trusted: true }, settings });
    await client.open(uri(tsn), 'kconfig-fragment', fs.readFileSync(tsn, 'utf8'));
    const diags = await client.waitForDiagnostics(uri(tsn), (d) => d.length > 0, 20000);
    const lost = diags.filter((d) => d.code === 'kconfig-value-lost');
    assert.deepEqual(
      lost.map((d) => d.range.start.line),
      [1, 2, 10],
      client.context(),
    );
    assert.match(lost[0].message, /NET_SCHED=n/);
    assert.equal(lost[0].severity, 1);
    assert.equal(lost[0].source, 'kata-toolkit');
    // The other members of the set get their problems too: base.conf's line 7 is overridden by tsn.conf.
    const baseDiags = await client.waitForDiagnostics(uri(base), (d) => d.some((x) => x.code === 'kconfig-overridden'), 20000);
    assert.equal(baseDiags.find((x) => x.code === 'kconfig-overridden')?.range.start.line, 6);
  });

  it('re-checks as the user types: enabling the missing dependency makes the loss go away', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: uri(example), initializationOptions: { trusted: true }, settings });
    const text = fs.readFileSync(tsn, 'utf8');
    await client.open(uri(tsn), 'kconfig-fragment', text);
    await client.waitForDiagnostics(uri(tsn), (d) => d.some((x) => x.code === 'kconfig-value-lost' && /TAPRIO/.test(x.message)), 20000);
    await client.change(uri(tsn), 'CONFIG_NET_SCHED=y\n' + text);
    const after = await client.waitForDiagnostics(uri(tsn), (d) => !d.some((x) => /TAPRIO/.test(x.message)), 20000);
    assert.ok(!after.some((x) => /NET_SCH_ETF/.test(x.message)), 'ETF shares the dependency and survives too');
    assert.ok(after.some((x) => /LOG_BUF_SHIFT/.test(x.message)), 'the out-of-range value is still reported');
  });

  it('without a kernel tree, still reports what the fragment itself gets wrong', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: uri(path.join(repoRoot, 'test')), initializationOptions: { trusted: false }, settings: { kataToolkit: { kernelTree: '/nonexistent/tree' } } });
    const file = path.join(repoRoot, 'test', 'nowhere', 'a.config');
    await client.open(uri(file), 'kconfig-fragment', 'CONFIG_A=y\n CONFIG_B=y\nCONFIG_A=n\n');
    const diags = await client.waitForDiagnostics(uri(file), (d) => d.length >= 2, 20000);
    assert.deepEqual(diags.map((d) => d.code).sort(), ['kconfig-duplicate-assignment', 'kconfig-kernel-tree-invalid', 'kconfig-unexpected-line']);
  });

  it('checks a Kata whitelist: a blank line switches the whole check off, an entry can hide other symbols', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: uri(example), initializationOptions: { trusted: true }, settings });
    const file = path.join(fragments, 'whitelist.conf');
    await client.open(uri(file), 'kata-kernel-whitelist', 'CONFIG_MEMCG_SWAP\n\nCONFIG_FOO\n');
    const diags = await client.waitForDiagnostics(uri(file), (d) => d.some((x) => x.code === 'kata-whitelist-blank-line'), 20000);
    assert.equal(diags.find((x) => x.code === 'kata-whitelist-blank-line')?.range.start.line, 1);
    assert.equal(diags.find((x) => x.code === 'kata-whitelist-hides-more')?.range.start.line, 0, client.context());
  });

  it('goes to the definition from a fragment line and from a Kconfig file', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: uri(example), initializationOptions: { trusted: true }, settings });
    await client.open(uri(tsn), 'kconfig-fragment', fs.readFileSync(tsn, 'utf8'));
    type Loc = { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } };
    const sched = path.join(example, 'linux', 'net', 'sched', 'Kconfig');
    // Line 1 is CONFIG_NET_SCH_TAPRIO=y; the cursor on its value still means the symbol.
    const fromFragment = await client.request<Loc[]>('textDocument/definition', { textDocument: { uri: uri(tsn) }, position: { line: 1, character: 22 } });
    assert.deepEqual(fromFragment, [{ uri: uri(sched), range: { start: { line: 7, character: 7 }, end: { line: 7, character: 21 } } }], client.context());
    await client.open(uri(sched), 'kconfig', fs.readFileSync(sched, 'utf8'));
    const fromKconfig = await client.request<Loc[]>('textDocument/definition', { textDocument: { uri: uri(sched) }, position: { line: 5, character: 5 } });
    assert.deepEqual(fromKconfig, [{ uri: uri(sched), range: { start: { line: 0, character: 11 }, end: { line: 0, character: 20 } } }]);
    // A comment line of a fragment names nothing.
    assert.deepEqual(await client.request('textDocument/definition', { textDocument: { uri: uri(tsn) }, position: { line: 0, character: 3 } }), []);
  });

  it('finds references in the fragment set and in the tree', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: uri(example), initializationOptions: { trusted: true }, settings });
    await client.open(uri(tsn), 'kconfig-fragment', fs.readFileSync(tsn, 'utf8'));
    type Loc = { uri: string; range: { start: { line: number; character: number } } };
    const refs = async (includeDeclaration: boolean) =>
      (
        await client.request<Loc[]>('textDocument/references', {
          textDocument: { uri: uri(tsn) },
          position: { line: 1, character: 10 },
          context: { includeDeclaration },
        })
      )
        .map((l) => `${path.relative(example, new URL(l.uri).pathname)}:${l.range.start.line}:${l.range.start.character}`)
        .sort();
    // tsn.conf sets it; the tree defines it (line 7) and nothing else mentions it.
    assert.deepEqual(await refs(true), ['kata-containers/tools/packaging/kernel/configs/fragments/x86_64/tsn.conf:1:0', 'linux/net/sched/Kconfig:7:7'], client.context());
    assert.deepEqual(await refs(false), ['kata-containers/tools/packaging/kernel/configs/fragments/x86_64/tsn.conf:1:0']);
  });

  it('completes symbol names and values in a fragment, ranked by the set', async () => {
    client = LspClient.spawn();
    const init = await client.initialize({ rootUri: uri(example), initializationOptions: { trusted: true }, settings });
    // The union of the services' trigger characters; each service is asked only on its own (Kconfig: '=').
    assert.deepEqual(init.capabilities.completionProvider?.triggerCharacters, ['"', '=', '[']);
    const text = fs.readFileSync(tsn, 'utf8') + 'CONFIG_NET_SCH_\nCONFIG_NET_SCHED=\n';
    await client.open(uri(tsn), 'kconfig-fragment', text);
    const lines = text.split('\n');
    type Item = { label: string; textEdit?: { newText: string; range: { start: { line: number; character: number } } }; preselect?: boolean };
    const complete = async (line: number, character: number) => {
      const r = await client.request<Item[] | { isIncomplete: boolean; items: Item[] }>('textDocument/completion', { textDocument: { uri: uri(tsn) }, position: { line, character } });
      return Array.isArray(r) ? r : r.items;
    };
    const names = await complete(lines.length - 3, 'CONFIG_NET_SCH_'.length);
    assert.deepEqual(names.map((i) => i.label), ['CONFIG_NET_SCH_ETF', 'CONFIG_NET_SCH_TAPRIO'], client.context());
    assert.equal(names[0].textEdit?.range.start.character, 0);
    const values = await complete(lines.length - 2, 'CONFIG_NET_SCHED='.length);
    assert.deepEqual(values.map((i) => i.label), ['y', 'n']);
    assert.equal(values.find((i) => i.preselect)?.label, 'n');
  });

  it('outlines a fragment by its comment headings', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: uri(example), initializationOptions: { trusted: true }, settings });
    await client.open(uri(tsn), 'kconfig-fragment', fs.readFileSync(tsn, 'utf8'));
    type Sym = { name: string; children?: Sym[] };
    const symbols = await client.request<Sym[]>('textDocument/documentSymbol', { textDocument: { uri: uri(tsn) } });
    assert.deepEqual(
      symbols.map((s) => `${s.name}: ${(s.children ?? []).map((c) => c.name).join(' ')}`),
      [
        'qdisc for tsn: CONFIG_NET_SCH_TAPRIO CONFIG_NET_SCH_ETF',
        'ptp: CONFIG_NET_PTP_CLASSIFY CONFIG_NETWORK_PHY_TIMESTAMPING CONFIG_PTP_1588_CLOCK',
        'vlan: CONFIG_VLAN_8021Q',
        'a later fragment changes its mind: CONFIG_LOG_BUF_SHIFT',
      ],
      client.context(),
    );
  });

  it('offers the missing dependencies as a quick fix, and applying it clears the loss', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: uri(example), initializationOptions: { trusted: true }, settings });
    const text = fs.readFileSync(tsn, 'utf8');
    await client.open(uri(tsn), 'kconfig-fragment', text);
    const diags = await client.waitForDiagnostics(uri(tsn), (d) => d.some((x) => x.code === 'kconfig-value-lost' && /TAPRIO/.test(x.message)), 20000);
    const lost = diags.find((x) => /TAPRIO/.test(x.message))!;
    type Action = { title: string; kind: string; isPreferred?: boolean; edit: { changes: Record<string, { range: { start: { line: number } }; newText: string }[]> } };
    const actions = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri: uri(tsn) }, range: lost.range, context: { diagnostics: [lost] } });
    const fix = actions.find((a) => /so that CONFIG_NET_SCH_TAPRIO=y survives/.test(a.title));
    assert.ok(fix, `no dependency fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(fix.kind, 'quickfix');
    const [edit] = fix.edit.changes[uri(tsn)];
    assert.equal(edit.newText, 'CONFIG_NET_SCHED=y\n');
    // Apply it as the editor would: the loss of TAPRIO (and of ETF, same dependency) goes away.
    const lines = text.split('\n');
    lines.splice(edit.range.start.line, 0, edit.newText.replace(/\n$/, ''));
    await client.change(uri(tsn), lines.join('\n'));
    const after = await client.waitForDiagnostics(uri(tsn), (d) => !d.some((x) => /TAPRIO/.test(x.message)), 20000);
    assert.ok(!after.some((x) => x.code === 'kconfig-value-lost' && /NET_SCH_/.test(x.message)));
  });

  it('rewrites =n as the is-not-set form and back', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: uri(example), initializationOptions: { trusted: true }, settings });
    const text = 'CONFIG_NET_SCHED=n\n# CONFIG_NET_SCH_ETF is not set\n';
    await client.open(uri(tsn), 'kconfig-fragment', text);
    type Action = { title: string; edit: { changes: Record<string, { newText: string }[]> } };
    const on = (line: number) =>
      client.request<Action[]>('textDocument/codeAction', {
        textDocument: { uri: uri(tsn) },
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        context: { diagnostics: [] },
      });
    const first = (await on(0)).find((a) => a.title.startsWith('Write as'));
    assert.equal(first?.edit.changes[uri(tsn)][0].newText, '# CONFIG_NET_SCHED is not set', client.context());
    const second = (await on(1)).find((a) => a.title.startsWith('Write as'));
    assert.equal(second?.edit.changes[uri(tsn)][0].newText, 'CONFIG_NET_SCH_ETF=n');
  });

  it('offers to accept a loss in the whitelist; applied, the loss no longer stops the build', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: uri(example), initializationOptions: { trusted: true }, settings });
    await client.open(uri(tsn), 'kconfig-fragment', fs.readFileSync(tsn, 'utf8'));
    const diags = await client.waitForDiagnostics(uri(tsn), (d) => d.some((x) => x.code === 'kconfig-value-lost' && /TAPRIO/.test(x.message)), 20000);
    const lost = diags.find((x) => /TAPRIO/.test(x.message))!;
    type Action = { title: string; edit: { changes: Record<string, { range: { start: { line: number; character: number } }; newText: string }[]> } };
    const actions = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri: uri(tsn) }, range: lost.range, context: { diagnostics: [lost] } });
    const accept = actions.find((a) => a.title.startsWith('Accept the loss'));
    const whitelist = path.join(fragments, 'whitelist.conf');
    assert.ok(accept, JSON.stringify(actions.map((a) => a.title)));
    const [edit] = accept.edit.changes[uri(whitelist)];
    assert.equal(edit.newText, 'CONFIG_NET_SCH_TAPRIO not in final\n');
    // The editor applies the edit to whitelist.conf (an open, unsaved buffer wins over the disk).
    const lines = fs.readFileSync(whitelist, 'utf8').split('\n');
    lines.splice(edit.range.start.line, 0, edit.newText.replace(/\n$/, ''));
    await client.open(uri(whitelist), 'kata-kernel-whitelist', lines.join('\n'));
    const after = await client.waitForDiagnostics(uri(tsn), (d) => d.some((x) => x.code === 'kconfig-value-lost-whitelisted' && /TAPRIO/.test(x.message)), 20000);
    assert.ok(!after.some((x) => x.code === 'kconfig-value-lost' && /TAPRIO/.test(x.message)));
  });

  it('flags symbols in a Kconfig file that nothing in the tree defines', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: uri(example), initializationOptions: { trusted: true }, settings });
    const sched = path.join(example, 'linux', 'net', 'sched', 'Kconfig');
    const text = fs.readFileSync(sched, 'utf8').replace('config NET_SCH_ETF\n', 'config NET_SCH_ETF\n\tdepends on NET_SCH_TAPRIO || NET_SCH_NOWHERE\n');
    await client.open(uri(sched), 'kconfig', text);
    const diags = await client.waitForDiagnostics(uri(sched), (d) => d.some((x) => x.code === 'kconfig-undefined-symbol'), 20000);
    const undefinedOnes = diags.filter((x) => x.code === 'kconfig-undefined-symbol');
    assert.equal(undefinedOnes.length, 1, client.context());
    assert.match(undefinedOnes[0].message, /^NET_SCH_NOWHERE is not defined/);
  });

  it("warns at a Kconfig file's select line when the fragment set makes conf force a symbol past its dependencies", async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: uri(example), initializationOptions: { trusted: true }, settings });
    const ptp = path.join(example, 'linux', 'drivers', 'ptp', 'Kconfig');
    // The Kconfig buffer (not saved) gives NET_PTP_CLASSIFY a dependency the fragments do not meet.
    const kconfig = fs.readFileSync(ptp, 'utf8').replace('config NET_PTP_CLASSIFY\n\tdef_bool n\n', 'config NET_PTP_CLASSIFY\n\tdef_bool n\n\tdepends on VLAN_8021Q\n');
    assert.notEqual(kconfig, fs.readFileSync(ptp, 'utf8'));
    await client.open(uri(ptp), 'kconfig', kconfig);
    await client.waitForVersion(uri(ptp), 1);
    // The fragment is opened after the Kconfig file: the Kconfig file is checked again with its values.
    await client.open(uri(tsn), 'kconfig-fragment', 'CONFIG_NET=y\nCONFIG_PTP_1588_CLOCK=y\n');
    const diags = await client.waitForDiagnostics(uri(ptp), (d) => d.some((x) => x.code === 'kconfig-select-unmet-dependency'), 20000);
    const unmet = diags.filter((x) => x.code === 'kconfig-select-unmet-dependency');
    assert.equal(unmet.length, 1, client.context());
    const line = kconfig.split('\n').findIndex((l) => /select NET_PTP_CLASSIFY/.test(l));
    assert.deepEqual(unmet[0].range, { start: { line, character: 1 }, end: { line, character: 1 + 'select NET_PTP_CLASSIFY'.length } });
    assert.match(unmet[0].message, /^PTP_1588_CLOCK is y with the fragment set checked last \(.*tsn\.conf\) and selects NET_PTP_CLASSIFY, whose dependencies are not met \(VLAN_8021Q\)/);
    // The fragment line that switches the selector on gets conf's warning too.
    const frag = await client.waitForDiagnostics(uri(tsn), (d) => d.some((x) => x.code === 'kconfig-select-unmet-dependency'), 20000);
    assert.equal(frag.find((x) => x.code === 'kconfig-select-unmet-dependency')?.range.start.line, 1);
    // Meeting the dependency in the fragment clears the Kconfig file's warning.
    await client.change(uri(tsn), 'CONFIG_NET=y\nCONFIG_PTP_1588_CLOCK=y\nCONFIG_VLAN_8021Q=y\n');
    await client.waitForDiagnostics(uri(ptp), (d) => !d.some((x) => x.code === 'kconfig-select-unmet-dependency'), 20000);
  });

  it('re-checks open fragments when a Kconfig file changes in the editor', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: uri(example), initializationOptions: { trusted: true }, settings });
    await client.open(uri(tsn), 'kconfig-fragment', 'CONFIG_NET=y\nCONFIG_NET_SCHED=y\nCONFIG_NET_SCH_TAPRIO=y\n');
    const before = await client.waitForVersion(uri(tsn), 1);
    assert.ok(!before.some((x) => x.code === 'kconfig-value-lost'), JSON.stringify(before));
    const sched = path.join(example, 'linux', 'net', 'sched', 'Kconfig');
    const text = fs.readFileSync(sched, 'utf8').replace('config NET_SCH_TAPRIO\n', 'config NET_SCH_TAPRIO\n\tdepends on VLAN_8021Q\n');
    await client.open(uri(sched), 'kconfig', text);
    const after = await client.waitForDiagnostics(uri(tsn), (d) => d.some((x) => x.code === 'kconfig-value-lost'), 20000);
    assert.match(after.find((x) => x.code === 'kconfig-value-lost')!.message, /^CONFIG_NET_SCH_TAPRIO=y .*VLAN_8021Q/, client.context());
    // Closing the unsaved buffer puts the disk's Kconfig back, and the loss goes away again.
    await client.close(uri(sched));
    await client.waitForDiagnostics(uri(tsn), (d) => !d.some((x) => x.code === 'kconfig-value-lost'), 20000);
  });

  it("in a multi-root workspace, a fragment is checked against the kernel tree of its own folder", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-multiroot-'));
    try {
      // Two folders, each a kernel tree; in B's, NET_SCH_TAPRIO is called NET_SCH_TAPRIO2.
      const a = path.join(tmp, 'a');
      const b = path.join(tmp, 'b');
      fs.cpSync(path.join(example, 'linux'), a, { recursive: true });
      fs.cpSync(path.join(example, 'linux'), b, { recursive: true });
      const sched = path.join(b, 'net', 'sched', 'Kconfig');
      fs.writeFileSync(sched, fs.readFileSync(sched, 'utf8').replace('config NET_SCH_TAPRIO\n', 'config NET_SCH_TAPRIO2\n'));
      client = LspClient.spawn();
      await client.initialize({
        workspaceFolders: [{ uri: uri(a), name: 'a' }, { uri: uri(b), name: 'b' }],
        initializationOptions: { trusted: true },
        settings: { kataToolkit: { arch: 'x86_64' } },
      });
      const text = 'CONFIG_NET=y\nCONFIG_NET_SCHED=y\nCONFIG_NET_SCH_TAPRIO=y\n';
      for (const folder of [b, a]) await client.open(uri(path.join(folder, 'guest.conf')), 'kconfig-fragment', text);
      const inB = await client.waitForVersion(uri(path.join(b, 'guest.conf')), 1);
      const inA = await client.waitForVersion(uri(path.join(a, 'guest.conf')), 1);
      assert.deepEqual(inB.map((d) => d.code), ['kconfig-unknown-symbol'], client.context());
      assert.match(inB[0].message, /Did you mean CONFIG_NET_SCH_TAPRIO2\?/);
      assert.deepEqual(inA.map((d) => d.code), []);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('finds symbols of the tree by name from anywhere in the workspace', async () => {
    client = LspClient.spawn();
    const init = await client.initialize({ rootUri: uri(example), initializationOptions: { trusted: true }, settings });
    assert.equal(init.capabilities.workspaceSymbolProvider, true);
    type Info = { name: string; containerName?: string; location: { uri: string; range: { start: { line: number; character: number } } } };
    const found = await client.request<Info[]>('workspace/symbol', { query: 'sch_' });
    assert.deepEqual(
      found.map((i) => [i.name, path.relative(example, new URL(i.location.uri).pathname), i.location.range.start.line, i.location.range.start.character]).sort(),
      [
        // NET_SCHED has no 'SCH_' in its name.
        ['CONFIG_NET_SCH_ETF', 'linux/net/sched/Kconfig', 12, 7],
        ['CONFIG_NET_SCH_TAPRIO', 'linux/net/sched/Kconfig', 7, 7],
      ],
      client.context(),
    );
    assert.match(found.find((i) => i.name === 'CONFIG_NET_SCH_TAPRIO')!.containerName!, /^tristate · Time Aware/);
  });

  it("reports what build-kernel.sh makes of the set itself, as check --kata-dir does: a GPU fragment that is not there", async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: uri(example), initializationOptions: { trusted: true }, settings: { kataToolkit: { ...settings.kataToolkit, kernel: { gpuVendor: 'intel' } } } });
    await client.open(uri(tsn), 'kconfig-fragment', fs.readFileSync(tsn, 'utf8'));
    const diags = await client.waitForVersion(uri(tsn), 1, 20000);
    const missing = diags.find((d) => d.code === 'kata-fragment-missing-file');
    assert.ok(missing, client.context());
    // The file does not exist, so the problem sits on the first line of the fragment checked, naming the file.
    assert.equal(missing.range.start.line, 0);
    assert.match(missing.message, /-g intel on x86_64 merges gpu\/intel\.x86_64\.conf\.in, which does not exist/);
  });
});
