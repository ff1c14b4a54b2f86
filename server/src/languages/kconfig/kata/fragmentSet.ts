// Which config fragments `build-kernel.sh setup` hands to merge_config.sh, in which order, and which whitelist
// files then filter its "not in final .config" reports. Modelled on kata-containers tools/packaging/kernel/
// build-kernel.sh at 7c6ba40c (2026-08-22); older scripts are recognised from their text (see ScriptTraits).
//
// What the script does (get_kernel_frag_path), in merge order:
//   1. common/*.conf (shell glob, top level only) minus every file that contains `!<kernel arch>` anywhere, and with
//      -x also `!confidential` (`grep -e '!<arch>' [-e '!confidential'] common/*.conf -L`)
//   2. <kernel arch>/*.conf                     (`ls`, top level only, no tag filtering)
//   3. build-type/<type>/**.conf                (`find -name '*.conf'`, recursive, directory order) for -b / -e
//   4. gpu/<vendor>.<kernel arch>.conf.in       (run through envsubst into a temporary .conf) for -g
//   5. common/confidential_containers/cryptsetup.conf                                           for -m
//   6. <kernel arch>/confidential/*.conf, then common/confidential_containers/tmpfs.conf        for -x
//   7. common/signing/module_signing.conf                                     when KBUILD_SIGN_PIN is set
//   8. debug/*.conf                                                           when KERNEL_DEBUG_ENABLED=yes
// Globs and `ls` sort by the C locale's byte order: Kata runs the script in ubuntu:22.04 with no LANG set.
// merge_config.sh output is then cut to lines containing "not in final", filtered with `grep -v -f
// whitelist.conf`, then with `grep -v -f whitelist-<kernel version>.conf` when that file exists; any line left
// stops the build (unless -s). "redefined" and "redundant" reports never stop it: they were cut away before.
// The function runs inside `$(...)`, where bash drops `set -e`, so a missing directory or file (an `ls` that
// fails) silently contributes nothing. What does stop it: an unknown architecture or GPU vendor, a missing or
// empty build-type directory, and a missing GPU template (merge_config.sh then refuses the absent file).

import * as nodeFs from 'node:fs';
import * as nodePath from 'node:path';
import { problem, type Problem } from '../../../common/problem';
import { lineSpan, type Span } from '../../../common/span';
import { buildKernelVersionKeys, lookup, parseKataVersions, pinnedKernelVersion } from './versions';

/** Read access to files; `FileSource` from services.ts fits. Never throws. */
export interface ReadonlyFileSystem {
  /** The text of a file; undefined when it does not exist, cannot be read or is a directory. */
  read(path: string): string | undefined;
  /** Names of a directory's entries; undefined when it is not a readable directory. */
  list(dir: string): readonly string[] | undefined;
}

export const nodeFileSystem: ReadonlyFileSystem = {
  read(path) {
    try {
      return nodeFs.readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  list(dir) {
    try {
      return nodeFs.readdirSync(dir);
    } catch {
      return undefined;
    }
  },
};

/** The inputs of `build-kernel.sh [options] setup` that change which fragments are merged. */
export interface KataBuildOptions {
  /**
   * `-a`: as `uname -m` names it (x86_64, aarch64, s390x, ppc64le, riscv64). The kernel's names (arm64, s390,
   * powerpc, riscv) are accepted too, although the script itself only takes the uname ones.
   */
  readonly arch: string;
  /** `-x`: a confidential guest kernel. */
  readonly confidential?: boolean;
  /** The value of `-x <type>` in scripts before 2024-02 (confidential, sev, snp, tdx); implies `confidential`. */
  readonly confidentialGuestType?: string;
  /** `-g <vendor>`: intel or nvidia. */
  readonly gpuVendor?: string;
  /** `-D <vendor>` (2024-07 to 2026-04 only): DPU/SmartNIC vendor, nvidia. */
  readonly dpuVendor?: string;
  /** `-b <type>`: a directory under fragments/build-type/. */
  readonly buildType?: string;
  /** `-e`: build type "experimental", or "dragonball-experimental" together with `hypervisor: 'dragonball'`. Wins over buildType. */
  readonly experimental?: boolean;
  /** `-t <hypervisor>`; only dragonball changes the fragments (with -e). Also names the pre-fragment config file. */
  readonly hypervisor?: string;
  /** `-m`: measured rootfs. */
  readonly measuredRootfs?: boolean;
  /** KERNEL_DEBUG_ENABLED=yes in the environment. */
  readonly debug?: boolean;
  /** KBUILD_SIGN_PIN set in the environment. */
  readonly moduleSigning?: boolean;
  /** `-s`: skip the "not in final .config" check (the whitelists then do nothing). */
  readonly skipConfigChecks?: boolean;
  /** `-v <version>`; otherwise read from versions.yaml as the script does. Picks whitelist-<version>.conf. */
  readonly kernelVersion?: string;
  /** `-c <path>`: a ready .config; no fragments are merged at all. */
  readonly configFile?: string;
}

export type FragmentGroup =
  | 'common'
  | 'arch'
  | 'build-type'
  | 'gpu'
  | 'dpu'
  | 'measured-rootfs'
  | 'confidential'
  | 'module-signing'
  | 'debug';

export interface FragmentEntry {
  /** Absolute, normalised path. */
  readonly path: string;
  readonly group: FragmentGroup;
  /** Why it is merged, in the script's terms. */
  readonly why: string;
  /** Set for gpu/*.conf.in: envsubst replaces these variables before merging (CONF_GUEST_SUFFIX with ""). */
  readonly template?: { readonly variables: readonly string[] };
}

export interface ExcludedFragment {
  readonly file: string;
  readonly reason: string;
  /** Where the excluding tag is, for a tagged common fragment. */
  readonly span?: Span;
}

export interface FragmentSet {
  readonly kataDir: string;
  /** tools/packaging/kernel (or kernel/ of the old kata-containers/packaging repository). */
  readonly kernelDir: string | undefined;
  readonly fragmentsDir: string | undefined;
  /** The architecture as the kernel names it (arm64, powerpc, riscv, s390, x86_64). */
  readonly kernelArch: string | undefined;
  /** Absolute paths in merge order. */
  readonly fragments: readonly string[];
  readonly entries: readonly FragmentEntry[];
  readonly excluded: readonly ExcludedFragment[];
  /** Whitelist files in the order the script applies them (only those that exist). */
  readonly whitelistFiles: readonly string[];
  /** Whether merge_config.sh's "not in final .config" reports are checked at all (false with -s or -c). */
  readonly checksNotInFinal: boolean;
  /** The kernel version (no leading v) used to pick whitelist-<version>.conf, and where it came from. */
  readonly kernelVersion: string | undefined;
  readonly kernelVersionSource: string | undefined;
  /** The whole .config used instead of fragments: `-c`, or the old configs/<arch>_kata_<hv>_<x.y>.x file. */
  readonly configFile?: string;
  /**
   * True when build-kernel.sh would stop instead of producing a config (an error among the problems says why);
   * `fragments` then still lists what it would have merged, for the editor.
   */
  readonly stops: boolean;
  readonly problems: readonly Problem[];
}

const kernelArchOf: Readonly<Record<string, string>> = {
  x86_64: 'x86_64',
  aarch64: 'arm64',
  arm64: 'arm64',
  ppc64le: 'powerpc',
  powerpc: 'powerpc',
  riscv64: 'riscv',
  riscv: 'riscv',
  s390x: 's390',
  s390: 's390',
};

/** Tags people write that build-kernel.sh never looks for, and what they probably meant. */
const tagSuggestions: Readonly<Record<string, string>> = {
  aarch64: 'arm64',
  arm: 'arm64',
  ppc64le: 'powerpc',
  ppc64: 'powerpc',
  ppc: 'powerpc',
  amd64: 'x86_64',
  x86: 'x86_64',
  x64: 'x86_64',
  tee: 'confidential',
  coco: 'confidential',
  cc: 'confidential',
};

/** The kernel packaging directory for a checkout, a directory inside it, or a file inside it. */
export function findKataKernelDir(start: string, fs: ReadonlyFileSystem = nodeFileSystem): string | undefined {
  let dir = nodePath.resolve(start);
  for (;;) {
    for (const candidate of [dir, nodePath.join(dir, 'tools', 'packaging', 'kernel'), nodePath.join(dir, 'kernel')]) {
      if (fs.list(nodePath.join(candidate, 'configs', 'fragments')) !== undefined) return candidate;
    }
    const parent = nodePath.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Features of a particular build-kernel.sh, recognised from its text; the defaults are today's script. */
export interface ScriptTraits {
  /** getopts' option string, when found. */
  readonly options: string | undefined;
  /** Which `!tag`s exclude common fragments: arch and guest type (2025-05+), arch only (2020-05+), none. */
  readonly tagExclusion: 'arch-and-guest' | 'arch' | 'none';
  /** gpu/<vendor>.<arch>.conf.in (2024-03+), <vendor>.conf.in only with -x (2023), or plain <vendor>.conf. */
  readonly gpuFile: 'arch-template' | 'guest-template' | 'plain';
  readonly dpu: boolean;
  readonly cryptsetup: boolean;
  /** -m also merged common/confidential_containers/initramfs.conf (2023-06 to 2026-02). */
  readonly initramfs: boolean;
  readonly tmpfs: boolean;
  readonly signing: boolean;
  /** debug/*.conf (2026-03+), a mistyped common/common/debug.conf that never exists (2025-07+), none. */
  readonly debug: 'debug-dir' | 'mistyped' | 'none';
  readonly versionedWhitelist: boolean;
  /** build-type/<type> (2021-09+) or common/experimental with -e (before). */
  readonly buildTypeDir: 'build-type' | 'common-experimental';
}

const headTraits: ScriptTraits = {
  options: 'a:b:c:defg:hH:k:mp:r:st:u:v:x',
  tagExclusion: 'arch-and-guest',
  gpuFile: 'arch-template',
  dpu: false,
  cryptsetup: true,
  initramfs: false,
  tmpfs: true,
  signing: true,
  debug: 'debug-dir',
  versionedWhitelist: true,
  buildTypeDir: 'build-type',
};

export function detectScriptTraits(script: string | undefined): ScriptTraits {
  if (script === undefined) return headTraits;
  const has = (text: string) => script.includes(text);
  return {
    options: /getopts\s+"([^"]*)"/.exec(script)?.[1],
    tagExclusion: has('exclude_tags') ? 'arch-and-guest' : has('\\!${arch}') ? 'arch' : 'none',
    gpuFile: has('${gpu_vendor}.${arch_target}.conf.in') ? 'arch-template' : has('${gpu_vendor}.conf.in') ? 'guest-template' : 'plain',
    dpu: has('dpu_path'),
    cryptsetup: has('cryptsetup.conf'),
    initramfs: has('confidential_containers/initramfs.conf'),
    tmpfs: has('confidential_containers/tmpfs.conf'),
    signing: has('module_signing.conf'),
    debug: has('debug_path') ? 'debug-dir' : has('common/debug.conf') ? 'mistyped' : 'none',
    versionedWhitelist: has('version_config_whitelist'),
    buildTypeDir: has('build-type/') ? 'build-type' : 'common-experimental',
  };
}

/** Work out the fragment list `build-kernel.sh setup` merges for these options. Never throws. */
export function assembleFragmentSet(
  kataDir: string,
  options: KataBuildOptions,
  fs: ReadonlyFileSystem = nodeFileSystem,
): FragmentSet {
  const problems: Problem[] = [];
  const entries: FragmentEntry[] = [];
  const excluded: ExcludedFragment[] = [];
  const root = nodePath.resolve(kataDir);
  const kernelDir = findKataKernelDir(root, fs);
  const empty = (extra: Partial<FragmentSet> = {}): FragmentSet => ({
    kataDir: root,
    kernelDir,
    fragmentsDir: kernelDir && nodePath.join(kernelDir, 'configs', 'fragments'),
    kernelArch: undefined,
    fragments: [],
    entries: [],
    excluded: [],
    whitelistFiles: [],
    checksNotInFinal: false,
    kernelVersion: undefined,
    kernelVersionSource: undefined,
    problems,
    ...extra,
    stops: stopsBuild(problems),
  });

  if (kernelDir === undefined) {
    problems.push(
      problem(
        'kata-kernel-dir-not-found',
        'error',
        `No Kata kernel packaging directory under ${root}: looked for tools/packaging/kernel/configs/fragments (and the ` +
          `old packaging repository's kernel/configs/fragments) here and in every parent directory. Point the Kata ` +
          `directory setting at a kata-containers checkout.`,
        root,
        lineSpan(0),
      ),
    );
    return empty();
  }
  const fragmentsDir = nodePath.join(kernelDir, 'configs', 'fragments');
  const scriptPath = nodePath.join(kernelDir, 'build-kernel.sh');
  const traits = detectScriptTraits(fs.read(scriptPath));
  checkOptionsAgainstScript(options, traits, scriptPath, problems);

  const kernelArch = kernelArchOf[options.arch];
  if (kernelArch === undefined) {
    problems.push(
      problem(
        'kata-fragment-unknown-arch',
        'error',
        `build-kernel.sh does not know the architecture "${options.arch}" and stops ("unsupported architecture"). ` +
          `Use one of x86_64, aarch64, s390x, ppc64le, riscv64.`,
        fragmentsDir,
        lineSpan(0),
      ),
    );
    return empty();
  }

  if (/\s/.test(fragmentsDir)) {
    problems.push(
      problem(
        'kata-fragment-path-has-space',
        'error',
        `The Kata checkout path "${kernelDir}" contains white space. build-kernel.sh passes the fragment list to ` +
          `merge_config.sh unquoted, so every path is split at the space and the merge fails. Move the checkout.`,
        fragmentsDir,
        lineSpan(0),
      ),
    );
  }

  const version = resolveKernelVersion(kernelDir, options, fs, problems);

  if (options.configFile !== undefined) {
    return empty({
      kernelArch,
      kernelVersion: version.version,
      kernelVersionSource: version.source,
      configFile: nodePath.resolve(root, options.configFile),
    });
  }

  const guest = options.confidentialGuestType ?? (options.confidential ? 'confidential' : undefined);
  let buildType = options.buildType;
  if (options.experimental) buildType = options.hypervisor === 'dragonball' ? 'dragonball-experimental' : 'experimental';

  const archDir = nodePath.join(fragmentsDir, kernelArch);
  if (fs.list(archDir) === undefined) {
    // The script then copies a whole config instead: configs/<arch>_kata_<hypervisor>_<major.minor>.x
    const hypervisor = !options.hypervisor || options.hypervisor === 'firecracker' ? 'kvm' : options.hypervisor;
    const majorMinor = version.version?.split('.').slice(0, 2).join('.');
    const legacy = majorMinor ? nodePath.join(kernelDir, 'configs', `${kernelArch}_kata_${hypervisor}_${majorMinor}.x`) : undefined;
    const legacyExists = legacy !== undefined && fs.read(legacy) !== undefined;
    problems.push(
      problem(
        'kata-fragment-missing-dir',
        legacyExists ? 'information' : 'error',
        `There is no fragment directory for ${kernelArch} (${archDir}), so build-kernel.sh merges no fragments and ` +
          (legacy === undefined
            ? `looks for configs/${kernelArch}_kata_${hypervisor}_<major.minor>.x instead, but the kernel version is unknown.`
            : legacyExists
              ? `copies ${legacy} instead.`
              : `looks for ${legacy} instead, which does not exist either: the script stops ("failed to find default config").`),
        archDir,
        lineSpan(0),
      ),
    );
    return empty({
      kernelArch,
      kernelVersion: version.version,
      kernelVersionSource: version.source,
      configFile: legacyExists ? legacy : undefined,
    });
  }

  // 1. common/*.conf minus tagged files
  const commonDir = nodePath.join(fragmentsDir, 'common');
  const commonFiles = globConf(commonDir, fs);
  if (commonFiles === undefined) {
    problems.push(missingDir(commonDir, 'the shared fragments', 'grep finds no common/*.conf and the kernel gets no shared fragments'));
  }
  const excludingTags: string[] = [];
  if (traits.tagExclusion !== 'none') excludingTags.push(kernelArch);
  if (traits.tagExclusion === 'arch-and-guest' && guest !== undefined) excludingTags.push(guest);
  for (const file of commonFiles ?? []) {
    const text = fs.read(file);
    if (text === undefined) {
      excluded.push({ file, reason: 'cannot be read, so grep -L does not list it' });
      continue;
    }
    checkTags(file, text, true, guest, traits, problems);
    const tag = excludingTags.find((t) => text.includes(`!${t}`));
    if (tag !== undefined) {
      const at = positionOf(text, `!${tag}`);
      excluded.push({
        file,
        reason: `contains "!${tag}"${tag === guest ? ' (confidential guest build, -x)' : ` (building for ${kernelArch})`}`,
        span: lineSpan(at.line, at.column, tag.length + 1),
      });
      continue;
    }
    entries.push({ path: file, group: 'common', why: 'common/*.conf' });
  }

  // 2. <arch>/*.conf
  const archFiles = globConf(archDir, fs) ?? [];
  if (archFiles.length === 0) {
    problems.push(
      problem(
        'kata-fragment-empty-dir',
        'warning',
        `${archDir} has no *.conf files. build-kernel.sh's \`ls ${kernelArch}/*.conf\` fails, and the script goes on ` +
          `without any ${kernelArch} fragments.`,
        archDir,
        lineSpan(0),
      ),
    );
  }
  for (const file of archFiles) entries.push({ path: file, group: 'arch', why: `${kernelArch}/*.conf` });

  // 3. build type
  if (buildType !== undefined && buildType !== '') addBuildType(buildType);

  // 4. GPU
  if (options.gpuVendor) addGpu(options.gpuVendor);

  // 4b. DPU (2024-07 to 2026-04)
  if (options.dpuVendor && traits.dpu) {
    const file = nodePath.join(fragmentsDir, 'dpu', `${options.dpuVendor}.conf`);
    if (fs.read(file) === undefined) {
      problems.push(
        problem(
          'kata-fragment-missing-file',
          'error',
          `-D ${options.dpuVendor} merges ${file}, which does not exist; merge_config.sh stops ("does not exist").`,
          file,
          lineSpan(0),
        ),
      );
    } else entries.push({ path: file, group: 'dpu', why: `-D ${options.dpuVendor}` });
  }

  // 5. measured rootfs
  if (options.measuredRootfs && traits.cryptsetup) {
    addOptionalFile(nodePath.join(commonDir, 'confidential_containers', 'cryptsetup.conf'), 'measured-rootfs', '-m');
    if (traits.initramfs) addOptionalFile(nodePath.join(commonDir, 'confidential_containers', 'initramfs.conf'), 'measured-rootfs', '-m');
  }

  // 6. confidential guest
  if (guest !== undefined) {
    const guestDir = nodePath.join(archDir, guest);
    const guestFiles = globConf(guestDir, fs);
    if (guestFiles === undefined || guestFiles.length === 0) {
      problems.push(
        missingDir(
          guestDir,
          `the ${guest} guest fragments for ${kernelArch}`,
          `\`ls ${kernelArch}/${guest}/*.conf\` fails and the script silently goes on without them`,
        ),
      );
    }
    for (const file of guestFiles ?? []) entries.push({ path: file, group: 'confidential', why: `-x: ${kernelArch}/${guest}/*.conf` });
    if (traits.tmpfs) addOptionalFile(nodePath.join(commonDir, 'confidential_containers', 'tmpfs.conf'), 'confidential', '-x');
  }

  // 7. module signing
  if (options.moduleSigning && traits.signing) {
    addOptionalFile(nodePath.join(commonDir, 'signing', 'module_signing.conf'), 'module-signing', 'KBUILD_SIGN_PIN');
  }

  // 8. debug
  if (options.debug) {
    if (traits.debug === 'debug-dir') {
      const debugDir = nodePath.join(fragmentsDir, 'debug');
      const debugFiles = globConf(debugDir, fs);
      if (debugFiles === undefined || debugFiles.length === 0) {
        problems.push(missingDir(debugDir, 'the debug fragments', '`ls debug/*.conf` fails and the debug kernel gets no debug options'));
      }
      for (const file of debugFiles ?? []) entries.push({ path: file, group: 'debug', why: 'KERNEL_DEBUG_ENABLED=yes: debug/*.conf' });
    } else {
      problems.push(
        problem(
          'kata-fragment-debug-ignored',
          'warning',
          traits.debug === 'mistyped'
            ? `This build-kernel.sh looks for the debug fragment at common/common/debug.conf, a path that does not exist, ` +
                `so KERNEL_DEBUG_ENABLED=yes adds nothing (fixed upstream in March 2026).`
            : `This build-kernel.sh has no debug fragments; KERNEL_DEBUG_ENABLED=yes adds nothing.`,
          scriptPath,
          lineSpan(0),
        ),
      );
    }
  }

  for (const entry of entries) {
    if (entry.group === 'common') continue;
    const text = fs.read(entry.path);
    if (text !== undefined) checkTags(entry.path, text, false, guest, traits, problems);
  }

  // Whitelists
  const checksNotInFinal = !options.skipConfigChecks;
  const whitelistFiles: string[] = [];
  const whitelist = nodePath.join(fragmentsDir, 'whitelist.conf');
  if (fs.read(whitelist) !== undefined) whitelistFiles.push(whitelist);
  else if (checksNotInFinal) {
    problems.push(
      problem(
        'kata-whitelist-missing',
        'error',
        `${whitelist} does not exist. build-kernel.sh runs \`grep -v -f\` on it anyway; grep fails, the script ignores ` +
          `the failure (\`|| true\`) and keeps an empty result, so no "not in final .config" report ever stops the build. ` +
          `Create the file, even empty.`,
        whitelist,
        lineSpan(0),
      ),
    );
  }
  if (traits.versionedWhitelist && version.version !== undefined) {
    const versioned = nodePath.join(fragmentsDir, `whitelist-${version.version}.conf`);
    if (fs.read(versioned) !== undefined) whitelistFiles.push(versioned);
  }

  const fragments = entries.map((e) => e.path);
  return {
    kataDir: root,
    kernelDir,
    fragmentsDir,
    kernelArch,
    fragments,
    entries,
    excluded,
    whitelistFiles,
    checksNotInFinal,
    kernelVersion: version.version,
    kernelVersionSource: version.source,
    stops: stopsBuild(problems),
    problems,
  };

  function addOptionalFile(file: string, group: FragmentGroup, flag: string): void {
    if (fs.read(file) !== undefined) {
      entries.push({ path: file, group, why: `${flag}: ${nodePath.relative(fragmentsDir, file)}` });
      return;
    }
    problems.push(
      problem(
        'kata-fragment-missing-file',
        'warning',
        `${flag} should merge ${file}, which does not exist. build-kernel.sh's \`ls\` fails and the script silently goes on without it.`,
        file,
        lineSpan(0),
      ),
    );
  }

  function addBuildType(type: string): void {
    const dir =
      traits.buildTypeDir === 'build-type' ? nodePath.join(fragmentsDir, 'build-type', type) : nodePath.join(commonDir, 'experimental');
    const files = findConf(dir, fs);
    if (files === undefined) {
      if (traits.buildTypeDir === 'common-experimental') return; // the old script skipped a missing directory
      problems.push(
        problem(
          'kata-fragment-missing-dir',
          'error',
          `Build type "${type}" needs the directory ${dir}, which does not exist: build-kernel.sh stops ` +
            `("No config fragments dir for ${type}").` +
            (type === 'experimental' ? ' -e alone only works together with -t dragonball (dragonball-experimental).' : ''),
          dir,
          lineSpan(0),
        ),
      );
      return;
    }
    if (files.length === 0) {
      if (traits.buildTypeDir === 'common-experimental') return;
      problems.push(
        problem(
          'kata-fragment-empty-dir',
          'error',
          `${dir} has no *.conf files: build-kernel.sh stops ("No extra configs found").`,
          dir,
          lineSpan(0),
        ),
      );
      return;
    }
    if (files.length > 1) {
      problems.push(
        problem(
          'kata-fragment-order-unspecified',
          'hint',
          `build-kernel.sh lists the ${files.length} fragments of ${nodePath.relative(fragmentsDir, dir)} with \`find\`, ` +
            `whose order depends on the file system; they are shown in byte order here. If two of them set the same ` +
            `symbol, the value that wins can differ between machines.`,
          dir,
          lineSpan(0),
        ),
      );
    }
    for (const file of files) entries.push({ path: file, group: 'build-type', why: `build type ${type}` });
  }

  function addGpu(vendor: string): void {
    if (vendor !== 'intel' && vendor !== 'nvidia') {
      problems.push(
        problem(
          'kata-fragment-unknown-gpu-vendor',
          'error',
          `build-kernel.sh only takes -g intel or -g nvidia and stops on "${vendor}".`,
          fragmentsDir,
          lineSpan(0),
        ),
      );
      return;
    }
    const gpuDir = nodePath.join(fragmentsDir, 'gpu');
    const template = traits.gpuFile === 'arch-template' || (traits.gpuFile === 'guest-template' && guest !== undefined);
    const name =
      traits.gpuFile === 'arch-template' ? `${vendor}.${kernelArch}.conf.in` : template ? `${vendor}.conf.in` : `${vendor}.conf`;
    const file = nodePath.join(gpuDir, name);
    const text = fs.read(file);
    if (text === undefined) {
      const others = (fs.list(gpuDir) ?? []).filter((n) => n.startsWith(`${vendor}.`));
      problems.push(
        problem(
          'kata-fragment-missing-file',
          'error',
          `-g ${vendor} on ${kernelArch} merges gpu/${name}, which does not exist` +
            (others.length > 0 ? ` (gpu/ has ${others.join(', ')}, which no flag merges for ${kernelArch})` : '') +
            `; envsubst has nothing to read, merge_config.sh stops ("The merge file ... does not exist") and setup fails.`,
          file,
          lineSpan(0),
        ),
      );
      return;
    }
    entries.push({
      path: file,
      group: 'gpu',
      why: `-g ${vendor}`,
      ...(template ? { template: { variables: envsubstVariables(text) } } : {}),
    });
  }
}

const fatalCodes = new Set([
  'kata-kernel-dir-not-found',
  'kata-build-option-unsupported',
  'kata-fragment-unknown-arch',
  'kata-fragment-unknown-gpu-vendor',
  'kata-fragment-path-has-space',
  'kata-fragment-missing-dir',
  'kata-fragment-empty-dir',
  'kata-fragment-missing-file',
]);

/** Whether one of the problems is an error that makes build-kernel.sh stop (`die`, or a merge that cannot run). */
function stopsBuild(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error' && fatalCodes.has(p.code));
}

/** How build-kernel.sh would come by the kernel version: -v, then versions.yaml, as the script reads it. */
function resolveKernelVersion(
  kernelDir: string,
  options: KataBuildOptions,
  fs: ReadonlyFileSystem,
  problems: Problem[],
): { version: string | undefined; source: string | undefined } {
  if (options.kernelVersion !== undefined && options.kernelVersion !== '') {
    return { version: options.kernelVersion.replace(/^v/, ''), source: '-v' };
  }
  const versionsFile = kataVersionsFile(kernelDir);
  const text = versionsFile && fs.read(versionsFile);
  if (versionsFile === undefined || text === undefined) return { version: undefined, source: undefined };
  const versions = parseKataVersions(versionsFile, text);
  problems.push(...versions.problems);
  const guest = options.confidentialGuestType ?? (options.confidential ? 'confidential' : undefined);
  let buildType = options.buildType;
  if (options.experimental) buildType = options.hypervisor === 'dragonball' ? 'dragonball-experimental' : 'experimental';
  const keys = buildKernelVersionKeys({ buildType, confidentialGuest: guest, arch: options.arch });
  const direct = lookup(versions, keys);
  if (direct !== undefined) return { version: direct.version, source: `versions.yaml ${direct.key}` };
  // The script would stop ("Kernel version is emtpy"); kata-deploy always passes -v, from its own key.
  const pinned = pinnedKernelVersion(versions, kataDeployFlavour(options, guest, buildType));
  if (pinned.pin === undefined) return { version: undefined, source: undefined };
  problems.push(
    problem(
      'kata-versions-missing-key',
      'information',
      `build-kernel.sh without -v reads ${keys.join(' or ')} from versions.yaml, which is not there, and would stop ` +
        `("Kernel version is emtpy"). kata-deploy passes -v ${pinned.pin.value} from ${pinned.pin.key}; that version is used here.`,
      versions.file,
      pinned.pin.span,
    ),
  );
  return { version: pinned.pin.version, source: `versions.yaml ${pinned.pin.key} (as kata-deploy passes it)` };
}

function kataDeployFlavour(options: KataBuildOptions, guest: string | undefined, buildType: string | undefined): string {
  if (buildType === 'dragonball-experimental') return 'dragonball-experimental';
  if (buildType === 'arm-experimental') return 'arm-experimental';
  if (options.gpuVendor === 'nvidia') return 'nvidia-gpu';
  if (guest !== undefined && guest !== 'confidential') return guest;
  if (guest !== undefined) return 'confidential';
  return 'kernel';
}

/** versions.yaml at the top of a kata-containers checkout; the old packaging repository had none. */
export function kataVersionsFile(kernelDir: string): string | undefined {
  const parts = nodePath.resolve(kernelDir).split(nodePath.sep);
  const n = parts.length;
  if (n < 4 || parts[n - 1] !== 'kernel' || parts[n - 2] !== 'packaging' || parts[n - 3] !== 'tools') return undefined;
  return nodePath.join(parts.slice(0, n - 3).join(nodePath.sep) || nodePath.sep, 'versions.yaml');
}

function checkOptionsAgainstScript(options: KataBuildOptions, traits: ScriptTraits, scriptPath: string, problems: Problem[]): void {
  const optstring = traits.options;
  if (optstring === undefined) return;
  const takes = (flag: string): 'flag' | 'argument' | undefined => {
    const i = optstring.indexOf(flag);
    if (i < 0) return undefined;
    return optstring[i + 1] === ':' ? 'argument' : 'flag';
  };
  const wanted: [boolean, string, string][] = [
    [!!(options.confidential || options.confidentialGuestType), 'x', '-x (confidential guest)'],
    [!!options.gpuVendor, 'g', '-g (GPU vendor)'],
    [!!options.dpuVendor, 'D', '-D (DPU vendor)'],
    [!!options.measuredRootfs, 'm', '-m (measured rootfs)'],
    [!!options.buildType, 'b', '-b (build type)'],
    [!!options.experimental, 'e', '-e (experimental)'],
    [!!options.skipConfigChecks, 's', '-s (skip config checks)'],
  ];
  for (const [asked, flag, label] of wanted) {
    if (!asked || takes(flag) !== undefined) continue;
    problems.push(
      problem(
        'kata-build-option-unsupported',
        'error',
        `This checkout's build-kernel.sh has no ${label} option (its getopts string is "${optstring}"); it prints ` +
          `"invalid argument" and exits. Drop the option or update the checkout.`,
        scriptPath,
        lineSpan(0),
      ),
    );
  }
  const guestType = options.confidentialGuestType;
  if (guestType !== undefined && guestType !== 'confidential' && takes('x') === 'flag') {
    problems.push(
      problem(
        'kata-build-option-unsupported',
        'error',
        `This checkout's build-kernel.sh takes -x without a type (always "confidential"); "${guestType}" guests ` +
          `were dropped in February 2024.`,
        scriptPath,
        lineSpan(0),
      ),
    );
  }
}

/** Flag `!tag`s that exclude nothing: unknown names, or tags outside common/ where the script never looks. */
function checkTags(
  file: string,
  text: string,
  isCommon: boolean,
  guest: string | undefined,
  traits: ScriptTraits,
  problems: Problem[],
): void {
  const known = ['x86_64', 'arm64', 'powerpc', 'riscv', 's390'];
  if (traits.tagExclusion === 'arch-and-guest') known.push('confidential', ...(guest !== undefined ? [guest] : []));
  const lines = text.split('\n');
  for (let line = 0; line < lines.length; line++) {
    const content = lines[line];
    if (!/^\s*#/.test(content)) continue;
    for (const m of content.matchAll(/(^|[\s#])!([A-Za-z0-9_-]+)/g)) {
      const tag = m[2];
      const column = (m.index ?? 0) + m[1].length;
      const where = lineSpan(line, column, tag.length + 1);
      if (!isCommon) {
        problems.push(
          problem(
            'kata-fragment-tag-ignored',
            'warning',
            `"!${tag}" has no effect here: build-kernel.sh only looks for "!<arch>" tags in common/*.conf. This ` +
              `fragment is merged whenever its directory is. Move it to common/ if it must be left out.`,
            file,
            where,
          ),
        );
        continue;
      }
      // The script greps for "!<name>" as a substring, so "!s390x" works for s390 and "!riscv64" for riscv.
      if (known.some((k) => tag.startsWith(k))) continue;
      if (traits.tagExclusion === 'none') continue;
      const suggestion = tagSuggestions[tag];
      problems.push(
        problem(
          'kata-fragment-unknown-tag',
          'warning',
          `"!${tag}" never excludes this fragment: build-kernel.sh looks for "!" followed by the kernel's name for the ` +
            `architecture (x86_64, arm64, powerpc, riscv, s390)` +
            (traits.tagExclusion === 'arch-and-guest' ? ` or "!confidential"` : '') +
            '.' +
            (suggestion !== undefined ? ` Write "!${suggestion}".` : ''),
          file,
          where,
          suggestion !== undefined
            ? { fixes: [{ title: `Replace with !${suggestion}`, edits: [{ file, span: where, newText: `!${suggestion}` }], preferred: true }] }
            : {},
        ),
      );
    }
  }
}

function missingDir(dir: string, what: string, consequence: string): Problem {
  return problem('kata-fragment-missing-dir', 'warning', `${dir} (${what}) is missing or has no *.conf files: ${consequence}.`, dir, lineSpan(0));
}

/** A shell glob `dir/*.conf` that `ls` then sorts: regular files, no dot files, C-locale byte order. */
function globConf(dir: string, fs: ReadonlyFileSystem): string[] | undefined {
  const names = fs.list(dir);
  if (names === undefined) return undefined;
  return sortBytewise(names.filter((n) => n.endsWith('.conf') && !n.startsWith('.')))
    .map((n) => nodePath.join(dir, n))
    .filter((p) => fs.list(p) === undefined);
}

/** `find dir -name '*.conf'`: recursive, dot files included; files only, sorted here since find's order is the disk's. */
function findConf(dir: string, fs: ReadonlyFileSystem): string[] | undefined {
  const names = fs.list(dir);
  if (names === undefined) return undefined;
  const out: string[] = [];
  const walk = (d: string, entries: readonly string[], depth: number) => {
    for (const name of entries) {
      const p = nodePath.join(d, name);
      const sub = fs.list(p);
      if (sub !== undefined) {
        if (depth < 16) walk(p, sub, depth + 1);
      } else if (name.endsWith('.conf')) out.push(p);
    }
  };
  walk(dir, names, 0);
  return sortBytewise(out);
}

/** Sort as the C locale does: by UTF-8 bytes (JavaScript's default compares UTF-16 code units). */
export function sortBytewise(items: readonly string[]): string[] {
  return [...items].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}

function positionOf(text: string, needle: string): { line: number; column: number } {
  const index = text.indexOf(needle);
  const before = text.slice(0, index);
  const line = before.split('\n').length - 1;
  return { line, column: index - (before.lastIndexOf('\n') + 1) };
}

/** Variables envsubst replaces: $NAME and ${NAME}. */
function envsubstVariables(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g)) names.add(m[1] ?? m[2]);
  return [...names].sort();
}
