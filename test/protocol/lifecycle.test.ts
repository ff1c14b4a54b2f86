// The server's life over the protocol: the real process (dist/server.js) for lifecycle, robustness, settings and
// trust; an in-process server with test services for the diagnostics pipeline (debounce, cancellation, files).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Hover, InitializeResult, MarkupContent } from 'vscode-languageserver-protocol';
import type { Problem } from '../../server/src/common/problem';
import { lineSpan } from '../../server/src/common/span';
import type { ServerDescription, StatusParams } from '../../server/src/protocol';
import type { AnalysisContext, DocumentSnapshot, LanguageService } from '../../server/src/services';
import { hostArch } from '../../server/src/settings';
import { LspClient, sleep } from './harness';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-toolkit-lsp-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function folder(name: string): { path: string; uri: string } {
  const p = path.join(tmp, name);
  fs.mkdirSync(p, { recursive: true });
  return { path: p, uri: pathToFileURL(p).href };
}

function file(dir: string, name: string, text = ''): { path: string; uri: string } {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return { path: p, uri: pathToFileURL(p).href };
}

/** Bytes 0..255 in a fixed pseudo-random order, NULs and a lone surrogate included: what a binary file looks like. */
function garbage(length: number): string {
  let seed = 12345;
  let s = '';
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    s += String.fromCharCode(seed % 256);
  }
  return s + '\u0000\ud800\r\r\n\u2028';
}

describe('the server process (dist/server.js --stdio)', () => {
  let client: LspClient;
  afterEach(() => client?.dispose());

  it('initialize advertises incremental sync, workspace folders, and only the features services implement', async () => {
    const ws = folder('caps');
    client = LspClient.spawn();
    const result = await client.initialize({ rootUri: ws.uri, initializationOptions: { trusted: false } });
    const caps = result.capabilities;
    assert.equal(result.serverInfo?.name, 'kata-toolkit');
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    assert.deepEqual(caps.workspace?.workspaceFolders, { supported: true, changeNotifications: true });

    const state = await client.request<ServerDescription>('kataToolkit/describe', {});
    if (state.services.length === 0) {
      for (const key of ['hoverProvider', 'completionProvider', 'definitionProvider', 'referencesProvider', 'codeActionProvider', 'documentSymbolProvider'] as const) {
        assert.equal(caps[key], undefined, `${key} is advertised but no service implements it`);
      }
    }

    // Whatever is advertised must answer, even on an empty document.
    const doc = file(ws.path, 'empty.config');
    await client.open(doc.uri, 'kconfig-fragment', '');
    const at = { textDocument: { uri: doc.uri }, position: { line: 0, character: 0 } };
    const range = { start: at.position, end: at.position };
    if (caps.hoverProvider) await client.request('textDocument/hover', at);
    if (caps.completionProvider) await client.request('textDocument/completion', at);
    if (caps.definitionProvider) await client.request('textDocument/definition', at);
    if (caps.referencesProvider) await client.request('textDocument/references', { ...at, context: { includeDeclaration: true } });
    if (caps.documentSymbolProvider) await client.request('textDocument/documentSymbol', { textDocument: at.textDocument });
    if (caps.codeActionProvider) {
      await client.request('textDocument/codeAction', { textDocument: at.textDocument, range, context: { diagnostics: [] } });
    }
  });

  it('shutdown then exit ends the process with code 0', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: folder('shutdown').uri });
    assert.equal(await client.shutdown(), 0, client.context());
  });

  it('exit without shutdown ends the process with code 1, as the protocol asks', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: folder('exit').uri });
    await client.notify('exit');
    assert.equal(await client.exited, 1, client.context());
  });

  it('documents of unknown kinds, binary garbage and malformed messages do not crash it', async () => {
    const ws = folder('garbage');
    client = LspClient.spawn();
    const { capabilities: caps } = await client.initialize({ rootUri: ws.uri, initializationOptions: { trusted: true } });

    const binary = file(ws.path, 'blob.config', garbage(64 * 1024));
    const docs: [string, string, string][] = [
      [binary.uri, 'kconfig-fragment', garbage(64 * 1024)],
      [file(ws.path, 'Kconfig').uri, 'kconfig', garbage(4096) + '\nconfig\n\tbool "\n\tdepends on ((((\nif\nmenu'],
      [file(ws.path, 'notes.txt').uri, 'plaintext', 'nothing to see'],
      [file(ws.path, 'configuration.toml').uri, 'kata-toml', garbage(2048) + '\n[hypervisor.qemu\npath = "'],
      [file(ws.path, 'ptp4l.cfg').uri, 'ptp4l', garbage(2048) + '\n[global\nlogging_level'],
      [file(ws.path, 'long.config').uri, 'kconfig-fragment', 'CONFIG_' + 'X'.repeat(200_000) + '=y'],
      ['untitled:Untitled-1', 'kconfig-fragment', 'CONFIG_FOO=\nCONFIG_=y\n# CONFIG_BAR is not'],
      [`git:${binary.path}?${encodeURIComponent('{"path":"x","ref":"HEAD"}')}`, 'kconfig-fragment', 'CONFIG_GIT=y'],
      ['weird-scheme://host/a%20b?c#d', 'kconfig', garbage(100)],
    ];
    for (const [uri, languageId, text] of docs) await client.open(uri, languageId, text);

    // Edits that make no sense: ranges far past the end, reversed ranges, changes to documents never opened.
    await client.edit(binary.uri, { start: { line: 1_000_000, character: 5 }, end: { line: 2, character: 0 } }, '\u0000');
    await client.edit(docs[1][0], { start: { line: -1, character: -1 }, end: { line: 0, character: 99 } }, 'x');
    await client.change('file:///never/opened.config', 'CONFIG_X=y');
    await client.close('file:///never/opened/either.config');
    // Messages that do not follow the protocol's shapes at all.
    await client.notify('textDocument/didOpen', {});
    await client.notify('textDocument/didChange', { textDocument: null, contentChanges: 'no' });
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: 42, type: 'x' }] });
    await client.notify('workspace/didChangeConfiguration', null);
    await client.notify('kataToolkit/setTrust', null);
    await client.notify('kataToolkit/noSuchNotification', { a: 1 });
    await assert.rejects(client.request('kataToolkit/noSuchRequest', {}), /Unhandled method|not found/i);

    // Let debounced analyses of everything above run.
    await sleep(600);
    for (const [uri] of docs) {
      const at = { textDocument: { uri }, position: { line: 0, character: 3 } };
      if (caps.hoverProvider) await client.request('textDocument/hover', at);
      if (caps.completionProvider) await client.request('textDocument/completion', at);
      if (caps.documentSymbolProvider) await client.request('textDocument/documentSymbol', { textDocument: at.textDocument });
    }

    const state = await client.request<ServerDescription>('kataToolkit/describe', {});
    for (const [uri] of docs) assert.ok(state.openDocuments.includes(uri), `${uri} should still be open`);
    assert.equal(await Promise.race([client.exited, sleep(50).then(() => 'alive')]), 'alive', client.context());
    assert.doesNotMatch(client.stderr, /uncaught|unhandled/i);
    assert.equal(await client.shutdown(), 0, client.context());
  });

  it('reads settings per folder, re-reads them on didChangeConfiguration, and replaces bad values by defaults', async () => {
    const ws = folder('settings');
    client = LspClient.spawn();
    await client.initialize({
      rootUri: ws.uri,
      settings: { kataToolkit: { arch: 'arm64', kernel: { gpuVendor: 'nvidia' }, kconfig: { shell: 'never' } } },
    });
    let state = await client.request<ServerDescription>('kataToolkit/describe', {});
    assert.equal(state.settings.arch, 'arm64');
    assert.equal(state.settings.kernel.gpuVendor, 'nvidia');
    assert.equal(state.settings.kconfig.shell, 'never');
    assert.ok(
      client.configurationRequests.some((r) => r.section === 'kataToolkit' && r.scopeUri === ws.uri),
      'settings should be pulled for the workspace folder',
    );
    await client.waitForRegistration('workspace/didChangeConfiguration');

    // Flat dotted keys, as editors other than VS Code send them, count too.
    await client.changeSettings({ kataToolkit: { arch: 's390x', 'kernel.debug': true, kernelTree: '~/linux' } });
    state = await client.request<ServerDescription>('kataToolkit/describe', {});
    assert.equal(state.settings.arch, 's390x');
    assert.equal(state.settings.kernel.debug, true);
    assert.equal(state.settings.kernel.gpuVendor, undefined);
    assert.equal(state.settings.kernelTree, path.join(os.homedir(), 'linux'));

    await client.changeSettings({ kataToolkit: { arch: 'sparc', kernel: { debug: 'yes' }, cacheDirectory: 7 } });
    state = await client.request<ServerDescription>('kataToolkit/describe', {});
    assert.equal(state.settings.arch, hostArch());
    assert.equal(state.settings.kernel.debug, false);
    assert.ok(path.isAbsolute(state.settings.cacheDirectory));
    await client.waitForLog(/kataToolkit\.arch should be one of/);
    await client.waitForLog(/kataToolkit\.kernel\.debug should be true or false/);
    await client.waitForLog(/kataToolkit\.cacheDirectory should be a string/);
    assert.equal(await client.shutdown(), 0, client.context());
  });

  it('keeps settings apart per workspace folder, including folders added later', async () => {
    const one = folder('multi-one');
    const two = folder('multi-two');
    const three = folder('multi-three');
    const archOf: Record<string, string> = { [one.uri]: 'arm64', [two.uri]: 'ppc64le', [three.uri]: 'riscv64' };
    client = LspClient.spawn();
    await client.initialize({
      workspaceFolders: [
        { uri: one.uri, name: 'one' },
        { uri: two.uri, name: 'two' },
      ],
      settings: (scopeUri) => ({ kataToolkit: { arch: (scopeUri && archOf[scopeUri]) || 'x86_64' } }),
    });
    const archFor = async (uri: string): Promise<string> =>
      (await client.request<ServerDescription>('kataToolkit/describe', { uri })).settings.arch;
    assert.equal(await archFor(pathToFileURL(path.join(one.path, 'a.config')).href), 'arm64');
    assert.equal(await archFor(pathToFileURL(path.join(two.path, 'sub', 'b.config')).href), 'ppc64le');

    await client.notify('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: three.uri, name: 'three' }], removed: [{ uri: one.uri, name: 'one' }] },
    });
    const state = await client.request<ServerDescription>('kataToolkit/describe', {});
    assert.deepEqual(state.workspaceFolders, [two.path, three.path]);
    assert.equal(await archFor(pathToFileURL(path.join(three.path, 'c.config')).href), 'riscv64');
  });

  it('takes trust from initializationOptions and kataToolkit/setTrust, untrusted when not told', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: folder('trust').uri });
    assert.equal((await client.request<ServerDescription>('kataToolkit/describe', {})).trusted, false);
    await client.notify('kataToolkit/setTrust', { trusted: true });
    assert.equal((await client.request<ServerDescription>('kataToolkit/describe', {})).trusted, true);
    client.dispose();

    client = LspClient.spawn();
    await client.initialize({ rootUri: folder('trust2').uri, initializationOptions: { trusted: true } });
    assert.equal((await client.request<ServerDescription>('kataToolkit/describe', {})).trusted, true);
  });

  it('reports the architecture in kataToolkit/status and follows setting changes', async () => {
    client = LspClient.spawn();
    await client.initialize({ rootUri: folder('status').uri, settings: { kataToolkit: { arch: 'arm64' } } });
    const first = await client.waitForNotification<StatusParams>('kataToolkit/status');
    assert.equal(first.arch, 'arm64');
    assert.equal(first.loading, false);
    await client.changeSettings({ kataToolkit: { arch: 'riscv64' } });
    await client.waitForNotification<StatusParams>('kataToolkit/status', (s) => s.arch === 'riscv64');
  });
});

// ---------------------------------------------------------------------------------------------------------------

interface Call {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly trusted: boolean;
  readonly arch: string;
  cancelledAtEnd?: boolean;
}

type Analyze = (doc: DocumentSnapshot, ctx: AnalysisContext) => Promise<Map<string, Problem[]>> | Map<string, Problem[]>;

/** A test service that records every analysis it runs. */
function recordingService(
  name: string,
  analyze: Analyze,
  extra: Partial<Omit<LanguageService, 'name' | 'analyze'>> = {},
): LanguageService & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    name,
    calls,
    handles: (doc) => doc.languageId === 'kconfig-fragment',
    ...extra,
    async analyze(doc, ctx) {
      const call: Call = { uri: doc.uri, version: doc.version, text: doc.text, trusted: ctx.trusted, arch: ctx.settings.arch };
      calls.push(call);
      const result = await analyze(doc, ctx);
      call.cancelledAtEnd = ctx.isCancelled();
      return result;
    },
  };
}

function problemAt(file: string, message: string, extra: Partial<Problem> = {}): Problem {
  return { code: 'test-problem', severity: 'warning', message, file, span: lineSpan(0, 0, 3), ...extra };
}

describe('the diagnostics pipeline (in-process server with test services)', () => {
  let client: LspClient;
  afterEach(() => client?.dispose());

  async function start(services: LanguageService[], settings = {}, trusted = false): Promise<InitializeResult> {
    client = LspClient.inProcess(services, { debounceMs: 40, loadingIndicatorDelayMs: 10 });
    return client.initialize({ rootUri: folder('pipeline').uri, initializationOptions: { trusted }, settings });
  }

  it('debounces: a burst of edits is analyzed once, with the final text', async () => {
    const service = recordingService('echo', (doc) => new Map([[doc.path!, [problemAt(doc.path!, `text=${doc.text}`)]]]));
    await start([service]);
    const a = file(folder('debounce').path, 'a.config');
    await client.open(a.uri, 'kconfig-fragment', '0');
    await client.waitForDiagnostics(a.uri, (d) => d[0]?.message === 'text=0');
    for (let i = 1; i <= 9; i++) await client.change(a.uri, String(i));
    const diags = await client.waitForDiagnostics(a.uri, (d) => d[0]?.message !== 'text=0');
    assert.equal(diags[0].message, 'text=9');
    await sleep(150);
    assert.deepEqual(service.calls.map((c) => c.text), ['0', '9']);
  });

  it('analyzes an opened document at once: only edits wait for the debounce', async () => {
    const service = recordingService('echo', (doc) => new Map([[doc.path!, [problemAt(doc.path!, `text=${doc.text}`)]]]));
    client = LspClient.inProcess([service], { debounceMs: 60000 });
    await client.initialize({ rootUri: folder('pipeline').uri, initializationOptions: { trusted: false } });
    const a = file(folder('open-now').path, 'a.config');
    await client.open(a.uri, 'kconfig-fragment', 'opened');
    assert.equal((await client.waitForDiagnostics(a.uri, () => true, 3000))[0].message, 'text=opened');
    await client.change(a.uri, 'edited');
    await sleep(200);
    assert.deepEqual(service.calls.map((c) => c.text), ['opened'], 'an edit must wait for the debounce');
  });

  it('cancels stale work: a newer edit cancels the running analysis and its result is never published', async () => {
    const service = recordingService('slow', async (doc) => {
      await sleep(150);
      return new Map([[doc.path!, [problemAt(doc.path!, `v${doc.version}`)]]]);
    });
    await start([service]);
    const a = file(folder('cancel').path, 'a.config');
    await client.open(a.uri, 'kconfig-fragment', 'first');
    while (service.calls.length === 0) await sleep(5);
    await client.change(a.uri, 'second');
    await client.waitForDiagnostics(a.uri, (d) => d[0]?.message === 'v2');
    const stale = client.published.filter((p) => p.diagnostics.some((d) => d.message === 'v1'));
    assert.deepEqual(stale, [], 'the result of the cancelled analysis was published');
    assert.equal(service.calls[0].cancelledAtEnd, true, 'the first analysis should have seen isCancelled() become true');
  });

  it('an analysis that throws replaces the old problems with one error saying so, and the next good one clears it', async () => {
    const recurse = (n: number): number => (n === 0 ? 0 : 1 + recurse(n - 1));
    const service = recordingService(
      'moody',
      (doc) => {
        if (doc.text === 'throw') throw new Error('no such thing');
        if (doc.text === 'deep') return new Map([[doc.path!, [problemAt(doc.path!, `depth ${recurse(1e7)}`)]]]);
        return new Map([[doc.path!, [problemAt(doc.path!, `text=${doc.text}`)]]]);
      },
      { failureCode: 'moody-internal-error' },
    );
    await start([service]);
    const a = file(folder('failing').path, 'a.config');
    await client.open(a.uri, 'kconfig-fragment', 'fine');
    await client.waitForDiagnostics(a.uri, (d) => d[0]?.message === 'text=fine');
    await client.change(a.uri, 'throw');
    const failed = await client.waitForDiagnostics(a.uri, (d) => d[0]?.message !== 'text=fine');
    assert.deepEqual(
      failed.map((d) => [d.code, d.severity, d.range.start.line]),
      [['moody-internal-error', 1, 0]],
    );
    assert.match(failed[0].message, /could not be checked: the checker failed \(no such thing\); this is a bug/);
    await client.change(a.uri, 'deep');
    const deep = await client.waitForDiagnostics(a.uri, (d) => /nests deeper/.test(d[0]?.message ?? ''));
    assert.equal(deep.length, 1);
    await client.change(a.uri, 'fine again');
    await client.waitForDiagnostics(a.uri, (d) => d.length === 1 && d[0].message === 'text=fine again');
  });

  it('publishes problems for other files, converts them, and clears files that no longer have any', async () => {
    const dir = folder('cross').path;
    const a = file(dir, 'a.config');
    const b = file(dir, 'b.config', 'CONFIG_B=y\n');
    const service = recordingService('sets', (doc) => {
      const result = new Map<string, Problem[]>([[doc.path!, []]]);
      if (doc.text.includes('B')) {
        result.set(doc.path!, [
          problemAt(doc.path!, 'overridden later', {
            severity: 'error',
            related: [{ location: { file: b.path, span: lineSpan(0, 0, 10) }, message: 'by this line' }],
          }),
        ]);
        result.set(b.path, [problemAt(b.path, 'overrides a.config', { severity: 'information', uncertain: true })]);
      }
      return result;
    });
    await start([service]);
    await client.open(a.uri, 'kconfig-fragment', 'CONFIG_B=n');

    const [onA] = await client.waitForDiagnostics(a.uri, (d) => d.length === 1);
    assert.equal(onA.source, 'kata-toolkit');
    assert.equal(onA.code, 'test-problem');
    assert.equal(onA.severity, 1);
    assert.deepEqual(onA.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } });
    assert.equal(onA.relatedInformation?.[0].location.uri, b.uri);
    assert.equal(onA.relatedInformation?.[0].message, 'by this line');
    const [onB] = await client.waitForDiagnostics(b.uri, (d) => d.length === 1);
    assert.equal(onB.severity, 3);
    assert.match(onB.message, /^overrides a\.config \(uncertain/);

    await client.change(a.uri, 'CONFIG_A=n');
    await client.waitForDiagnostics(b.uri, (d) => d.length === 0);
    await client.waitForDiagnostics(a.uri, (d) => d.length === 0);

    await client.change(a.uri, 'CONFIG_B=n');
    await client.waitForDiagnostics(b.uri, (d) => d.length === 1);
    await client.close(a.uri);
    await client.waitForDiagnostics(a.uri, (d) => d.length === 0);
    await client.waitForDiagnostics(b.uri, (d) => d.length === 0);
  });

  it('re-runs documents whose dependencies change in the editor or on disk', async () => {
    const dir = folder('deps').path;
    const c = file(dir, 'c.config');
    const d = file(dir, 'd.config', 'disk d');
    const e = file(dir, 'e.config', 'disk e 1');
    const setDir = folder('deps/set').path;
    const changedOnDisk: string[][] = [];
    const service = recordingService(
      'deps',
      (doc, ctx) => {
        const set = ctx.files.list(setDir)?.length;
        return new Map([[doc.path!, [problemAt(doc.path!, `d=${ctx.files.read(d.path)} e=${ctx.files.read(e.path)} set=${set}`)]]]);
      },
      {
        handles: (doc) => doc.path === c.path,
        dependencies: () => [d.path, e.path, setDir],
        watchPatterns: ['**/*.config'],
        filesChanged: (paths) => changedOnDisk.push([...paths]),
      },
    );
    await start([service]);
    const watch = await client.waitForRegistration('workspace/didChangeWatchedFiles');
    assert.deepEqual(watch.registerOptions, { watchers: [{ globPattern: '**/*.config' }] });

    await client.open(c.uri, 'kconfig-fragment', '');
    await client.waitForDiagnostics(c.uri, (x) => x[0]?.message === 'd=disk d e=disk e 1 set=0');

    // An open document wins over the disk, and editing it re-runs its dependents.
    await client.open(d.uri, 'plaintext', 'editor d');
    await client.waitForDiagnostics(c.uri, (x) => x[0]?.message === 'd=editor d e=disk e 1 set=0');
    await client.change(d.uri, 'editor d 2');
    await client.waitForDiagnostics(c.uri, (x) => x[0]?.message === 'd=editor d 2 e=disk e 1 set=0');
    // Closing discards unsaved text: dependents see the disk again.
    await client.close(d.uri);
    await client.waitForDiagnostics(c.uri, (x) => x[0]?.message === 'd=disk d e=disk e 1 set=0');

    fs.writeFileSync(e.path, 'disk e 2');
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: e.uri, type: 2 }] });
    await client.waitForDiagnostics(c.uri, (x) => x[0]?.message === 'd=disk d e=disk e 2 set=0');

    // A dependency on a directory covers files created in it later.
    const added = file(setDir, 'new.conf', 'CONFIG_NEW=y');
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: added.uri, type: 1 }] });
    await client.waitForDiagnostics(c.uri, (x) => x[0]?.message === 'd=disk d e=disk e 2 set=1');
    assert.deepEqual(changedOnDisk, [[e.path], [added.path]]);
  });

  it('survives a service that throws, and keeps publishing for the others', async () => {
    const healthy = recordingService('healthy', (doc) => new Map([[doc.path!, [problemAt(doc.path!, 'fine')]]]));
    const broken: LanguageService = {
      name: 'broken',
      handles: (doc) => {
        if (doc.uri.includes('boom-handles')) throw new Error('handles exploded');
        return true;
      },
      analyze: async () => {
        throw new Error('analyze exploded');
      },
      hover: async () => {
        throw new Error('hover exploded');
      },
    };
    await start([broken, healthy]);
    const dir = folder('throws').path;
    const one = file(dir, 'boom-handles.config');
    const two = file(dir, 'boom-analyze.config');
    await client.open(one.uri, 'kconfig-fragment', 'x');
    await client.open(two.uri, 'kconfig-fragment', 'y');
    await client.waitForDiagnostics(one.uri, (d) => d[0]?.message === 'fine');
    // The broken service's failure is said on the document, beside what the healthy one found.
    const both = await client.waitForDiagnostics(two.uri, (d) => d.length === 2);
    assert.deepEqual(both.map((d) => d.code).sort(), ['internal-error', 'test-problem']);
    assert.match(both.find((d) => d.code === 'internal-error')!.message, /analyze exploded/);
    await client.waitForLog(/handles exploded/);
    await client.waitForLog(/analyze exploded/);
    const hover = await client.request('textDocument/hover', { textDocument: { uri: two.uri }, position: { line: 0, character: 0 } });
    assert.equal(hover, null);
    await client.waitForLog(/hover exploded/);
    assert.deepEqual((await client.request<ServerDescription>('kataToolkit/describe', {})).services, ['broken', 'healthy']);
  });

  it('advertises exactly the features services implement, and serves hover and quick fixes', async () => {
    const dir = folder('features').path;
    const a = file(dir, 'a.config');
    const service = recordingService(
      'features',
      (doc) =>
        new Map([
          [
            doc.path!,
            [
              problemAt(doc.path!, 'misspelled', {
                fixes: [
                  { title: 'Write CONFIG_FOO', preferred: true, edits: [{ file: doc.path!, span: lineSpan(0, 0, 3), newText: 'CONFIG_FOO' }] },
                ],
              }),
            ],
          ],
        ]),
      { hover: async (_doc, pos) => ({ markdown: `**line ${pos.line}**`, span: lineSpan(pos.line, 0, 2) }) },
    );
    const { capabilities: caps } = await start([service]);
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix'] });
    assert.equal(caps.completionProvider, undefined);
    assert.equal(caps.definitionProvider, undefined);
    assert.equal(caps.referencesProvider, undefined);
    assert.equal(caps.documentSymbolProvider, undefined);

    await client.open(a.uri, 'kconfig-fragment', 'FOO=y');
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: a.uri }, position: { line: 0, character: 1 } });
    assert.deepEqual(hover.contents as MarkupContent, { kind: 'markdown', value: '**line 0**' });
    assert.deepEqual(hover.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } });

    const diagnostics = await client.waitForDiagnostics(a.uri, (d) => d.length === 1);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: a.uri },
      range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } },
      context: { diagnostics },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].title, 'Write CONFIG_FOO');
    assert.equal(actions[0].kind, 'quickfix');
    assert.equal(actions[0].isPreferred, true);
    assert.deepEqual(actions[0].diagnostics, diagnostics);
    assert.deepEqual(actions[0].edit?.changes?.[a.uri], [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, newText: 'CONFIG_FOO' },
    ]);
    const elsewhere = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: a.uri },
      range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(elsewhere, []);
  });

  it('maps positions between the engines\' lines (\\n only) and the editor\'s (also a lone \\r) (found by the fuzz suite, FUZZ_SEED=1)', async () => {
    // An engine reads 'A=1\\rB=2\\nC=3' as two lines, as ptp4l and conf do; the editor shows three. Before the
    // mapping, a problem on the engine's line 1 showed on the editor's line 1 (B=2) and ran past its end.
    const dir = folder('lone-cr').path;
    const a = file(dir, 'a.config');
    const seen: { line: number; column: number }[] = [];
    const service = recordingService(
      'lines',
      (doc) =>
        new Map([
          [
            doc.path!,
            [
              problemAt(doc.path!, 'on C', { span: lineSpan(1, 0, 3), fixes: [{ title: 'Write D', edits: [{ file: doc.path!, span: lineSpan(1, 0, 1), newText: 'D' }] }] }),
              problemAt(doc.path!, 'on B', { span: lineSpan(0, 4, 3) }),
            ],
          ],
        ]),
      {
        hover: async (_doc, pos) => {
          seen.push(pos);
          return { markdown: 'here', span: lineSpan(pos.line, pos.column, 1) };
        },
      },
    );
    await start([service]);
    await client.open(a.uri, 'kconfig-fragment', 'A=1\rB=2\nC=3');
    const diagnostics = await client.waitForDiagnostics(a.uri, (d) => d.length === 2);
    assert.deepEqual(
      diagnostics.map((d) => [d.message, d.range]),
      [
        ['on B', { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }],
        ['on C', { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } }],
      ],
    );
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: a.uri }, position: { line: 1, character: 1 } });
    assert.deepEqual(seen, [{ line: 0, column: 5 }]);
    assert.deepEqual(hover.range, { start: { line: 1, character: 1 }, end: { line: 1, character: 2 } });
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: a.uri },
      range: { start: { line: 2, character: 1 }, end: { line: 2, character: 1 } },
      context: { diagnostics: [diagnostics[1]] },
    });
    assert.deepEqual(actions[0].edit?.changes?.[a.uri], [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } }, newText: 'D' }]);
    assert.deepEqual(actions[0].diagnostics, [diagnostics[1]]);
  });

  it('gives engines the current trust and settings, and re-analyzes when either changes', async () => {
    const service = recordingService('context', () => new Map());
    await start([service], { kataToolkit: { arch: 'arm64' } }, false);
    const a = file(folder('context').path, 'a.config');
    await client.open(a.uri, 'kconfig-fragment', '');
    while (service.calls.length < 1) await sleep(5);
    assert.deepEqual([service.calls[0].trusted, service.calls[0].arch], [false, 'arm64']);

    await client.notify('kataToolkit/setTrust', { trusted: true });
    while (service.calls.length < 2) await sleep(5);
    assert.deepEqual([service.calls[1].trusted, service.calls[1].arch], [true, 'arm64']);

    await client.changeSettings({ kataToolkit: { arch: 'riscv64' } });
    while (service.calls.length < 3) await sleep(5);
    assert.deepEqual([service.calls[2].trusted, service.calls[2].arch], [true, 'riscv64']);
  });
});
