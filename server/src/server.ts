// The LSP layer: documents, settings, trust and workspace folders in; debounced, cancellable diagnostics out.
//
// Engines never see this file's types. They implement `LanguageService` (services.ts); this layer decides when
// to run them, throws away stale results, and converts what they return at the edge (common/toLsp.ts).

import {
  CancellationToken,
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  CompletionItem,
  CompletionList,
  Connection,
  Definition,
  Diagnostic,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentSymbol,
  Hover,
  InitializeParams,
  InitializeResult,
  Location as LspLocation,
  ServerCapabilities,
  SymbolInformation,
  TextDocumentSyncKind,
  WorkspaceFolder,
} from 'vscode-languageserver/node';
import { isStackOverflow } from './common/deep';
import { compareProblems, problem, type Fix, type Problem } from './common/problem';
import { span, spansEqual, type Location, type Position, type Span } from './common/span';
import {
  LineMapping,
  completionToLsp,
  diagnosticMatches,
  documentSymbolToLsp,
  fixToCodeAction,
  hoverToLsp,
  locationToLsp,
  positionFromLsp,
  problemToDiagnostic,
  rangesTouch,
  spanFromLsp,
  spanToLsp,
  workspaceSymbolToLsp,
} from './common/toLsp';
import { DocumentStore, fileUri, isSameOrBelow, looksLikeUri, normalizePath, pathOfUri } from './documents';
import {
  describeRequest,
  setTrustNotification,
  statusNotification,
  type InitializationOptions,
  type ServerDescription,
  type StatusParams,
} from './protocol';
import {
  checkServices,
  documentKey,
  serviceFeatures,
  type AnalysisContext,
  type CompletionEntry,
  type DocumentSnapshot,
  type DocumentSymbolEntry,
  type EngineStatus,
  type FileSource,
  type LanguageService,
  type ProblemsByFile,
} from './services';
import { ontoReviewDocument, ReviewFileSource, reviewedPath, standIn } from './review';
import { readSettings, SETTINGS_SECTION, type Settings } from './settings';
import { appendAll } from './common/arrays';

export interface ServerOptions {
  /** Quiet time after the last edit before a document is analyzed. */
  readonly debounceMs?: number;
  /** How long an analysis may run before the status bar shows a spinner; short ones never flicker it. */
  readonly loadingIndicatorDelayMs?: number;
}

export interface RunningServer {
  /** Stops timers and pending analyses; the connection itself belongs to the caller. */
  dispose(): void;
}

/** One analysis of one document; `cancelled` flips when a newer edit, a close or a settings change makes it stale. */
interface Run {
  readonly uri: string;
  cancelled: boolean;
}

/** What the latest analysis of an open document by one service covered. */
interface Owner {
  /** Files this analysis was authoritative for (the document itself plus every key it returned). */
  readonly coverage: ReadonlySet<string>;
  /** Files and directories whose change should re-run it. */
  readonly dependencies: readonly string[];
}

interface FileProblems {
  /** Sequence number of the analysis that wrote these; an older analysis finishing late never overwrites. */
  readonly stamp: number;
  readonly problems: readonly Problem[];
}

interface ServiceState {
  readonly owners: Map<string, Owner>;
  readonly files: Map<string, FileProblems>;
}

/** A document as the engines are shown it; `target` is set for a review document checked as that workspace file. */
interface Subject {
  readonly doc: DocumentSnapshot;
  readonly files: FileSource;
  readonly target?: string;
}

interface Folder {
  readonly uri: string;
  readonly path?: string;
}

export function startServer(
  connection: Connection,
  serviceList: readonly LanguageService[],
  options: ServerOptions = {},
): RunningServer {
  const services = checkServices(serviceList);
  const features = serviceFeatures(services);
  const debounceMs = options.debounceMs ?? 150;
  const loadingDelayMs = options.loadingIndicatorDelayMs ?? 250;
  const store = new DocumentStore();

  let trusted = false;
  let folders: Folder[] = [];
  let disposed = false;
  const client = {
    configuration: false,
    configurationDynamic: false,
    workspaceFolders: false,
    watchedFilesDynamic: false,
    relatedInformation: false,
  };

  // ---- logging and guards: a bug in one handler or engine must never take the server down ----

  // Logging must never throw: it runs in error handlers, also after the connection has gone away.
  const log = (message: string): void => {
    try {
      connection.console.log(message);
    } catch {
      // the connection is closed or disposed: nobody to tell
    }
  };
  const logError = (what: string, err: unknown): void => {
    try {
      connection.console.error(`${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    } catch {
      // as above
    }
  };

  /** Sends a message; a failure, thrown or rejected (the connection may be gone), is only logged. */
  function quietly(what: string, send: () => Promise<void>): void {
    try {
      send().catch((err: unknown) => logError(what, err));
    } catch (err) {
      logError(what, err);
    }
  }

  function guard<A extends unknown[]>(what: string, fn: (...args: A) => unknown): (...args: A) => void {
    return (...args: A) => {
      try {
        const r = fn(...args);
        if (r instanceof Promise) r.catch((err: unknown) => logError(what, err));
      } catch (err) {
        logError(what, err);
      }
    };
  }

  function guardRequest<P, R>(
    what: string,
    fallback: R,
    fn: (params: P, token: CancellationToken) => Promise<R> | R,
  ): (params: P, token: CancellationToken) => Promise<R> {
    return async (params, token) => {
      try {
        return await fn(params, token);
      } catch (err) {
        logError(what, err);
        return fallback;
      }
    };
  }

  function handles(service: LanguageService, doc: DocumentSnapshot): boolean {
    try {
      return service.handles(doc);
    } catch (err) {
      logError(`${service.name}.handles(${doc.uri})`, err);
      return false;
    }
  }

  // ---- settings: pulled per workspace folder, cached until the user changes them ----

  const settingsCache = new Map<string, Promise<Settings>>();
  let pushedSettings: unknown;
  const warned = new Set<string>();
  const warnOnce = (message: string): void => {
    if (warned.has(message)) return;
    warned.add(message);
    connection.console.warn(message);
  };

  /** The innermost workspace folder containing a document; undefined for files outside every folder. */
  function folderOf(uri: string | undefined): Folder | undefined {
    if (uri === undefined) return folders[0];
    const p = pathOfUri(uri);
    let best: Folder | undefined;
    for (const f of folders) {
      const inside =
        p !== undefined && f.path !== undefined
          ? isSameOrBelow(f.path, p)
          : uri.startsWith(f.uri.endsWith('/') ? f.uri : f.uri + '/');
      if (inside && (!best || f.uri.length > best.uri.length)) best = f;
    }
    return best;
  }

  function settingsFor(uri: string | undefined): Promise<Settings> {
    const folder = folderOf(uri);
    const key = folder?.uri ?? '';
    let cached = settingsCache.get(key);
    if (!cached) {
      cached = pullSettings(folder);
      settingsCache.set(key, cached);
    }
    return cached;
  }

  async function pullSettings(folder: Folder | undefined): Promise<Settings> {
    let raw: unknown = pushedSettings;
    if (client.configuration) {
      try {
        raw = await connection.workspace.getConfiguration({ scopeUri: folder?.uri, section: SETTINGS_SECTION });
      } catch (err) {
        logError('workspace/configuration', err);
      }
    }
    return readSettings(raw, { warn: warnOnce, folder: folder?.path });
  }

  function settingsChanged(): void {
    settingsCache.clear();
    warned.clear();
    reanalyzeAll();
    void refreshStatusArch();
  }

  // ---- status bar: kernel tree, version, arch, and a spinner for analyses that take a while ----

  let engineStatus: EngineStatus = {};
  let statusArch = '';
  let loadingRuns = 0;
  let loadingShown = false;
  let loadingTimer: NodeJS.Timeout | undefined;
  let lastStatus = '';

  function sendStatus(): void {
    if (disposed || statusArch === '') return;
    const status: StatusParams = { ...engineStatus, arch: statusArch, loading: loadingShown };
    const json = JSON.stringify(status);
    if (json === lastStatus) return;
    lastStatus = json;
    quietly('status', () => connection.sendNotification(statusNotification, status));
  }

  async function refreshStatusArch(): Promise<void> {
    statusArch = (await settingsFor(undefined)).arch;
    sendStatus();
  }

  function beginLoading(): void {
    if (loadingRuns++ === 0) {
      loadingTimer = setTimeout(() => {
        loadingShown = true;
        sendStatus();
      }, loadingDelayMs);
    }
  }

  function endLoading(): void {
    if (--loadingRuns > 0) return;
    clearTimeout(loadingTimer);
    loadingShown = false;
    sendStatus();
  }

  /** Folder paths, the one holding `docPath` first (in a multi-root workspace, a document's own folder wins). */
  function foldersFor(docPath: string | undefined): string[] {
    const paths = folders.flatMap((f) => (f.path === undefined ? [] : [f.path]));
    if (docPath === undefined) return paths;
    const holds = (f: string) => isSameOrBelow(f, docPath);
    // Nested folders: the innermost holder first.
    return [...paths.filter(holds).sort((a, b) => b.length - a.length), ...paths.filter((f) => !holds(f))];
  }

  function contextFor(
    service: LanguageService,
    settings: Settings,
    isCancelled: () => boolean,
    docPath?: string,
    files: FileSource = store,
  ): AnalysisContext {
    return {
      files,
      settings,
      trusted,
      workspaceFolders: foldersFor(docPath),
      isCancelled: () => disposed || isCancelled(),
      log: (message) => log(`[${service.name}] ${message}`),
      setStatus: (status) => {
        engineStatus = { ...engineStatus, ...status };
        sendStatus();
      },
    };
  }

  // ---- review documents: a version of a workspace file, checked as that file ----

  /**
   * What the engines are shown for a document. A `file:` or `untitled:` document is itself; a document of a review
   * view (`git:`, `pr:`, `review:` ...) of a workspace file is shown as that file, with its own text standing in
   * for the file's (review.ts).
   */
  function subjectOf(doc: DocumentSnapshot): Subject {
    if (doc.path !== undefined) return { doc, files: store };
    const target = reviewedPath(doc.uri, folders.flatMap((f) => (f.path === undefined ? [] : [f.path])));
    if (target === undefined) return { doc, files: store };
    return { doc: standIn(doc, target), files: new ReviewFileSource(store, target, doc.text), target };
  }

  /** A review document's result: the reviewed file's problems, moved onto the review document; nothing else. */
  function reviewResult(result: ProblemsByFile, target: string, uri: string): ProblemsByFile {
    if (!(result instanceof Map)) return result;
    const own: Problem[] = [];
    for (const [file, problems] of result) {
      if (typeof file === 'string' && keyOf(file) === target && Array.isArray(problems)) own.push(...problems.filter(isProblem));
    }
    return new Map([[uri, ontoReviewDocument(own, target, uri)]]);
  }

  /** File names to URIs for one document's answers: the reviewed file is the review document itself. */
  function uriMapFor(subject: Subject, uri: string): (file: string) => string {
    const target = subject.target;
    return target === undefined ? uriOf : (file) => (keyOf(file) === target ? uri : uriOf(file));
  }

  // ---- results: per service, per file; published as the union over services ----

  const states = new Map<string, ServiceState>(
    services.map((s) => [s.name, { owners: new Map(), files: new Map() }]),
  );
  /** What was last published per file key: the URI used, and the problems (for quick fixes). */
  const published = new Map<string, { readonly uri: string; readonly problems: readonly Problem[] }>();
  let stampCounter = 0;

  /** Results may name files by path or by URI; `file:` URIs and paths are one key. */
  function keyOf(fileOrUri: string): string {
    if (looksLikeUri(fileOrUri)) return pathOfUri(fileOrUri) ?? fileOrUri;
    return normalizePath(fileOrUri);
  }

  function coveredByOther(state: ServiceState, file: string, exceptUri: string): boolean {
    for (const [uri, owner] of state.owners) if (uri !== exceptUri && owner.coverage.has(file)) return true;
    return false;
  }

  function writeFile(state: ServiceState, file: string, stamp: number, problems: readonly Problem[]): void {
    const existing = state.files.get(file);
    if (existing && existing.stamp > stamp) return;
    state.files.set(file, { stamp, problems });
  }

  function problemsOf(result: ProblemsByFile, service: LanguageService): Map<string, readonly Problem[]> {
    const byKey = new Map<string, Problem[]>();
    if (!(result instanceof Map)) {
      log(`[${service.name}] analyze returned ${typeof result}, not a Map; ignoring it`);
      return byKey;
    }
    for (const [file, problems] of result) {
      if (typeof file !== 'string' || !Array.isArray(problems)) continue;
      const key = keyOf(file);
      const list = byKey.get(key) ?? [];
      appendAll(list, (problems as Problem[]).filter(isProblem));
      byKey.set(key, list);
    }
    return byKey;
  }

  function applyResult(
    service: LanguageService,
    doc: DocumentSnapshot,
    stamp: number,
    result: ProblemsByFile,
    dependencies: readonly string[],
  ): void {
    const state = states.get(service.name);
    if (!state) return;
    const byKey = problemsOf(result, service);
    const coverage = new Set<string>([documentKey(doc), ...byKey.keys()]);
    const touched = new Set<string>(coverage);
    for (const file of coverage) writeFile(state, file, stamp, byKey.get(file) ?? []);
    const previous = state.owners.get(doc.uri);
    if (previous) {
      for (const file of previous.coverage) {
        if (coverage.has(file)) continue;
        touched.add(file);
        if (!coveredByOther(state, file, doc.uri)) writeFile(state, file, stamp, []);
      }
    }
    state.owners.set(doc.uri, { coverage, dependencies: [...new Set([...dependencies.map(keyOf), ...coverage])] });
    publish(touched, { key: documentKey(doc), version: doc.version });
  }

  function forgetOwner(uri: string): void {
    const touched = new Set<string>();
    for (const state of states.values()) {
      const owner = state.owners.get(uri);
      if (!owner) continue;
      state.owners.delete(uri);
      for (const file of owner.coverage) {
        touched.add(file);
        if (!coveredByOther(state, file, uri)) state.files.delete(file);
      }
    }
    publish(touched);
  }

  /**
   * Sends the merged problems of each file. The analysed document itself (`own`) is always sent, even when it
   * has no problems, with the version the analysis read: a client (and a test) can tell that this version is
   * checked and clean, and drop diagnostics that belong to an older text.
   */
  function publish(files: Iterable<string>, own?: { readonly key: string; readonly version: number }): void {
    if (disposed) return;
    for (const file of files) {
      const seen = new Set<string>();
      const merged: Problem[] = [];
      for (const state of states.values()) {
        for (const p of state.files.get(file)?.problems ?? []) {
          const id = JSON.stringify([p.code, p.severity, p.message, p.span]);
          if (seen.has(id)) continue;
          seen.add(id);
          merged.push(p);
        }
      }
      merged.sort(compareProblems);
      // Kept and sent in the editor's lines: quick fixes compare them with the ranges the editor sends back.
      const shown = someLinesDiffer() ? merged.map(problemOut) : merged;
      const uri = store.uriFor(file);
      const before = published.get(file);
      if (before && before.uri !== uri) send(before.uri, []);
      const isOwn = own !== undefined && own.key === file;
      if (merged.length === 0) {
        published.delete(file);
        if (!before && !isOwn) continue;
      } else {
        published.set(file, { uri, problems: shown });
      }
      const diagnostics = shown.map((p) => problemToDiagnostic(p, uriOf, client.relatedInformation));
      send(uri, diagnostics, isOwn && own.version > 0 ? own.version : undefined);
    }
  }

  function send(uri: string, diagnostics: Diagnostic[], version?: number): void {
    quietly(`publishing diagnostics for ${uri}`, () => connection.sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics }));
  }

  const uriOf = (file: string): string => store.uriFor(file);

  // ---- lines: the engines end a line at \n only, the editor also at a lone \r (see LineMapping) ----

  /**
   * Per file key (path or URI), the mapping for the text the editor holds (undefined: the two count alike, or
   * the file is not open). Emptied whenever a document opens, changes or closes; a publish of many problems
   * looks the same files up again and again.
   */
  const lineMappings = new Map<string, LineMapping | undefined>();

  function mappingOf(file: string): LineMapping | undefined {
    if (lineMappings.has(file)) return lineMappings.get(file);
    const doc = store.openDocument(file);
    const mapping = doc ? LineMapping.for(doc.text) : undefined;
    lineMappings.set(file, mapping);
    return mapping;
  }

  /** Whether any open document is one whose lines the engines and the editor count differently. */
  const someLinesDiffer = (): boolean => store.all().some((d) => mappingOf(d.uri) !== undefined);

  /** A span the engines gave for `file`, in the editor's lines. */
  const spanOut = (file: string, s: Span): Span => mappingOf(file)?.spanToEditor(s) ?? s;
  const locationOut = (l: Location): Location => (mappingOf(l.file) ? { ...l, span: spanOut(l.file, l.span) } : l);
  /** A fix: its edits in their files' lines, and the problem it resolves in the lines of `file`, the one it is for. */
  const fixOut = (file: string, f: Fix): Fix => ({
    ...f,
    edits: f.edits.map((e) => ({ ...e, span: spanOut(e.file, e.span) })),
    ...(f.resolves ? { resolves: { ...f.resolves, span: spanOut(file, f.resolves.span) } } : {}),
  });
  function problemOut(p: Problem): Problem {
    return {
      ...p,
      span: spanOut(p.file, p.span),
      ...(p.related ? { related: p.related.map((r) => ({ ...r, location: locationOut(r.location) })) } : {}),
      ...(p.fixes ? { fixes: p.fixes.map((f) => fixOut(p.file, f)) } : {}),
    };
  }
  function symbolOut(file: string, e: DocumentSymbolEntry): DocumentSymbolEntry {
    return { ...e, span: spanOut(file, e.span), selectionSpan: spanOut(file, e.selectionSpan), ...(e.children ? { children: e.children.map((c) => symbolOut(file, c)) } : {}) };
  }
  const completionOut = (file: string, c: CompletionEntry): CompletionEntry => (c.replace ? { ...c, replace: spanOut(file, c.replace) } : c);
  /** A position or span the editor sent for `uri`, in the engines' lines. */
  const positionIn = (uri: string, p: Position): Position => mappingOf(uri)?.fromEditor(p) ?? p;
  const spanIn = (uri: string, s: Span): Span => mappingOf(uri)?.spanFromEditor(s) ?? s;

  // ---- scheduling: debounce per document, cancel stale runs, analyze one document at a time ----

  const timers = new Map<string, NodeJS.Timeout>();
  const runs = new Map<string, Run>();
  let queue: Promise<void> = Promise.resolve();

  function cancel(uri: string): void {
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    const run = runs.get(uri);
    if (run) run.cancelled = true;
    runs.delete(uri);
  }

  function schedule(uri: string, delay = debounceMs): void {
    if (disposed) return;
    cancel(uri);
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        const run: Run = { uri, cancelled: false };
        runs.set(uri, run);
        queue = queue.then(() => analyze(run)).catch((err: unknown) => logError(`analysis of ${uri}`, err));
      }, delay),
    );
  }

  async function analyze(run: Run): Promise<void> {
    const isCancelled = (): boolean => run.cancelled || disposed;
    try {
      if (isCancelled()) return;
      const doc = store.snapshot(run.uri);
      if (!doc) return;
      const subject = subjectOf(doc);
      const handling = services.filter((s) => handles(s, subject.doc));
      if (handling.length === 0) return;
      const stamp = ++stampCounter;
      beginLoading();
      try {
        const settings = await settingsFor(subject.target === undefined ? doc.uri : fileUri(subject.target));
        statusArch = settings.arch;
        for (const service of handling) {
          if (isCancelled()) return;
          const ctx = contextFor(service, settings, isCancelled, subject.doc.path, subject.files);
          let result: ProblemsByFile;
          try {
            result = await service.analyze(subject.doc, ctx);
            if (subject.target !== undefined) result = reviewResult(result, subject.target, doc.uri);
          } catch (err) {
            logError(`[${service.name}] analysis of ${doc.uri}`, err);
            result = failedAnalysis(service, subject.target ?? documentKey(doc), err);
            if (subject.target !== undefined) result = reviewResult(result, subject.target, doc.uri);
          }
          // The whole point of cancellation: a stale result must never reach the editor.
          if (isCancelled()) return;
          let dependencies: readonly string[] = [];
          try {
            dependencies = service.dependencies?.(subject.doc, ctx) ?? [];
          } catch (err) {
            logError(`[${service.name}] dependencies of ${doc.uri}`, err);
          }
          applyResult(service, doc, stamp, result, dependencies);
        }
      } finally {
        endLoading();
      }
    } finally {
      if (runs.get(run.uri) === run) runs.delete(run.uri);
    }
  }

  function dependsOn(owner: Owner, changed: string): boolean {
    return owner.dependencies.some(
      (d) => isSameOrBelow(d, changed),
    );
  }

  /**
   * Re-runs open documents whose last analysis depends on one of `changed`. When the edited document's own
   * analysis already covers a dependent (fragments of one set), re-running the dependent would repeat the work.
   */
  function scheduleDependents(changed: readonly string[], originUri?: string): void {
    for (const doc of store.all()) {
      if (doc.uri === originUri) continue;
      const key = documentKey(doc);
      let needed = false;
      for (const state of states.values()) {
        const owner = state.owners.get(doc.uri);
        if (!owner || !changed.some((c) => dependsOn(owner, c))) continue;
        const origin = originUri === undefined ? undefined : state.owners.get(originUri);
        if (origin?.coverage.has(key)) continue;
        needed = true;
      }
      if (needed) schedule(doc.uri);
    }
  }

  function reanalyzeAll(): void {
    for (const doc of store.all()) schedule(doc.uri);
  }

  // ---- lifecycle ----

  connection.onInitialize(
    (params: InitializeParams): InitializeResult => {
      const caps = params.capabilities;
      client.configuration = caps.workspace?.configuration === true;
      client.configurationDynamic = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
      client.workspaceFolders = caps.workspace?.workspaceFolders === true;
      client.watchedFilesDynamic = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
      client.relatedInformation = caps.textDocument?.publishDiagnostics?.relatedInformation === true;

      const init = (params.initializationOptions ?? {}) as InitializationOptions;
      trusted = typeof init === 'object' && init !== null && init.trusted === true;
      folders = foldersFrom(params);

      const capabilities: ServerCapabilities = {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      };
      if (features.hover) capabilities.hoverProvider = true;
      if (features.completion) {
        capabilities.completionProvider = { triggerCharacters: [...features.completionTriggerCharacters] };
      }
      if (features.definition) capabilities.definitionProvider = true;
      if (features.references) capabilities.referencesProvider = true;
      if (features.codeActions) capabilities.codeActionProvider = { codeActionKinds: [CodeActionKind.QuickFix] };
      if (features.documentSymbols) capabilities.documentSymbolProvider = true;
      if (features.workspaceSymbols) capabilities.workspaceSymbolProvider = true;
      log(
        `kata-toolkit server: ${services.length} service(s) [${services.map((s) => s.name).join(', ')}], ` +
          `${folders.length} folder(s), workspace ${trusted ? 'trusted' : 'not trusted'}`,
      );
      return { capabilities, serverInfo: { name: 'kata-toolkit' } };
    },
  );

  connection.onInitialized(
    guard('initialized', async () => {
      if (client.configurationDynamic) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
      }
      if (client.watchedFilesDynamic && features.watchPatterns.length > 0) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: features.watchPatterns.map((globPattern) => ({ globPattern })),
        });
      }
      if (client.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guard('workspace folder change', (event) => {
            const removed = new Set(event.removed.map((f) => f.uri));
            folders = [...folders.filter((f) => !removed.has(f.uri)), ...event.added.map(toFolder)];
            settingsChanged();
          }),
        );
      }
      await refreshStatusArch();
    }),
  );

  connection.onShutdown(() => dispose());

  connection.onDidChangeConfiguration(
    guard('configuration change', (params) => {
      pushedSettings = params?.settings;
      settingsChanged();
    }),
  );

  connection.onNotification(
    setTrustNotification,
    guard('setTrust', (params) => {
      const next = params?.trusted === true;
      if (next === trusted) return;
      trusted = next;
      log(`workspace is now ${trusted ? 'trusted' : 'not trusted'}`);
      reanalyzeAll();
    }),
  );

  connection.onDidChangeWatchedFiles(
    guard('watched files', (params) => {
      const changed: string[] = [];
      for (const change of params?.changes ?? []) {
        const p = pathOfUri(change.uri);
        // What the editor holds wins over the disk, so disk events for open files change nothing.
        if (p !== undefined && !store.openDocument(p)) changed.push(p);
      }
      if (changed.length === 0) return;
      notifyFilesChanged(changed);
      scheduleDependents(changed);
    }),
  );

  function notifyFilesChanged(paths: readonly string[]): void {
    for (const s of services) {
      try {
        s.filesChanged?.(paths);
      } catch (err) {
        logError(`[${s.name}] filesChanged`, err);
      }
    }
  }

  // ---- documents ----

  // An opened document has no burst of keystrokes to wait out: it is analysed at once, and only edits wait
  // for the pause (the open event comes just before the content event for the same document).
  const justOpened = new Set<string>();
  store.documents.onDidOpen(
    guard('document open', ({ document }) => {
      justOpened.add(document.uri);
    }),
  );

  store.documents.onDidChangeContent(
    guard('document change', ({ document }) => {
      lineMappings.clear();
      schedule(document.uri, justOpened.delete(document.uri) ? 0 : debounceMs);
      scheduleDependents([keyOf(document.uri)], document.uri);
    }),
  );

  store.documents.onDidClose(
    guard('document close', ({ document }) => {
      cancel(document.uri);
      lineMappings.clear();
      forgetOwner(document.uri);
      // Closing discards unsaved text: dependents now read the disk version.
      scheduleDependents([keyOf(document.uri)], document.uri);
    }),
  );

  store.documents.onDidSave(
    guard('document save', ({ document }) => {
      // The text did not change, but the disk did: engines caching disk reads by path must drop this one.
      const p = pathOfUri(document.uri);
      if (p !== undefined) notifyFilesChanged([p]);
    }),
  );

  store.documents.listen(connection);

  // ---- editor features, each offered only when a service implements it ----

  /**
   * Runs a feature on the document as the engines see it (`subjectOf`), with the settings of its folder and a
   * `uriOf` that maps the reviewed file back to a review document.
   */
  async function withDocument<R>(
    uri: string,
    token: CancellationToken,
    fn: (doc: DocumentSnapshot, ctxFor: (s: LanguageService) => AnalysisContext, uriOf: (file: string) => string, review: boolean) => Promise<R>,
    fallback: R,
  ): Promise<R> {
    const open = store.snapshot(uri);
    if (!open) return fallback;
    const subject = subjectOf(open);
    const settings = await settingsFor(subject.target === undefined ? uri : fileUri(subject.target));
    const doc = subject.doc;
    return fn(
      doc,
      (s) => contextFor(s, settings, () => token.isCancellationRequested, doc.path, subject.files),
      uriMapFor(subject, uri),
      subject.target !== undefined,
    );
  }

  /** Calls one feature on every service that handles the document, skipping (and logging) those that fail. */
  async function each<T>(
    doc: DocumentSnapshot,
    feature: string,
    call: (s: LanguageService) => Promise<T | undefined> | undefined,
  ): Promise<T[]> {
    const out: T[] = [];
    for (const s of services) {
      if (!handles(s, doc)) continue;
      try {
        const r = await call(s);
        if (r !== undefined && r !== null) out.push(r);
      } catch (err) {
        logError(`[${s.name}] ${feature} in ${doc.uri}`, err);
      }
    }
    return out;
  }

  if (features.hover) {
    connection.onHover(
      guardRequest('hover', null, (params, token): Promise<Hover | null> =>
        withDocument(
          params.textDocument.uri,
          token,
          async (doc, ctxFor) => {
            const pos = positionIn(doc.uri, positionFromLsp(params.position));
            const [first] = await each(doc, 'hover', (s) => s.hover?.(doc, pos, ctxFor(s)));
            return first ? hoverToLsp(first.span ? { ...first, span: spanOut(doc.uri, first.span) } : first) : null;
          },
          null,
        ),
      ),
    );
  }

  if (features.completion) {
    connection.onCompletion(
      guardRequest('completion', [] as CompletionItem[] | CompletionList, (params, token) =>
        withDocument(
          params.textDocument.uri,
          token,
          async (doc, ctxFor) => {
            const pos = positionIn(doc.uri, positionFromLsp(params.position));
            // A trigger character opens the list only for the services that asked for it (`"` is TOML's, not Kconfig's).
            const trigger = params.context?.triggerKind === 2 ? params.context.triggerCharacter : undefined;
            const lists = await each(doc, 'completion', (s) =>
              trigger !== undefined && !(s.completionTriggerCharacters ?? []).includes(trigger) ? undefined : s.completion?.(doc, pos, ctxFor(s)),
            );
            const items: CompletionItem[] = [];
            let incomplete = false;
            for (const l of lists) {
              if ('incomplete' in l) {
                incomplete ||= l.incomplete;
                appendAll(items, l.items.map((c) => completionToLsp(completionOut(doc.uri, c))));
              } else {
                appendAll(items, l.map((c) => completionToLsp(completionOut(doc.uri, c))));
              }
            }
            return incomplete ? { isIncomplete: true, items } : items;
          },
          [] as CompletionItem[] | CompletionList,
        ),
      ),
    );
  }

  if (features.definition) {
    connection.onDefinition(
      guardRequest('definition', null, (params, token): Promise<Definition | null> =>
        withDocument(
          params.textDocument.uri,
          token,
          async (doc, ctxFor, uriOfDoc) => {
            const pos = positionIn(doc.uri, positionFromLsp(params.position));
            const lists = await each(doc, 'definition', (s) => s.definition?.(doc, pos, ctxFor(s)));
            return lists.flat().map((l) => locationToLsp(locationOut(l), uriOfDoc));
          },
          null,
        ),
      ),
    );
  }

  if (features.references) {
    connection.onReferences(
      guardRequest('references', null, (params, token): Promise<LspLocation[] | null> =>
        withDocument(
          params.textDocument.uri,
          token,
          async (doc, ctxFor, uriOfDoc) => {
            const pos = positionIn(doc.uri, positionFromLsp(params.position));
            const include = params.context?.includeDeclaration === true;
            const lists = await each(doc, 'references', (s) => s.references?.(doc, pos, include, ctxFor(s)));
            return lists.flat().map((l) => locationToLsp(locationOut(l), uriOfDoc));
          },
          null,
        ),
      ),
    );
  }

  if (features.documentSymbols) {
    connection.onDocumentSymbol(
      guardRequest('documentSymbol', null, (params, token): Promise<DocumentSymbol[] | null> =>
        withDocument(
          params.textDocument.uri,
          token,
          async (doc, ctxFor) => {
            const lists = await each(doc, 'documentSymbols', (s) => s.documentSymbols?.(doc, ctxFor(s)));
            const entries = mappingOf(doc.uri) ? lists.flat().map((e) => symbolOut(doc.uri, e)) : lists.flat();
            return entries.map(documentSymbolToLsp);
          },
          null,
        ),
      ),
    );
  }

  if (features.workspaceSymbols) {
    connection.onWorkspaceSymbol(
      guardRequest('workspaceSymbol', [] as SymbolInformation[], async (params, token) => {
        // Settings of the first workspace folder: a symbol search is not about one document.
        const settings = await settingsFor(folders[0]?.uri);
        const out: SymbolInformation[] = [];
        for (const s of services) {
          if (!s.workspaceSymbols) continue;
          try {
            const found = await s.workspaceSymbols(params.query, contextFor(s, settings, () => token.isCancellationRequested));
            for (const e of found) out.push(workspaceSymbolToLsp({ ...e, location: locationOut(e.location) }, uriOf));
          } catch (err) {
            logError(`[${s.name}] workspaceSymbol`, err);
          }
        }
        return out;
      }),
    );
  }

  if (features.codeActions) {
    connection.onCodeAction(
      guardRequest('codeAction', [] as CodeAction[], async (params: CodeActionParams, token) => {
        const only = params.context.only;
        if (only && !only.some((k) => CodeActionKind.QuickFix === k || CodeActionKind.QuickFix.startsWith(k + '.'))) {
          return [];
        }
        const actions: CodeAction[] = [];
        // Fixes the engines attached to problems they reported in this file.
        for (const p of published.get(keyOf(params.textDocument.uri))?.problems ?? []) {
          if (!p.fixes || p.fixes.length === 0 || !rangesTouch(spanToLsp(p.span), params.range)) continue;
          const sent = params.context.diagnostics.filter((d) => diagnosticMatches(d, p));
          const diagnostics = sent.length > 0 ? sent : [problemToDiagnostic(p, uriOf, client.relatedInformation)];
          for (const fix of p.fixes) actions.push(fixToCodeAction(fix, uriOf, diagnostics));
        }
        // Fixes a service offers for the selection itself.
        const more = await withDocument(
          params.textDocument.uri,
          token,
          async (doc, ctxFor, uriOfDoc, review) => {
            // A review document is read-only, and an edit computed from its text must not land in the working copy.
            if (review) return [] as CodeAction[];
            const span = spanIn(doc.uri, spanFromLsp(params.range));
            const lists = await each(doc, 'codeActions', (s) => s.codeActions?.(doc, span, ctxFor(s)));
            const mine = published.get(keyOf(params.textDocument.uri))?.problems ?? [];
            return lists.flat().map((found) => {
              const fix = fixOut(doc.uri, found);
              return fixToCodeAction(fix, uriOfDoc, diagnosticsResolvedBy(fix, mine, params.context.diagnostics));
            });
          },
          [] as CodeAction[],
        );
        return [...actions, ...more];
      }),
    );
  }

  /** The diagnostics (as the editor sent them, else as published) of the problem a service's fix resolves. */
  function diagnosticsResolvedBy(fix: Fix, problems: readonly Problem[], sent: readonly Diagnostic[]): Diagnostic[] | undefined {
    const target = fix.resolves;
    if (!target) return undefined;
    const p = problems.find((q) => q.code === target.code && spansEqual(q.span, target.span));
    if (!p) return undefined;
    const matching = sent.filter((d) => diagnosticMatches(d, p));
    return matching.length > 0 ? matching : [problemToDiagnostic(p, uriOf, client.relatedInformation)];
  }

  connection.onRequest(
    describeRequest,
    guardRequest('describe', null as unknown as ServerDescription, async (params): Promise<ServerDescription> => ({
      services: services.map((s) => s.name),
      trusted,
      workspaceFolders: folders.map((f) => f.path ?? f.uri),
      openDocuments: store.all().map((d) => d.uri),
      settings: await settingsFor(params?.uri),
      memory: memoryNow(params?.collectGarbage === true),
    })),
  );

  function dispose(): void {
    if (disposed) return;
    disposed = true;
    for (const uri of [...timers.keys(), ...runs.keys()]) cancel(uri);
    clearTimeout(loadingTimer);
    for (const s of services) {
      try {
        s.shutdown?.();
      } catch (err) {
        logError(`[${s.name}] shutdown`, err);
      }
    }
  }

  return { dispose };
}

function toFolder(f: WorkspaceFolder): Folder {
  return { uri: f.uri, path: pathOfUri(f.uri) };
}

/** Workspace folders from `initialize`, falling back to the deprecated root for older clients. */
function foldersFrom(params: InitializeParams): Folder[] {
  if (params.workspaceFolders && params.workspaceFolders.length > 0) return params.workspaceFolders.map(toFolder);
  if (params.rootUri) return [{ uri: params.rootUri, path: pathOfUri(params.rootUri) }];
  if (params.rootPath) {
    const p = normalizePath(params.rootPath);
    return [{ uri: fileUri(p), path: p }];
  }
  return [];
}

/** Engines are our code but their output is data: drop anything that cannot be shown rather than crash. */
function isProblem(p: unknown): p is Problem {
  if (typeof p !== 'object' || p === null) return false;
  const q = p as Partial<Problem>;
  return (
    typeof q.code === 'string' &&
    typeof q.message === 'string' &&
    typeof q.span === 'object' &&
    q.span !== null &&
    typeof q.span.start?.line === 'number' &&
    typeof q.span.start?.column === 'number' &&
    typeof q.span.end?.line === 'number' &&
    typeof q.span.end?.column === 'number'
  );
}

/**
 * What the editor shows when a service's analysis of a document throws: one error at its top naming the failure,
 * in place of the problems an older text got (which would otherwise stay, as if still true).
 */
function failedAnalysis(service: LanguageService, file: string, err: unknown): ProblemsByFile {
  const why = isStackOverflow(err)
    ? 'the file (or a file it reads) nests deeper than the checker can follow'
    : `the checker failed (${err instanceof Error ? err.message : String(err)}); this is a bug, please report it with the file`;
  const message = `This file could not be checked: ${why}. No other problem is shown for it until it can be.`;
  return new Map([[file, [problem(service.failureCode ?? 'internal-error', 'error', message, file, span(0, 0, 0, 0))]]]);
}

/** The process's memory, after a full garbage collection when asked and Node exposes one (`--expose-gc`). */
function memoryNow(collectGarbage: boolean): ServerDescription['memory'] {
  const gc = (globalThis as { gc?: () => void }).gc;
  const collected = collectGarbage && typeof gc === 'function';
  if (collected) gc!();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, collected };
}
