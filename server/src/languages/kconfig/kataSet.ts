// The fragment set Kata's build-kernel.sh merges for an architecture and build flags, with its
// whitelist turned into the filter the analysis applies to lost values.

import * as path from 'node:path';
import type { Problem } from '../../common/problem';
import type { LostValueFilter } from './analysis';
import type { KconfigModel } from './model';
import {
  assembleFragmentSet,
  findKataKernelDir,
  kataVersionsFile,
  nodeFileSystem,
  parseKataVersions,
  parseWhitelist,
  pinnedKernelVersion as pinnedFor,
  whitelistMatches,
  whitelistProblems,
  type KataBuildOptions,
  type ReadonlyFileSystem,
  type Whitelist,
} from './kata';

export interface KataSet {
  readonly fragments: readonly string[];
  readonly whitelistFiles: readonly string[];
  readonly whitelist: LostValueFilter;
  readonly problems: readonly Problem[];
  /** The kernel version this build uses (from -v or versions.yaml), if known. */
  readonly kernelVersion: string | undefined;
  /** Problems in the whitelist files themselves; with a model, also entries that hide other symbols. */
  whitelistProblems(model?: KconfigModel): Problem[];
}

/** The Kata checkout a file belongs to (the folder holding tools/packaging/kernel), if any. */
export function findKataCheckout(file: string, fs: ReadonlyFileSystem = nodeFileSystem): string | undefined {
  const kernelDir = findKataKernelDir(file, fs);
  if (!kernelDir) return undefined;
  const parts = kernelDir.split(path.sep);
  // tools/packaging/kernel in kata-containers; kernel/ in the old packaging repository.
  if (parts.slice(-3).join('/') === 'tools/packaging/kernel') return parts.slice(0, -3).join(path.sep) || path.sep;
  return path.dirname(kernelDir);
}

export function kataFragmentSetFor(kataDir: string, options: KataBuildOptions, fs: ReadonlyFileSystem = nodeFileSystem): KataSet {
  const set = assembleFragmentSet(path.resolve(kataDir), options, fs);
  const lists: Whitelist[] = [];
  for (const file of set.whitelistFiles) {
    const text = fs.read(file);
    if (text !== undefined) lists.push(parseWhitelist(file, text));
  }
  return {
    fragments: set.fragments,
    whitelistFiles: set.whitelistFiles,
    problems: set.problems,
    kernelVersion: set.kernelVersion,
    whitelist: {
      // With -s (or a whole .config) the script does not check lost values at all.
      hiddenBy: (line) =>
        set.checksNotInFinal ? lists.flatMap((w) => whitelistMatches(w, line).map((e) => ({ pattern: e.pattern, file: w.file, line: e.line }))) : [{ pattern: '(check disabled: -s)', file: kataDir, line: 0 }],
    },
    whitelistProblems: (model) => lists.flatMap((w) => problemsOfWhitelist(w, model)),
  };
}

/** A whitelist's own problems (blank lines, invalid patterns, ...); with a tree, also entries that hide other symbols. */
export function problemsOfWhitelist(list: Whitelist, model?: KconfigModel): Problem[] {
  if (!model) return [...list.problems];
  const names = [...model.byName.values()].filter((s) => s.type !== 'unknown').map((s) => `CONFIG_${s.name}`);
  return [...list.problems, ...whitelistProblems(list, names)];
}

/** The kernel version versions.yaml pins for a flavour ('kernel' when undefined), without a leading v. */
export function pinnedKernelVersion(kataDir: string, flavour: string | undefined, fs: ReadonlyFileSystem = nodeFileSystem): string | undefined {
  const kernelDir = findKataKernelDir(kataDir, fs);
  const file = kernelDir ? kataVersionsFile(kernelDir) : undefined;
  const text = file ? fs.read(file) : undefined;
  if (!file || text === undefined) return undefined;
  return pinnedFor(parseKataVersions(file, text), flavour ?? 'kernel').pin?.version;
}
