// The contract between the language server and the engines: plain data in, plain data out, no protocol types.
//
// An engine (Kconfig, Kata TOML, ptp4l) implements `LanguageService` and is added to the list in `main.ts`.
// The server owns documents, settings, trust, debouncing, cancellation and conversion to LSP; the engine only
// answers "what is wrong with this file and the files it affects" and, optionally, editor features.

import type { Fix, Problem } from './common/problem';
import type { Location, Position, Span } from './common/span';
import type { Settings } from './settings';

/** One version of one document as the editor (or the disk) has it. */
export interface DocumentSnapshot {
  /** The document's URI as the editor sent it (`file:`, `untitled:`, `git:` ...). */
  readonly uri: string;
  /** File system path for `file:` URIs; absent for every other scheme. */
  readonly path?: string;
  /** The editor's language id (`kconfig-fragment`, `kconfig`, ...); absent for files read from disk. */
  readonly languageId?: string;
  /** The editor's version number; 0 for files read from disk. */
  readonly version: number;
  readonly text: string;
}

/** The key a document is known by in results: its path for `file:` documents, its URI otherwise. */
export function documentKey(doc: DocumentSnapshot): string {
  return doc.path ?? doc.uri;
}

/** Read access to files, where documents open in the editor win over what is on disk. */
export interface FileSource {
  /** The text of a file, or undefined when it does not exist or cannot be read. Never throws. */
  read(path: string): string | undefined;
  exists(path: string): boolean;
  /** Names (not paths) of the entries of a directory, sorted; undefined when it is not a readable directory. */
  list(dir: string): string[] | undefined;
  /**
   * A string that changes whenever the content of `path` may have changed (editor version, or disk mtime and
   * size); undefined when the file does not exist. Engines use it as the key of their caches.
   */
  fingerprint(path: string): string | undefined;
}

/** What an engine may tell the status bar: which kernel tree it is using, or what it is busy with. */
export interface EngineStatus {
  readonly kernelTree?: string;
  readonly kernelVersion?: string;
  readonly message?: string;
  readonly ptp4lVersion?: string;
  readonly ptp4lVersionFrom?: 'setting' | 'installed' | 'newest';
}

/** Everything an engine may consult besides the document itself. */
export interface AnalysisContext {
  readonly files: FileSource;
  /** Settings that apply to the document (those of its workspace folder in a multi-root workspace). */
  readonly settings: Settings;
  /** Whether the user trusts the workspace; `$(shell,...)` macros and other code execution need it. */
  readonly trusted: boolean;
  /** Absolute paths of the workspace folders, outermost first as the editor listed them. */
  readonly workspaceFolders: readonly string[];
  /** True once the work is stale (a newer edit arrived, the request was cancelled); stop early and return anything. */
  readonly isCancelled: () => boolean;
  /** A line for the server's output channel, prefixed with the service name. */
  readonly log: (message: string) => void;
  /** Update what the status bar shows (kernel tree, kernel version, a progress message). */
  readonly setStatus: (status: EngineStatus) => void;
}

/** Problems keyed by file (path for files, URI for other documents). */
export type ProblemsByFile = ReadonlyMap<string, readonly Problem[]>;

/** Hover text in Markdown, optionally with the span of text it is about. */
export interface HoverResult {
  readonly markdown: string;
  readonly span?: Span;
}

export type CompletionKind =
  | 'symbol'
  | 'value'
  | 'keyword'
  | 'property'
  | 'section'
  | 'file'
  | 'folder'
  | 'snippet'
  | 'text';

export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  /** One short line shown beside the label (a type, a default). */
  readonly detail?: string;
  readonly documentationMarkdown?: string;
  /** Text inserted instead of the label. */
  readonly insertText?: string;
  /** When true, `insertText` uses snippet syntax (`$1`, `${2:default}`). */
  readonly snippet?: boolean;
  /** The span the insertion replaces; by default the word before the cursor. */
  readonly replace?: Span;
  readonly sortText?: string;
  readonly filterText?: string;
  readonly deprecated?: boolean;
  /** Preselect this entry in the list (for example, the current value). */
  readonly preselect?: boolean;
}

/** A completion answer that is only part of what matches: the editor asks again as the user types on. */
export interface CompletionResult {
  readonly items: readonly CompletionEntry[];
  readonly incomplete: boolean;
}

export type SymbolKind = 'option' | 'menu' | 'choice' | 'section' | 'key' | 'file' | 'group';

export interface DocumentSymbolEntry {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly detail?: string;
  /** The whole construct (a Kconfig `config` block with its body). */
  readonly span: Span;
  /** The part to highlight when selected (the symbol name). Must lie inside `span`. */
  readonly selectionSpan: Span;
  readonly children?: readonly DocumentSymbolEntry[];
}

/**
 * One engine. Only `name`, `handles` and `analyze` are required; the server advertises an editor feature
 * (hover, completion, ...) only when at least one registered service implements it.
 */
export interface LanguageService {
  /** Short and stable; shown in logs (`[kconfig] ...`). */
  readonly name: string;
  /**
   * The code of the problem the server puts on a document when `analyze` throws on it (a bug), so that the
   * editor does not go on showing what an older text got. `internal-error` when not given.
   */
  readonly failureCode?: string;
  handles(doc: DocumentSnapshot): boolean;
  /**
   * Problems keyed by file path (or URI for non-file documents), for every file this change affects.
   * A file in the previous result of the same document but absent from this one is cleared; the document's
   * own key is always considered covered, so returning an empty map clears its problems.
   * Should check `ctx.isCancelled()` between expensive steps; a cancelled result is thrown away.
   */
  analyze(doc: DocumentSnapshot, ctx: AnalysisContext): Promise<ProblemsByFile>;
  /**
   * Other paths whose change (in the editor or on disk) should re-run analysis of `doc`, such as the other
   * fragments of its set or the Kconfig files it reads. A directory stands for every file below it (so a new
   * fragment dropped into a set's directory counts). Files the last analysis reported problems for are added
   * automatically.
   */
  dependencies?(doc: DocumentSnapshot, ctx: AnalysisContext): readonly string[];
  /**
   * Glob patterns (relative to each workspace folder, `**` allowed) for files on disk whose changes this service
   * wants to hear about, such as Kconfig files of a kernel tree inside the workspace.
   */
  readonly watchPatterns?: readonly string[];
  /** Called when files changed on disk (watched-file events, and saves from the editor): drop cached parses of them. */
  filesChanged?(paths: readonly string[]): void;
  /** Called when the server stops: finish work left for a quiet moment (such as writing a cache to disk). Never throws. */
  shutdown?(): void;

  hover?(doc: DocumentSnapshot, position: Position, ctx: AnalysisContext): Promise<HoverResult | undefined>;
  /** Characters that open the completion list without the user asking (for example `_` or `=`). */
  readonly completionTriggerCharacters?: readonly string[];
  completion?(doc: DocumentSnapshot, position: Position, ctx: AnalysisContext): Promise<readonly CompletionEntry[] | CompletionResult>;
  definition?(doc: DocumentSnapshot, position: Position, ctx: AnalysisContext): Promise<readonly Location[]>;
  references?(
    doc: DocumentSnapshot,
    position: Position,
    includeDeclaration: boolean,
    ctx: AnalysisContext,
  ): Promise<readonly Location[]>;
  /**
   * Fixes for a span that are not attached to a problem (refactorings, "add a missing option").
   * Fixes attached to problems (`Problem.fixes`) are offered by the server without this method.
   */
  codeActions?(doc: DocumentSnapshot, span: Span, ctx: AnalysisContext): Promise<readonly Fix[]>;
  documentSymbols?(doc: DocumentSnapshot, ctx: AnalysisContext): Promise<readonly DocumentSymbolEntry[]>;
  /** Symbols whose name matches `query` (the editor's "Go to Symbol in Workspace"). */
  workspaceSymbols?(query: string, ctx: AnalysisContext): Promise<readonly WorkspaceSymbolEntry[]>;
}

/** A symbol found by name across the workspace (and the trees it uses). */
export interface WorkspaceSymbolEntry {
  readonly name: string;
  readonly kind: SymbolKind;
  /** Shown beside the name (a type and prompt, the file it is in). */
  readonly detail?: string;
  readonly location: Location;
}

/** The editor features a list of services supports, so the server can advertise exactly those. */
export interface ServiceFeatures {
  readonly hover: boolean;
  readonly completion: boolean;
  readonly completionTriggerCharacters: readonly string[];
  readonly definition: boolean;
  readonly references: boolean;
  /** Any service can attach fixes to its problems, so quick fixes exist as soon as one service is registered. */
  readonly codeActions: boolean;
  readonly documentSymbols: boolean;
  readonly workspaceSymbols: boolean;
  readonly watchPatterns: readonly string[];
}

export function serviceFeatures(services: readonly LanguageService[]): ServiceFeatures {
  const some = (has: (s: LanguageService) => boolean): boolean => services.some(has);
  const union = (pick: (s: LanguageService) => readonly string[] | undefined): string[] =>
    [...new Set(services.flatMap((s) => pick(s) ?? []))].sort();
  return {
    hover: some((s) => typeof s.hover === 'function'),
    completion: some((s) => typeof s.completion === 'function'),
    completionTriggerCharacters: union((s) => (s.completion ? s.completionTriggerCharacters : undefined)),
    definition: some((s) => typeof s.definition === 'function'),
    references: some((s) => typeof s.references === 'function'),
    codeActions: services.length > 0,
    documentSymbols: some((s) => typeof s.documentSymbols === 'function'),
    workspaceSymbols: some((s) => typeof s.workspaceSymbols === 'function'),
    watchPatterns: union((s) => s.watchPatterns),
  };
}

/**
 * Checks a list of services before the server starts: names must be non-empty and unique, since results and
 * logs are keyed by them. Throws with a message naming the offender; this is a programming error, not user input.
 */
export function checkServices(services: readonly LanguageService[]): readonly LanguageService[] {
  const seen = new Set<string>();
  for (const s of services) {
    if (!s.name || !/^[a-z0-9][a-z0-9-]*$/.test(s.name)) {
      throw new Error(`language service name ${JSON.stringify(s.name)} must be kebab-case`);
    }
    if (seen.has(s.name)) throw new Error(`two language services are named ${JSON.stringify(s.name)}`);
    seen.add(s.name);
  }
  return services;
}
