// The Kconfig engine as a language service: fragments are checked as the set Kata's build merges
// (or on their own), against the kernel tree in use; Kconfig files get their parse problems.

import * as path from 'node:path';
import { problem, type Fix, type Problem } from '../../common/problem';
import { lineSpan } from '../../common/span';
import type { Location, Position, Span } from '../../common/span';
import type { AnalysisContext, CompletionResult, DocumentSnapshot, DocumentSymbolEntry, HoverResult, LanguageService, ProblemsByFile, WorkspaceSymbolEntry } from '../../services';
import { shellAllowed } from '../../settings';
import { analyzeFragmentSet, suggestedNames, type FragmentSetAnalysis, type LostValue } from './analysis';
import { checkFragmentAlone } from './checks/fragmentAlone';
import { unmetSelectsIn } from './checks/selectUnmet';
import { kconfigDefinitionsInTree, readText, symbolsDefinedIn, undefinedReferences } from './checks/undefinedSymbols';
import { fragmentCompletion, kconfigCompletion } from './features/completion';
import { dependencyFix, dependencyLines, selectorFixLines } from './features/fixes';
import { fragmentSymbolAt, kconfigWordAt, previewMarkdown, symbolHoverMarkdown } from './features/hover';
import { fragmentOutline, kconfigOutline } from './features/outline';
import { previewCandidates, previewValues, type ValueEffect } from './features/preview';
import { referencesInFragment, referencesInKconfig } from './features/references';
import { classifyFile } from './files';
import { parseFragment } from './fragment';
import { findKataKernelDir, parseWhitelist } from './kata';
import { findKataCheckout, kataFragmentSetFor, pinnedKernelVersion, problemsOfWhitelist } from './kataSet';
import { KernelTreeCache, discoverKernelTree, isKernelTree, type KernelTree } from './kernelTree';
import type { KconfigModel, MenuNode } from './model';
import type { ReadonlyFileSystem } from './kata/fragmentSet';
import type { KconfigFileSystem } from './parser';
import { diskRealPath, runConf, type ConfigRun } from './tree';
import { appendAll } from '../../common/arrays';

function kindOf(doc: DocumentSnapshot) {
  if (doc.languageId === 'kconfig') return 'kconfig';
  if (doc.languageId === 'kata-kernel-whitelist') return 'whitelist';
  const byName = doc.path ? classifyFile(doc.path) : undefined;
  if (byName) return byName;
  if (doc.languageId === 'kconfig-fragment') return 'fragment';
  return undefined;
}

export class KconfigService implements LanguageService {
  readonly name = 'kconfig';
  readonly failureCode = 'kconfig-internal-error';
  readonly watchPatterns = ['**/Kconfig', '**/Kconfig.*', '**/configs/fragments/**/*.conf', '**/whitelist.conf'];
  private trees: KernelTreeCache | undefined;
  private readonly lastAnalysis = new Map<string, { model: KconfigModel; files: readonly string[]; texts: readonly string[]; analysis: FragmentSetAnalysis }>();
  private fingerprintSource: ((file: string) => string | undefined) | undefined;

  handles(doc: DocumentSnapshot): boolean {
    return kindOf(doc) !== undefined;
  }

  /** Snapshots of models to write (see writeLater). */
  private readonly pendingWrites: (() => void)[] = [];
  private writeTimer: NodeJS.Timeout | undefined;

  /**
   * Runs `write` a second from now, or when the server stops if that comes first: encoding and writing a
   * model takes a few hundred milliseconds, which must not hold up the diagnostics of the analysis that
   * parsed it (they are sent on a later turn of the event loop) nor the requests that follow at once.
   */
  private writeLater(write: () => void): void {
    this.pendingWrites.push(write);
    this.writeTimer ??= setTimeout(() => this.writePending(), WRITE_DELAY_MS);
    this.writeTimer.unref?.();
  }

  private writePending(): void {
    clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    for (const write of this.pendingWrites.splice(0)) write();
  }

  shutdown(): void {
    this.writePending();
  }

  filesChanged(paths: readonly string[]): void {
    for (const p of paths) {
      this.trees?.invalidate(p);
      // A Kconfig file of a tree whose definitions are known: read it again (or forget it when gone).
      if (!path.basename(p).startsWith('Kconfig')) continue;
      for (const [dir, known] of this.definitions) {
        if (!p.startsWith(dir + path.sep)) continue;
        const text = readText(p);
        if (text === undefined) known.byFile.delete(p);
        else known.byFile.set(p, symbolsDefinedIn(text));
        known.names = undefined;
      }
    }
  }

  /** Per fragment document: the Kconfig files of the model it was checked against (few documents at a time). */
  private readonly kconfigFilesOf = new Map<string, readonly string[]>();

  /** What every Kconfig file of a tree defines, for any architecture (read once per tree, then kept up to date). */
  private readonly definitions = new Map<string, { byFile: Map<string, string[]>; names: Set<string> | undefined }>();

  private definedNames(dir: string): ReadonlySet<string> {
    let known = this.definitions.get(dir);
    if (!known) this.definitions.set(dir, (known = { byFile: kconfigDefinitionsInTree(dir), names: undefined }));
    known.names ??= new Set([...known.byFile.values()].flat());
    return known.names;
  }

  /** The kernel tree to check against, or why there is none ('invalid' when the setting names a non-tree). */
  private treeFor(ctx: AnalysisContext): KernelTree | 'invalid' | undefined {
    const fsView = fileView(ctx);
    const configured = ctx.settings.kernelTree;
    if (configured && !isKernelTree(configured, fsView)) {
      ctx.setStatus({ message: `kataToolkit.kernelTree: ${configured} is not a kernel tree` });
      return 'invalid';
    }
    const dir = configured ?? discoverKernelTree(ctx.workspaceFolders, fsView);
    if (!dir) {
      ctx.setStatus({ message: 'no kernel tree found: set kataToolkit.kernelTree' });
      return undefined;
    }
    if (!this.trees) {
      // Fingerprints come from the context of the moment: open buffers win over the disk (and keep the
      // model out of the snapshot on disk).
      this.trees = new KernelTreeCache((f) => this.fingerprintSource?.(f));
    }
    this.fingerprintSource = (f) => ctx.files.fingerprint(f);
    ctx.setStatus({ kernelTree: dir, message: 'loading Kconfig' });
    const tree = this.trees.get({
      tree: dir,
      arch: ctx.settings.arch,
      allowShell: shellAllowed(ctx.settings, ctx.trusted),
      cacheDir: ctx.settings.cacheDirectory,
      fs: fsView,
      // A new snapshot of the model is written a while after this analysis, once its diagnostics are out.
      deferWrite: (write) => this.writeLater(write),
    });
    ctx.setStatus({ kernelTree: tree.dir, kernelVersion: tree.version, message: undefined });
    // allnoconfig without a fragment came with the model from its snapshot: no need to compute it.
    if (tree.allnoconfig && !this.defaultsRuns.has(tree.model)) this.defaultsRuns.set(tree.model, tree.allnoconfig);
    return tree;
  }

  dependencies(doc: DocumentSnapshot, ctx: AnalysisContext): readonly string[] {
    if (!doc.path) return [];
    // A Kconfig file shows values of the fragment set checked last, whichever that is: any fragment of the
    // workspace (and of the set, which may live elsewhere) is an input. Re-checking a Kconfig file is cheap.
    if (kindOf(doc) === 'kconfig') return [...ctx.workspaceFolders, ...([...this.lastAnalysis.values()].at(-1)?.files ?? [])];
    // The whole configs folder: every fragment of the set and the whitelists; and the tree's Kconfig
    // files, so that editing one in the editor re-checks the fragments.
    const kernelDir = findKataKernelDir(doc.path, fileView(ctx));
    return [...(kernelDir ? [path.join(kernelDir, 'configs')] : []), ...(this.kconfigFilesOf.get(doc.uri) ?? [])];
  }

  async analyze(doc: DocumentSnapshot, ctx: AnalysisContext): Promise<ProblemsByFile> {
    const result = new Map<string, Problem[]>();
    const key = doc.path ?? doc.uri;
    const kind = kindOf(doc);
    result.set(key, []);
    const found = this.treeFor(ctx);
    if (kind === 'whitelist') {
      // Problems grep -v -f would cause; with a tree, also entries that hide other symbols.
      result.set(key, problemsOfWhitelist(parseWhitelist(key, doc.text), found === 'invalid' ? undefined : found?.model));
      return result;
    }
    if (ctx.isCancelled()) return result;
    const tree = found === 'invalid' ? undefined : found;

    if (kind === 'kconfig') {
      if (tree && doc.path && tree.model.files.some((f) => f.path === doc.path)) {
        result.set(key, tree.model.problems.filter((p) => p.file === doc.path));
        if (!tree.model.fatal) {
          // Values from the fragment set checked last against this tree, else from allnoconfig.
          const latest = this.latestAnalysis(tree.model);
          const ev = latest?.analysis.run.evaluation ?? this.defaultsRun(tree.model).evaluation;
          const names = latest?.files.map((f) => path.basename(f)) ?? [];
          const under = latest ? `with the fragment set checked last (${names.slice(0, 3).join(', ')}${names.length > 3 ? `, and ${names.length - 3} more` : ''})` : 'in allnoconfig';
          appendAll(result.get(key)!, unmetSelectsIn(doc.path, doc.text, ev, under));
        }
      }
      if (tree && doc.path && doc.path.startsWith(tree.dir + path.sep) && !ctx.isCancelled()) {
        // The file's own definitions as the editor has them (not saved yet) count too.
        const inTree = this.definedNames(tree.dir);
        const own = new Set(symbolsDefinedIn(doc.text));
        appendAll(result.get(key)!, undefinedReferences(key, doc.text, { has: (n) => own.has(n) || inTree.has(n) }, (word) => suggestedNames(tree.model, word)));
      }
      return result;
    }

    const fragment = parseFragment(key, doc.text);
    if (!tree || !doc.path) {
      const problems = checkFragmentAlone(fragment);
      if (found === 'invalid') {
        problems.push(
          problem('kconfig-kernel-tree-invalid', 'warning', `the kataToolkit.kernelTree setting (${ctx.settings.kernelTree}) is not a kernel tree (no Makefile with VERSION, or no Kconfig), so values were not checked`, key, lineSpan(0, 0, 0)),
        );
      }
      result.set(key, problems);
      return result;
    }
    if (tree.model.fatal) {
      result.set(key, [
        ...checkFragmentAlone(fragment),
        problem('kconfig-tree-errors', 'warning', `the Kconfig files of ${tree.dir} have errors (the kernel's conf would stop), so values were not checked`, key, lineSpan(0, 0, 0)),
      ]);
      return result;
    }

    this.kconfigFilesOf.delete(doc.uri);
    this.kconfigFilesOf.set(doc.uri, tree.model.files.map((f) => f.path));
    while (this.kconfigFilesOf.size > 32) this.kconfigFilesOf.delete(this.kconfigFilesOf.keys().next().value!);
    const { analysis, files, set, inSet, kataDir } = this.analyzeSetOf(doc, doc.path, tree, ctx, false);
    if (ctx.isCancelled()) return result;
    for (const f of files) result.set(f, []);
    for (const p of analysis.problems) result.get(p.file)?.push(p);
    if (set) {
      // What build-kernel.sh makes of the set itself, as `check --kata-dir` reports it: a tag it ignores, a
      // fragment folder it cannot list, a -g it refuses. A problem about a file goes to that file; one about a
      // folder or a file that does not exist, which an editor cannot show, goes to this fragment's first line
      // (its message names the path).
      for (const p of set.problems) {
        const there = result.get(p.file) ?? (ctx.files.read(p.file) !== undefined ? result.set(p.file, []).get(p.file) : undefined);
        if (there) there.push(p);
        else result.get(key)?.push({ ...p, file: key, span: lineSpan(0, 0, 0) });
      }
    }
    if (set && !inSet && kataDir) {
      result.get(key)?.push(
        problem('kconfig-not-in-kata-set', 'information', `build-kernel.sh does not merge this fragment for ${ctx.settings.arch} with the current flags; it was checked on its own`, key, lineSpan(0, 0, 0)),
      );
    }
    const pinned = set?.kernelVersion ?? (kataDir ? pinnedKernelVersion(kataDir, undefined, fileView(ctx)) : undefined);
    if (pinned && tree.version && !sameVersion(pinned, tree.version)) {
      result.get(key)?.push(
        problem('kconfig-tree-version-mismatch', 'information', `checked against Linux ${tree.version} in ${tree.dir}, but Kata's versions.yaml pins ${pinned} for this build; results can differ`, key, lineSpan(0, 0, 0)),
      );
    }
    return result;
  }

  /**
   * The fragment set a fragment is checked in (Kata's, when it lives in a Kata checkout's fragment
   * folders; else the fragment alone) and its analysis. The last analysis of the same set is kept: it
   * lets a new run re-compute only what an edit can affect, and with `reuse` (hover, completion) it is
   * taken as it is when no fragment text changed. Checks never reuse it: a whitelist may have changed.
   */
  private analyzeSetOf(doc: DocumentSnapshot, docPath: string, tree: KernelTree, ctx: AnalysisContext, reuse: boolean) {
    const files0 = fileView(ctx);
    const kataDir = ctx.settings.kataCheckout ?? findKataCheckout(docPath, files0);
    const set = kataDir
      ? kataFragmentSetFor(
          kataDir,
          { arch: ctx.settings.arch, confidential: ctx.settings.kernel.confidential, debug: ctx.settings.kernel.debug, gpuVendor: ctx.settings.kernel.gpuVendor },
          files0,
        )
      : undefined;
    const inSet = set?.fragments.includes(docPath) ?? false;
    const files = set && inSet ? set.fragments : [docPath];
    const fragments = files.map((f) => ({ file: f, text: f === docPath ? doc.text : (ctx.files.read(f) ?? '') }));
    const setKey = `${tree.dir}\0${ctx.settings.arch}\0${files.join('\0')}`;
    const previous = this.lastAnalysis.get(setKey);
    const unchanged = reuse && previous && previous.model === tree.model && previous.texts.length === fragments.length && previous.texts.every((t, i) => t === fragments[i].text);
    const options = { model: tree.model, srctree: tree.dir, fragments, mode: 'allnoconfig' as const, whitelist: inSet ? set?.whitelist : undefined };
    // A set checked first continues from allnoconfig without a fragment, when the snapshot gave it.
    const earlier = previous?.model === tree.model ? previous.analysis : tree.allnoconfig && { run: tree.allnoconfig };
    const analysis = unchanged ? previous.analysis : analyzeFragmentSet({ ...options, previous: earlier });
    this.lastAnalysis.delete(setKey);
    this.lastAnalysis.set(setKey, { model: tree.model, files, texts: fragments.map((f) => f.text), analysis });
    // A few sets at most are edited at a time; keep the most recent ones.
    while (this.lastAnalysis.size > 4) this.lastAnalysis.delete(this.lastAnalysis.keys().next().value!);
    return { analysis, files, set, inSet, kataDir, options };
  }

  /** The analysis checked last against this model (what Kconfig files show values from). */
  private latestAnalysis(model: KconfigModel) {
    return [...this.lastAnalysis.values()].reverse().find((a) => a.model === model);
  }

  async hover(doc: DocumentSnapshot, position: Position, ctx: AnalysisContext): Promise<HoverResult | undefined> {
    const kind = kindOf(doc);
    const target = nameAt(doc, position);
    if (!target) return undefined;
    const found = this.treeFor(ctx);
    if (!found || found === 'invalid') {
      if (kind !== 'fragment') return undefined;
      return { markdown: `**CONFIG_${target.name}**\n\nNo kernel tree to look it up in: set \`kataToolkit.kernelTree\`.`, span: target.span };
    }
    if (kind === 'kconfig' && !found.model.byName.has(target.name)) return undefined;
    let values: { run: ConfigRun; requests: FragmentSetAnalysis['requests']; lost: FragmentSetAnalysis['lost']; from: string };
    let preview = '';
    if (kind === 'fragment' && doc.path && !found.model.fatal) {
      const { analysis, files, options } = this.analyzeSetOf(doc, doc.path, found, ctx, true);
      values = { run: analysis.run, requests: analysis.requests, lost: analysis.lost, from: files.length === 1 ? 'this fragment alone' : `the fragment set (${files.length} files)` };
      const sym = found.model.byName.get(target.name);
      const candidates = sym ? previewCandidates(sym) : [];
      if (sym && candidates.length > 0 && !ctx.isCancelled()) {
        const line = position.line;
        const entry = parseFragment(doc.path, doc.text).lines[line];
        let byLine = this.previews.get(analysis);
        if (!byLine) this.previews.set(analysis, (byLine = new Map()));
        let effects = byLine.get(line);
        if (!effects) byLine.set(line, (effects = previewValues({ ...options, analysis, file: doc.path, line, sym, values: candidates })));
        const current = entry?.kind === 'not-set' ? 'n' : (entry?.value ?? '').replace(/\r$/, '');
        preview = previewMarkdown(effects, current);
      }
    } else {
      // A Kconfig file, or a fragment outside the disk: the most recent set checked against this tree, else no fragment at all.
      const recent = this.latestAnalysis(found.model);
      values = recent
        ? { run: recent.analysis.run, requests: recent.analysis.requests, lost: recent.analysis.lost, from: 'the fragment set checked last' }
        : { run: this.defaultsRun(found.model), requests: [], lost: [], from: 'no fragment (allnoconfig)' };
    }
    const markdown = symbolHoverMarkdown(target.name, {
      model: found.model,
      evaluation: values.run.evaluation,
      srctree: found.dir,
      valuesFrom: values.from,
      requests: values.requests,
      lost: values.lost,
      preview,
    });
    return { markdown, span: target.span };
  }

  /** The symbol under the cursor, in a fragment or a Kconfig file, with the tree that defines it. */
  private symbolAt(doc: DocumentSnapshot, position: Position, ctx: AnalysisContext) {
    const target = nameAt(doc, position);
    if (!target) return undefined;
    const found = this.treeFor(ctx);
    if (!found || found === 'invalid') return undefined;
    return { target, tree: found, sym: found.model.byName.get(target.name) };
  }

  /** Where the symbol under the cursor is defined in the kernel tree (each `config`/`menuconfig` line). */
  async definition(doc: DocumentSnapshot, position: Position, ctx: AnalysisContext): Promise<readonly Location[]> {
    const at = this.symbolAt(doc, position, ctx);
    if (!at?.sym) return [];
    return at.sym.definitions.map((d) => definitionLocation(d, ctx));
  }

  /**
   * Every mention of the symbol under the cursor: the lines of the fragment set that set it (the
   * document's own set; from a Kconfig file, the set checked last) and the tree's Kconfig files.
   */
  async references(doc: DocumentSnapshot, position: Position, includeDeclaration: boolean, ctx: AnalysisContext): Promise<readonly Location[]> {
    const at = this.symbolAt(doc, position, ctx);
    if (!at) return [];
    const name = at.target.name;
    const out: Location[] = [];
    const fragmentFiles =
      kindOf(doc) === 'fragment' && doc.path
        ? this.analyzeSetOf(doc, doc.path, at.tree, ctx, true).files
        : (this.latestAnalysis(at.tree.model)?.files ?? []);
    for (const file of fragmentFiles) {
      const text = file === doc.path ? doc.text : ctx.files.read(file);
      for (const span of referencesInFragment(text ?? '', name)) out.push({ file, span });
    }
    if (kindOf(doc) === 'fragment' && !doc.path) {
      for (const span of referencesInFragment(doc.text, name)) out.push({ file: doc.uri, span });
    }
    for (const f of at.tree.model.files) {
      if (ctx.isCancelled()) break;
      for (const span of referencesInKconfig(ctx.files.read(f.path) ?? '', name, includeDeclaration)) out.push({ file: f.path, span });
    }
    return out;
  }

  /** A fragment's assignments under their comment headings; a Kconfig file's entries in their blocks. */
  async documentSymbols(doc: DocumentSnapshot): Promise<readonly DocumentSymbolEntry[]> {
    const kind = kindOf(doc);
    if (kind === 'fragment') return fragmentOutline(doc.text);
    if (kind === 'kconfig') return kconfigOutline(doc.text);
    return [];
  }

  /** Hover previews per analysis and fragment line (an analysis is reused while no text changes). */
  private readonly previews = new WeakMap<FragmentSetAnalysis, Map<number, ValueEffect[]>>();

  /** Found fixes per lost value (an analysis is reused while no text changes, so are its lost values). */
  private readonly fixCache = new WeakMap<LostValue, readonly Fix[]>();

  /**
   * For lost values on the lines in `span`: the lines to add so that the value survives, found and
   * checked by running the fragment set again (features/fixes.ts).
   */
  async codeActions(doc: DocumentSnapshot, span: Span, ctx: AnalysisContext): Promise<readonly Fix[]> {
    if (kindOf(doc) !== 'fragment' || !doc.path) return [];
    const found = this.treeFor(ctx);
    if (!found || found === 'invalid' || found.model.fatal) return [];
    const { analysis, options, set, inSet } = this.analyzeSetOf(doc, doc.path, found, ctx, true);
    const out: Fix[] = notSetForms(doc, span, found.model);
    const whitelistFile = inSet ? set?.whitelistFiles[set.whitelistFiles.length - 1] : undefined;
    for (const lost of analysis.lost) {
      const line = lost.request.entry.line;
      if (lost.request.fragment.file !== doc.path || line < span.start.line || line > span.end.line) continue;
      if (ctx.isCancelled()) break;
      let fixes = this.fixCache.get(lost);
      if (fixes === undefined) {
        const change = dependencyLines({ ...options, analysis, lost });
        fixes =
          change && change.lines.length + change.rewrites.length > 0
            ? [dependencyFix(lost, change)]
            : // No prompt: a symbol that selects it, with what that one needs.
              selectorFixLines({ ...options, analysis, lost }).map((f) => dependencyFix(lost, f.change, f.selector));
        this.fixCache.set(lost, fixes);
      }
      const resolves = lost.problem ? { code: lost.problem.code, span: lost.problem.span } : undefined;
      const tie = (f: Fix): Fix => (resolves ? { ...f, resolves } : f);
      out.push(...fixes.map(tie));
      if (whitelistFile && lost.whitelistedBy.length === 0) out.push(tie(whitelistFix(whitelistFile, ctx.files.read(whitelistFile) ?? '', lost.request.name)));
    }
    return out;
  }

  /** Symbols of the kernel tree in use whose name contains the query (any case), at their definitions. */
  async workspaceSymbols(query: string, ctx: AnalysisContext): Promise<readonly WorkspaceSymbolEntry[]> {
    const found = this.treeFor(ctx);
    if (!found || found === 'invalid') return [];
    const want = query.replace(/^CONFIG_/i, '').toUpperCase();
    const out: WorkspaceSymbolEntry[] = [];
    const linesOf = new Map<string, readonly string[]>();
    for (const sym of found.model.byName.values()) {
      if (sym.name === undefined || sym.definitions.length === 0 || (want !== '' && !sym.name.toUpperCase().includes(want))) continue;
      const prompt = sym.definitions.find((d) => d.prompt?.text !== undefined)?.prompt?.text;
      for (const d of sym.definitions) {
        out.push({ name: `CONFIG_${sym.name}`, kind: 'option', detail: `${sym.type}${prompt ? ` · ${prompt}` : ''}`, location: definitionLocation(d, ctx, linesOf) });
      }
      if (out.length >= MAX_WORKSPACE_SYMBOLS) break;
    }
    return out;
  }

  readonly completionTriggerCharacters = ['='];

  /** Symbol names and values in fragments; keywords and symbol names in Kconfig files. */
  async completion(doc: DocumentSnapshot, position: Position, ctx: AnalysisContext): Promise<CompletionResult> {
    const none = { items: [], incomplete: false };
    const kind = kindOf(doc);
    if (kind !== 'fragment' && kind !== 'kconfig') return none;
    const found = this.treeFor(ctx);
    if (!found || found === 'invalid' || found.model.fatal) return none;
    const evaluation =
      kind === 'fragment' && doc.path
        ? this.analyzeSetOf(doc, doc.path, found, ctx, true).analysis.run.evaluation
        : (this.latestAnalysis(found.model)?.analysis.run.evaluation ?? this.defaultsRun(found.model).evaluation);
    const cc = { model: found.model, evaluation };
    return kind === 'fragment' ? fragmentCompletion(doc.text, position.line, position.column, cc) : kconfigCompletion(doc.text, position.line, position.column, cc);
  }

  private readonly defaultsRuns = new WeakMap<KconfigModel, ConfigRun>();

  /** allnoconfig with no fragment, once per model. */
  private defaultsRun(model: KconfigModel): ConfigRun {
    let run = this.defaultsRuns.get(model);
    if (!run) this.defaultsRuns.set(model, (run = runConf(model, 'allnoconfig', undefined)));
    return run;
  }
}

/** The files as the engine reads them: open documents win over the disk. */
function fileView(ctx: AnalysisContext): KconfigFileSystem & ReadonlyFileSystem {
  return { read: (p) => ctx.files.read(p), list: (d) => ctx.files.list(d), realPath: diskRealPath };
}

/** The symbol name under the cursor: on a fragment's assignment or not-set line, or a word of a Kconfig file. */
function nameAt(doc: DocumentSnapshot, position: Position) {
  const kind = kindOf(doc);
  if (kind === 'fragment') return fragmentSymbolAt(doc.text, position.line, position.column);
  if (kind === 'kconfig') return kconfigWordAt(doc.text, position.line, position.column);
  return undefined;
}

/**
 * Accepting the loss: an entry for Kata's whitelist, written so that it matches this symbol's report
 * line only (a bare name would also hide every symbol whose name starts with it).
 */
function whitelistFix(file: string, text: string, name: string): Fix {
  const lines = text.split('\n');
  const last = lines.length - 1;
  const needsNewline = lines[last] !== '';
  const entry = `CONFIG_${name} not in final`;
  return {
    title: `Accept the loss: add '${entry}' to ${path.basename(file)}`,
    edits: [{ file, span: lineSpan(last, lines[last].length, 0), newText: `${needsNewline ? '\n' : ''}${entry}\n` }],
  };
}

/**
 * `CONFIG_X=n` and `# CONFIG_X is not set` mean the same to conf for a bool or tristate: offer to
 * write a line on the cursor in the other form.
 */
function notSetForms(doc: DocumentSnapshot, span: Span, model: KconfigModel): Fix[] {
  const out: Fix[] = [];
  const file = doc.path ?? doc.uri;
  for (const l of parseFragment(file, doc.text).lines) {
    if (l.line < span.start.line || l.line > span.end.line || l.name === undefined) continue;
    const sym = model.byName.get(l.name);
    if (!sym || (sym.type !== 'bool' && sym.type !== 'tristate')) continue;
    const end = l.text.replace(/\r$/, '').length;
    if (l.kind === 'assign' && l.value?.replace(/\r$/, '') === 'n') {
      out.push({ title: `Write as '# CONFIG_${l.name} is not set'`, edits: [{ file, span: lineSpan(l.line, 0, end), newText: `# CONFIG_${l.name} is not set` }] });
    } else if (l.kind === 'not-set') {
      out.push({ title: `Write as 'CONFIG_${l.name}=n'`, edits: [{ file, span: lineSpan(l.line, 0, end), newText: `CONFIG_${l.name}=n` }] });
    }
  }
  return out;
}

/** The name on a definition's `config NAME` line, found in the file's text (the model keeps the line only). */
function definitionLocation(def: MenuNode, ctx: AnalysisContext, linesOf = new Map<string, readonly string[]>()): Location {
  const line = def.line - 1;
  let lines = linesOf.get(def.file);
  if (!lines) linesOf.set(def.file, (lines = ctx.files.read(def.file)?.split('\n') ?? []));
  const text = lines[line] ?? '';
  const name = def.sym?.name ?? '';
  const m = new RegExp(`^\\s*(?:config|menuconfig|choice)\\s+(${name})\\b`).exec(text);
  const column = m ? m[0].length - name.length : 0;
  return { file: def.file, span: lineSpan(line, column, m ? name.length : 0) };
}

/** How long after a load its model snapshot is written (see writeLater). */
const WRITE_DELAY_MS = 1000;

/** At most this many answers to a workspace symbol search (the editor asks again as the query grows). */
const MAX_WORKSPACE_SYMBOLS = 500;

function sameVersion(pinned: string, tree: string): boolean {
  const a = pinned.replace(/^v/, '');
  return tree === a || tree.startsWith(a + '.') || a.startsWith(tree);
}

export const kconfigService = new KconfigService();
