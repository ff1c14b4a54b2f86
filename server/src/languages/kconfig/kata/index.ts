// How Kata Containers assembles its guest kernel config: fragment sets, whitelists and pinned kernel versions.

export {
  assembleFragmentSet,
  detectScriptTraits,
  findKataKernelDir,
  kataVersionsFile,
  nodeFileSystem,
  sortBytewise,
  type ExcludedFragment,
  type FragmentEntry,
  type FragmentGroup,
  type FragmentSet,
  type KataBuildOptions,
  type ReadonlyFileSystem,
  type ScriptTraits,
} from './fragmentSet';
export {
  compileBre,
  excusedBy,
  notInFinalLine,
  parseWhitelist,
  whitelistDrops,
  whitelistMatches,
  whitelistProblems,
  type Whitelist,
  type WhitelistEntry,
} from './whitelist';
export {
  buildKernelVersionKeys,
  kernelFlavours,
  lookup as lookupKernelPin,
  parseKataVersions,
  pinnedKernelVersion,
  type KataVersions,
  type KernelPin,
  type PinnedKernel,
} from './versions';
