// The Kconfig engine as a language service: fragments are checked as the set Kata's build merges
// (or on their own), against the kernel tree in use; Kconfig files get their parse problems.

import * as path from 'node:path';
import { problem, type Problem } from '../../common/problem';
import { lineSpan } from '../../common/span';
import type { AnalysisContext, DocumentSnapshot, LanguageService, ProblemsByFile } from '../../services';
import { shellAllowed } from '../../settings';
import { analyzeFragmentSet, type FragmentSetAnalysis } from './analysis';
import { checkFragmentAlone } from './checks/fragmentAlone';
import { classifyFile } from './files';
import { parseFragment } from './fragment';
import { findKataKernelDir, parseWhitelist } from './kata';
import { findKataCheckout, kataFragmentSetFor, pinnedKernelVersion, problemsOfWhitelist } from './kataSet';
import { KernelTreeCache, discoverKernelTree, isKernelTree, type KernelTree } from './kernelTree';
import type { KconfigFileSystem } from './parser';

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
  readonly watchPatterns = ['**/Kconfig', '**/Kconfig.*', '**/configs/fragments/**/*.conf', '**/whitelist.conf'];
  private trees: KernelTreeCache | undefined;
  private readonly lastAnalysis = new Map<string, FragmentSetAnalysis>();
  private fingerprintSource: ((file: string) => string | undefined) | undefined;

  handles(doc: DocumentSnapshot): boolean {
    return kindOf(doc) !== undefined;
  }

  filesChanged(paths: readonly string[]): void {
    for (const p of paths) this.trees?.invalidate(p);
  }

  /** The kernel tree to check against, or why there is none ('invalid' when the setting names a non-tree). */
  private treeFor(ctx: AnalysisContext): KernelTree | 'invalid' | undefined {
    const fsView: KconfigFileSystem = { read: (p) => ctx.files.read(p), list: (d) => ctx.files.list(d) };
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
      // Fingerprints come from the context of the moment: open buffers win over the disk.
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
    });
    ctx.setStatus({ kernelTree: tree.dir, kernelVersion: tree.version, message: undefined });
    return tree;
  }

  dependencies(doc: DocumentSnapshot, ctx: AnalysisContext): readonly string[] {
    if (!doc.path) return [];
    // The whole configs folder: every fragment of the set and the whitelists.
    const kernelDir = findKataKernelDir(doc.path, { read: (p) => ctx.files.read(p), list: (d) => ctx.files.list(d) });
    return kernelDir ? [path.join(kernelDir, 'configs')] : [];
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

    // The set this fragment belongs to: Kata's, when it lives in a Kata checkout's fragment folders.
    const files0 = { read: (p: string) => ctx.files.read(p), list: (d: string) => ctx.files.list(d) };
    const kataDir = ctx.settings.kataCheckout ?? findKataCheckout(doc.path, files0);
    const set = kataDir
      ? kataFragmentSetFor(
          kataDir,
          { arch: ctx.settings.arch, confidential: ctx.settings.kernel.confidential, debug: ctx.settings.kernel.debug, gpuVendor: ctx.settings.kernel.gpuVendor },
          files0,
        )
      : undefined;
    const inSet = set?.fragments.includes(doc.path);
    const files = set && inSet ? set.fragments : [doc.path];
    const fragments = files.map((f) => ({ file: f, text: f === doc.path ? doc.text : (ctx.files.read(f) ?? '') }));
    if (ctx.isCancelled()) return result;
    // The last analysis of the same set lets an edit re-compute only what it can affect.
    const setKey = `${tree.dir}\0${ctx.settings.arch}\0${files.join('\0')}`;
    const previous = this.lastAnalysis.get(setKey);
    const analysis = analyzeFragmentSet({ model: tree.model, srctree: tree.dir, fragments, mode: 'allnoconfig', whitelist: inSet ? set?.whitelist : undefined, previous });
    this.lastAnalysis.delete(setKey);
    this.lastAnalysis.set(setKey, analysis);
    // A few sets at most are edited at a time; keep the most recent ones.
    while (this.lastAnalysis.size > 4) this.lastAnalysis.delete(this.lastAnalysis.keys().next().value!);
    for (const f of files) result.set(f, []);
    for (const p of analysis.problems) result.get(p.file)?.push(p);
    if (set && !inSet && kataDir) {
      result.get(key)?.push(
        problem('kconfig-not-in-kata-set', 'information', `build-kernel.sh does not merge this fragment for ${ctx.settings.arch} with the current flags; it was checked on its own`, key, lineSpan(0, 0, 0)),
      );
    }
    const pinned = set?.kernelVersion ?? (kataDir ? pinnedKernelVersion(kataDir, undefined, files0) : undefined);
    if (pinned && tree.version && !sameVersion(pinned, tree.version)) {
      result.get(key)?.push(
        problem('kconfig-tree-version-mismatch', 'information', `checked against Linux ${tree.version} in ${tree.dir}, but Kata's versions.yaml pins ${pinned} for this build; results can differ`, key, lineSpan(0, 0, 0)),
      );
    }
    return result;
  }
}

function sameVersion(pinned: string, tree: string): boolean {
  const a = pinned.replace(/^v/, '');
  return tree === a || tree.startsWith(a + '.') || a.startsWith(tree);
}

export const kconfigService = new KconfigService();
