// A small LSP client for tests: drives the real server (dist/server.js --stdio) or one started in-process with
// test services, answers the requests a client must answer, and records everything the server sends.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  WorkspaceFolder,
} from 'vscode-languageserver-protocol';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer, type ServerOptions } from '../../server/src/server';
import type { LanguageService } from '../../server/src/services';

/** The repository root, from out/test/protocol/ where this file runs. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const serverScript = path.join(repoRoot, 'dist', 'server.js');

/** Settings as the editor holds them: `{ kataToolkit: { arch: 'arm64', kernel: { debug: true } } }`. */
export type SettingsObject = Record<string, unknown>;
/** Settings per scope: the folder (or document) URI the server asks about, undefined for the global scope. */
export type SettingsProvider = SettingsObject | ((scopeUri: string | undefined) => SettingsObject);

export interface LogEntry {
  readonly type: number;
  readonly message: string;
}

export interface InitializeOptions {
  readonly rootUri?: string | null;
  readonly workspaceFolders?: WorkspaceFolder[] | null;
  readonly initializationOptions?: unknown;
  readonly settings?: SettingsProvider;
  /** Replaces the default capabilities (a client that supports everything the server uses). */
  readonly capabilities?: ClientCapabilities;
}

export const fullClientCapabilities: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
  },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
  },
};

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export class LspClient {
  /** Every `textDocument/publishDiagnostics`, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** `window/logMessage` and `window/showMessage` from the server. */
  readonly logs: LogEntry[] = [];
  /** Every other notification from the server, in order. */
  readonly notifications: { readonly method: string; readonly params: unknown }[] = [];
  /** Every `workspace/configuration` item the server asked for. */
  readonly configurationRequests: { readonly scopeUri?: string; readonly section?: string }[] = [];
  /** Every `client/registerCapability` registration, by method. */
  readonly registrations: { readonly method: string; readonly registerOptions?: unknown }[] = [];
  stderr = '';
  settings: SettingsProvider = {};
  /** Process id of a spawned server (for memory readings); undefined in-process. */
  pid: number | undefined;

  private readonly versions = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private disposed = false;

  private constructor(
    readonly connection: MessageConnection,
    /** Resolves with the exit code of a spawned server; never for an in-process one. */
    readonly exited: Promise<number | null>,
    private readonly cleanup: () => void,
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      this.changed();
    });
    connection.onNotification('window/logMessage', (params: LogEntry) => {
      this.logs.push(params);
      this.changed();
    });
    connection.onNotification('window/showMessage', (params: LogEntry) => {
      this.logs.push(params);
      this.changed();
    });
    connection.onNotification((method: string, params: unknown) => {
      this.notifications.push({ method, params });
      this.changed();
    });
    connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string; section?: string }[] }) =>
      params.items.map((item) => {
        this.configurationRequests.push(item);
        const all = typeof this.settings === 'function' ? this.settings(item.scopeUri) : this.settings;
        return item.section ? sectionOf(all, item.section) : all;
      }),
    );
    connection.onRequest(
      'client/registerCapability',
      (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
        this.registrations.push(...params.registrations);
        this.changed();
        return null;
      },
    );
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('workspace/workspaceFolders', () => null);
    connection.listen();
  }

  /** Starts `node [nodeOptions] dist/server.js --stdio` (build first: `npm run build`). */
  static spawn(args: readonly string[] = ['--stdio'], nodeOptions: readonly string[] = []): LspClient {
    if (!fs.existsSync(serverScript)) {
      throw new Error(`${serverScript} does not exist; run \`npm run build\` before the protocol tests`);
    }
    const child = spawn(process.execPath, [...nodeOptions, serverScript, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    live.add(child);
    const exited = new Promise<number | null>((resolve) => {
      child.on('exit', (code) => {
        live.delete(child);
        resolve(code);
      });
    });
    const connection = createMessageConnection(
      quietReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    // A dead server must fail the test with its own words, not hang it.
    connection.onError(() => undefined);
    const client = new LspClient(connection, exited, () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    client.pid = child.pid;
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      client.stderr += chunk;
    });
    child.stdin!.on('error', () => undefined);
    return client;
  }

  /** Runs `startServer` in this process with the given services, connected through in-memory streams. */
  static inProcess(services: LanguageService[], options: ServerOptions = {}): LspClient {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const serverConnection = createConnection(
      ProposedFeatures.all,
      quietReader(toServer),
      new StreamMessageWriter(toClient),
    );
    const running = startServer(serverConnection, services, options);
    serverConnection.listen();
    const connection = createMessageConnection(quietReader(toClient), new StreamMessageWriter(toServer));
    return new LspClient(connection, new Promise<number | null>(() => undefined), () => {
      running.dispose();
      serverConnection.dispose();
      toServer.end();
      toClient.end();
    });
  }

  async initialize(options: InitializeOptions = {}): Promise<InitializeResult> {
    if (options.settings) this.settings = options.settings;
    const result = await this.request<InitializeResult>('initialize', {
      // In-process servers must not watch the test process as their parent: that timer would keep tests alive.
      processId: null,
      rootUri: options.rootUri ?? null,
      workspaceFolders: options.workspaceFolders ?? null,
      initializationOptions: options.initializationOptions,
      capabilities: options.capabilities ?? fullClientCapabilities,
    });
    await this.notify('initialized', {});
    return result;
  }

  async request<R = unknown>(method: string, params?: unknown): Promise<R> {
    try {
      return (await this.connection.sendRequest(method, params)) as R;
    } catch (err) {
      throw new Error(`request ${method} failed: ${err instanceof Error ? err.message : String(err)}${this.context()}`);
    }
  }

  async notify(method: string, params?: unknown): Promise<void> {
    await this.connection.sendNotification(method, params);
  }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text (allowed under incremental sync: a change without a range). */
  async change(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** An incremental edit: replaces the range with `text`. */
  async edit(
    uri: string,
    range: { start: { line: number; character: number }; end: { line: number; character: number } },
    text: string,
  ): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** Replaces the settings and tells the server, as VS Code does (the server pulls the values). */
  async changeSettings(settings: SettingsProvider): Promise<void> {
    this.settings = settings;
    await this.notify('workspace/didChangeConfiguration', { settings: null });
  }

  /** The diagnostics last published for `uri`, or undefined when none were. */
  diagnostics(uri: string): Diagnostic[] | undefined {
    for (let i = this.published.length - 1; i >= 0; i--) {
      if (this.published[i].uri === uri) return this.published[i].diagnostics;
    }
    return undefined;
  }

  /** Resolves with the latest diagnostics for `uri` once they satisfy `predicate` (already-received ones count). */
  waitForDiagnostics(
    uri: string,
    predicate: (diagnostics: Diagnostic[]) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Diagnostic[]> {
    return this.waitFor(`diagnostics for ${uri}`, timeoutMs, () => {
      const latest = this.diagnostics(uri);
      return latest !== undefined && predicate(latest) ? latest : undefined;
    });
  }

  /** The version of the text last sent for `uri` (1 after open). */
  version(uri: string): number | undefined {
    return this.versions.get(uri);
  }

  /**
   * Resolves with the diagnostics the server published for version `version` of `uri` (or a later one): the
   * server always publishes for the document it analysed, also when it is clean, with the version it read.
   */
  waitForVersion(uri: string, version: number, timeoutMs = 20000): Promise<Diagnostic[]> {
    return this.waitFor(`diagnostics for version ${version} of ${uri}`, timeoutMs, () => {
      for (let i = this.published.length - 1; i >= 0; i--) {
        const p = this.published[i];
        if (p.uri === uri && p.version !== undefined && p.version >= version) return p.diagnostics;
      }
      return undefined;
    });
  }

  /** Resolves with the first notification of `method` (already-received ones count) that satisfies `predicate`. */
  waitForNotification<P = unknown>(
    method: string,
    predicate: (params: P) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<P> {
    return this.waitFor(`notification ${method}`, timeoutMs, () => {
      const hit = this.notifications.find((n) => n.method === method && predicate(n.params as P));
      return hit?.params as P | undefined;
    });
  }

  /** Resolves once a log message matches. */
  waitForLog(pattern: RegExp, timeoutMs = 5000): Promise<LogEntry> {
    return this.waitFor(`a log message matching ${pattern}`, timeoutMs, () => this.logs.find((l) => pattern.test(l.message)));
  }

  /** Resolves with the first dynamic registration of `method` (the server registers after `initialized`). */
  waitForRegistration(method: string, timeoutMs = 5000): Promise<{ readonly method: string; readonly registerOptions?: unknown }> {
    return this.waitFor(`a registration of ${method}`, timeoutMs, () => this.registrations.find((r) => r.method === method));
  }

  /** Sends `shutdown` then `exit`, and resolves with the process's exit code. */
  async shutdown(): Promise<number | null> {
    await this.request('shutdown');
    await this.notify('exit');
    return this.exited;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.connection.dispose();
    this.cleanup();
  }

  /** What the server said, for assertion messages. */
  context(): string {
    const logs = this.logs.map((l) => `  [${l.type}] ${l.message}`).join('\n');
    return `\n-- server log --\n${logs || '  (none)'}\n-- server stderr --\n${this.stderr || '  (none)'}`;
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
    const now = probe();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const listener = (): void => {
        const hit = probe();
        if (hit === undefined) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${this.context()}`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }
}

/** `section` may be dotted (`kataToolkit.kernel`), as clients accept. */
function sectionOf(all: SettingsObject, section: string): unknown {
  let node: unknown = all;
  for (const part of section.split('.')) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }
  return node ?? null;
}

/** Resolves after `ms` milliseconds. */
/**
 * A reader without jsonrpc's partial-message timer: that timer re-arms itself every 10 s while a frame
 * is incomplete (a server killed mid-write), which would keep the test process alive for ever.
 */
function quietReader(stream: NodeJS.ReadableStream): StreamMessageReader {
  const reader = new StreamMessageReader(stream as never);
  reader.partialMessageTimeout = 0;
  return reader;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
