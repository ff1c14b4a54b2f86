// A workspace for the server-level fuzz tests: a copy of the example Kata workspace (a small kernel tree and
// a Kata fragment set), a Kata configuration.toml and a ptp4l node file with its switch file and start script,
// in a temporary folder; the built server started on it; the documents of the four kinds it serves.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ResponseError } from 'vscode-jsonrpc';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from '../protocol/harness';
import { repoRoot, seedDocuments, type Language } from './generators';

export interface FuzzDocument {
  readonly lang: Language;
  readonly languageId: string;
  readonly path: string;
  readonly uri: string;
}

export interface FuzzWorkspace {
  readonly dir: string;
  readonly docs: readonly FuzzDocument[];
  readonly settings: Record<string, unknown>;
  remove(): void;
}

/** Lays out the workspace in a new temporary folder. */
export function makeWorkspace(prefix: string): FuzzWorkspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const example = path.join(dir, 'kata-workspace');
  fs.cpSync(path.join(repoRoot, 'examples', 'kata-workspace'), example, { recursive: true });
  const fragments = path.join(example, 'kata-containers', 'tools', 'packaging', 'kernel', 'configs', 'fragments');
  const kata = path.join(dir, 'etc', 'kata-containers', 'configuration.toml');
  fs.mkdirSync(path.dirname(kata), { recursive: true });
  // The longest of the realistic documents: a shipped template's values, linuxptp's defaults.
  const longest = (docs: readonly string[]) => docs.reduce((a, b) => (b.length > a.length ? b : a));
  fs.writeFileSync(kata, longest(seedDocuments().toml));
  const ptp = path.join(dir, 'ptp');
  fs.mkdirSync(ptp);
  fs.writeFileSync(path.join(ptp, 'ptp4l-node.cfg'), longest(seedDocuments().ptp4l));
  fs.writeFileSync(path.join(ptp, 'ptp4l-switch.cfg'), '[global]\npriority1 128\n[sw0]\n[sw1]\n');
  fs.writeFileSync(path.join(ptp, 'start.sh'), '#!/bin/sh\nptp4l -f ptp4l-node.cfg -i eth0 -m\n');
  const doc = (lang: Language, languageId: string, p: string): FuzzDocument => ({ lang, languageId, path: p, uri: pathToFileURL(p).href });
  return {
    dir,
    docs: [
      doc('fragment', 'kconfig-fragment', path.join(fragments, 'x86_64', 'tsn.conf')),
      doc('kconfig', 'kconfig', path.join(example, 'linux', 'net', 'sched', 'Kconfig')),
      doc('toml', 'kata-toml', kata),
      doc('ptp4l', 'ptp4l', path.join(ptp, 'ptp4l-node.cfg')),
    ],
    settings: { kataToolkit: { kernelTree: path.join(example, 'linux'), arch: 'x86_64', ptp4l: { version: '4.2' } } },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A running server: the client that drives it, and how its process ended (undefined while it runs). */
export interface FuzzServer {
  readonly client: LspClient;
  exitCode: number | null | undefined;
}

/** The built server on the workspace, not trusted: hostile Kconfig text must never run a `$(shell,...)`. */
export async function startServer(ws: FuzzWorkspace, nodeOptions: readonly string[] = []): Promise<FuzzServer> {
  const client = LspClient.spawn(['--stdio'], nodeOptions);
  const server: FuzzServer = { client, exitCode: undefined };
  void client.exited.then((code) => (server.exitCode = code));
  try {
    await client.initialize({ rootUri: pathToFileURL(ws.dir).href, initializationOptions: { trusted: false }, settings: ws.settings });
  } catch (e) {
    client.dispose();
    throw e;
  }
  return server;
}

/** Fails unless the server process is still running. */
export function assertAlive(server: FuzzServer, what: string): void {
  const { client } = server;
  assert.equal(server.exitCode, undefined, `the server exited (code ${server.exitCode}) ${what}${client.context()}`);
  assert.ok(client.pid !== undefined, 'the server has a process id');
  try {
    process.kill(client.pid, 0);
  } catch {
    assert.fail(`the server process ${client.pid} is gone ${what}${client.context()}`);
  }
}

/** Errors the server logged from its guards: each is an engine or handler that threw. */
export function loggedFailures(client: LspClient): string[] {
  return client.logs.filter((l) => l.type === 1).map((l) => l.message);
}

/**
 * Sends a request and resolves with its result, or with the error the server answered (a proper LSP error is
 * an answer); fails when there is no answer within `timeoutMs` or the connection breaks.
 */
export async function answer(client: LspClient, method: string, params: unknown, timeoutMs: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${method} within ${timeoutMs} ms (${JSON.stringify(params).slice(0, 300)})${client.context()}`)), timeoutMs);
  });
  try {
    return await Promise.race([client.connection.sendRequest(method, params), timeout]);
  } catch (err) {
    if (err instanceof ResponseError) return err;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** The document as the server holds it: the same text model, fed the same changes. */
export class TrackedText {
  doc: TextDocument;
  constructor(uri: string, languageId: string, text: string) {
    this.doc = TextDocument.create(uri, languageId, 1, text);
  }
  get text(): string {
    return this.doc.getText();
  }
  get version(): number {
    return this.doc.version;
  }
  edit(range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): void {
    this.doc = TextDocument.update(this.doc, [{ range, text }], this.doc.version + 1);
  }
  replace(text: string): void {
    this.doc = TextDocument.update(this.doc, [{ text }], this.doc.version + 1);
  }
}

/** Fails unless every diagnostic's range lies inside the document, as the protocol counts lines and characters. */
export function assertRangesInside(doc: TextDocument, diagnostics: readonly Diagnostic[], what: string): void {
  const lines = doc.lineCount;
  const lengthOf = (line: number) => doc.offsetAt({ line, character: Number.MAX_SAFE_INTEGER }) - doc.offsetAt({ line, character: 0 });
  for (const d of diagnostics) {
    for (const p of [d.range.start, d.range.end]) {
      const inside = Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lines && p.character >= 0 && p.character <= lengthOf(p.line);
      if (inside) continue;
      // Worded only on failure: the text may be 10 MB.
      const detail = `${lines} lines${p.line >= 0 && p.line < lines ? `, line ${p.line} has ${lengthOf(p.line)} characters` : ''}${/\r(?!\n)/.test(doc.getText()) ? '; the text has a \\r without \\n' : ''}`;
      assert.fail(`${what}: ${d.code} (${d.message.slice(0, 120)}) has range ${JSON.stringify(d.range)} outside the document (${detail})`);
    }
  }
}
