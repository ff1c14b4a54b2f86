// Finds the Debian kernel source tarball, unpacks it once into a cache outside the repo, and
// describes the environment `make` hands to kconfig, so the oracle and the engine see the same inputs.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type Arch = 'x86_64' | 'arm64';

export interface KernelTree {
  /** Absolute, symlink-free path of the unpacked tree (the directory holding the top Makefile). */
  dir: string;
  /** KERNELVERSION as the top Makefile computes it: VERSION.PATCHLEVEL.SUBLEVEL plus EXTRAVERSION. */
  version: string;
  /** The tarball the tree came from. */
  tarball: string;
}

export interface EnsureKernelTreeOptions {
  /** Tarball to use; otherwise $KATA_TOOLKIT_KERNEL_TARBALL, then /usr/src/linux-source-6.1.tar.xz, then any /usr/src/linux-source-*.tar.xz. */
  tarball?: string;
  /** Cache root; otherwise $KATA_TOOLKIT_CACHE, then ~/.cache/kata-guest-toolkit. */
  cacheRoot?: string;
  /** Also require the programs the real kconfig needs (make, gcc, ld, flex, bison, sh). Default true. */
  requireBuildTools?: boolean;
  /** Progress messages (unpacking takes 10 to 30 s). Default: console.log. */
  log?: (message: string) => void;
}

export const INSTALL_HINT = 'apt-get install -y linux-source-6.1 flex bison gcc make bc';
const STAMP = '.kata-toolkit-unpacked';
const USR_SRC = '/usr/src';

/** Returns the kernel tree, or `{ skipped }` with a sentence saying what is missing and how to get it. */
export async function ensureKernelTree(opts: EnsureKernelTreeOptions = {}): Promise<KernelTree | { skipped: string }> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const found = findTarball(opts.tarball);
  if ('skipped' in found) return found;
  const tarball = found.tarball;

  const tools = ['tar', 'xz', ...(opts.requireBuildTools === false ? [] : BUILD_TOOLS)];
  const missing = missingPrograms(tools);
  if (missing.length > 0) {
    return { skipped: `missing programs ${missing.join(', ')} (needed to unpack the kernel source and build kconfig's conf); install them with \`${INSTALL_HINT}\`` };
  }

  const cacheRoot = resolveCacheRoot(opts.cacheRoot);
  const st = fs.statSync(tarball);
  // The key changes when the package is upgraded (size or mtime change), so a new tarball is unpacked afresh.
  const key = `${path.basename(tarball).replace(/\.tar\.xz$/, '')}-${st.size}-${Math.floor(st.mtimeMs)}`;
  const treesDir = path.join(cacheRoot, 'trees');
  const final = path.join(treesDir, key);
  fs.mkdirSync(treesDir, { recursive: true });

  let tree = readStamp(final);
  if (!tree) {
    if (fs.existsSync(final)) {
      // A directory without a stamp is a half-finished unpack by some older run: redo it.
      log(`kernel tree ${final} has no stamp; unpacking again`);
      fs.rmSync(final, { recursive: true, force: true });
    }
    removeAbandonedTemps(treesDir, key);
    // Unpack beside the final place and rename it in one step, so concurrent test processes
    // never see a partial tree; whoever renames first wins and the others discard their copy.
    const temp = path.join(treesDir, `${key}.tmp-${process.pid}-${Date.now()}`);
    fs.mkdirSync(temp);
    const t0 = Date.now();
    log(`unpacking ${tarball} into ${final} (once; 10 to 30 s)`);
    try {
      await run('tar', ['-xJf', tarball, '-C', temp]);
    } catch (e) {
      fs.rmSync(temp, { recursive: true, force: true });
      return { skipped: `could not unpack ${tarball}: ${(e as Error).message}` };
    }
    const top = fs.readdirSync(temp).filter((n) => fs.existsSync(path.join(temp, n, 'Makefile')));
    if (top.length !== 1) {
      fs.rmSync(temp, { recursive: true, force: true });
      return { skipped: `${tarball} does not hold exactly one directory with a top Makefile (found: ${top.join(', ') || 'none'})` };
    }
    fs.writeFileSync(path.join(temp, STAMP), JSON.stringify({ tarball, top: top[0], size: st.size, mtimeMs: st.mtimeMs }) + '\n');
    try {
      fs.renameSync(temp, final);
      log(`unpacked in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      removeOlderTrees(treesDir, key, tarball, log);
    } catch {
      fs.rmSync(temp, { recursive: true, force: true });
    }
    tree = readStamp(final);
    if (!tree) return { skipped: `unpacking ${tarball} into ${final} did not leave a usable tree` };
  }
  const dir = fs.realpathSync(tree.dir);
  if (/[\s:]/.test(dir)) {
    return { skipped: `the kernel tree path ${dir} contains a space or colon, which the kernel Makefile refuses; set KATA_TOOLKIT_CACHE to a plain path` };
  }
  return { dir, version: readKernelVersion(dir), tarball };
}

const BUILD_TOOLS = ['make', 'gcc', 'ld', 'flex', 'bison', 'sh'];

/** $KATA_TOOLKIT_CACHE, else ~/.cache/kata-guest-toolkit: outside the repo, shared by all runs. */
/**
 * A kernel tree already unpacked in the cache (for tests that use one when `npm test` has unpacked it, and skip
 * otherwise): the first folder under <cache>/trees/<key>/ that holds a Kconfig file.
 */
export function cachedKernelTree(cacheRoot?: string): string | undefined {
  const root = path.join(resolveCacheRoot(cacheRoot), 'trees');
  const keys = fs.existsSync(root) ? fs.readdirSync(root).map((k) => path.join(root, k)) : [];
  return keys.flatMap((d) => fs.readdirSync(d).map((n) => path.join(d, n))).find((d) => fs.existsSync(path.join(d, 'Kconfig')));
}

export function resolveCacheRoot(explicit?: string): string {
  return path.resolve(explicit ?? process.env.KATA_TOOLKIT_CACHE ?? path.join(os.homedir(), '.cache', 'kata-guest-toolkit'));
}

/**
 * This process's environment without the variables that would steer kbuild or kconfig away from
 * the plain `make ARCH=<arch>` the oracle models: a parent make's jobserver flags, O=/KBUILD_*,
 * KCONFIG_* switches, the CONFIG_ prefix override, toolchain selection (LLVM, CROSS_COMPILE, CC...).
 */
export function cleanBaseEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const drop = new Set(['MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'MAKEOVERRIDES', 'GNUMAKEFLAGS', 'MAKEFILES', 'O', 'CONFIG_',
    'LLVM', 'LLVM_IAS', 'CROSS_COMPILE', 'CC', 'LD', 'AR', 'NM', 'OBJCOPY', 'HOSTCC', 'ARCH', 'SRCARCH', 'SUBARCH',
    'srctree', 'objtree', 'KERNELVERSION', 'KERNELRELEASE', 'CC_VERSION_TEXT', 'CLANG_FLAGS', 'USERCFLAGS', 'USERLDFLAGS',
    'CROSS_COMPILE_COMPAT', 'PAHOLE', 'RUSTC', 'BINDGEN', 'LOCALVERSION']);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || drop.has(k) || k.startsWith('KCONFIG_') || k.startsWith('KBUILD_')) continue;
    out[k] = v;
  }
  return out;
}

function findTarball(explicit: string | undefined): { tarball: string } | { skipped: string } {
  const chosen = explicit ?? process.env.KATA_TOOLKIT_KERNEL_TARBALL;
  if (chosen) {
    if (fs.existsSync(chosen)) return { tarball: path.resolve(chosen) };
    const source = explicit ? 'the tarball option' : 'KATA_TOOLKIT_KERNEL_TARBALL';
    return { skipped: `${source} names ${chosen}, which does not exist` };
  }
  const preferred = path.join(USR_SRC, 'linux-source-6.1.tar.xz');
  if (fs.existsSync(preferred)) return { tarball: preferred };
  let names: string[] = [];
  try {
    names = fs.readdirSync(USR_SRC).filter((n) => /^linux-source-.*\.tar\.xz$/.test(n));
  } catch {
    // No /usr/src at all: same answer as an empty one.
  }
  if (names.length === 0) {
    return { skipped: `no kernel source tarball: looked for ${preferred} and ${USR_SRC}/linux-source-*.tar.xz; install it with \`${INSTALL_HINT}\` or set KATA_TOOLKIT_KERNEL_TARBALL` };
  }
  names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return { tarball: path.join(USR_SRC, names[names.length - 1]) };
}

function readStamp(final: string): KernelTree | undefined {
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(final, STAMP), 'utf8')) as { tarball: string; top: string };
    const dir = path.join(final, stamp.top);
    if (!fs.existsSync(path.join(dir, 'Makefile'))) return undefined;
    return { dir, version: '', tarball: stamp.tarball };
  } catch {
    return undefined;
  }
}

/** A tree unpacked from an earlier version of the same tarball is 1.5 GB of dead weight: remove it. */
function removeOlderTrees(treesDir: string, key: string, tarball: string, log: (m: string) => void): void {
  for (const name of fs.readdirSync(treesDir)) {
    if (name === key || name.includes('.tmp-')) continue;
    try {
      const stamp = JSON.parse(fs.readFileSync(path.join(treesDir, name, STAMP), 'utf8')) as { tarball?: string };
      if (stamp.tarball !== tarball) continue;
    } catch {
      continue;
    }
    log(`removing ${path.join(treesDir, name)}, unpacked from an older ${path.basename(tarball)}`);
    fs.rmSync(path.join(treesDir, name), { recursive: true, force: true });
  }
}

/** Temp directories of unpackers that died (their pid is gone) are removed; live ones are left alone. */
function removeAbandonedTemps(treesDir: string, key: string): void {
  for (const name of fs.readdirSync(treesDir)) {
    const m = name.startsWith(`${key}.tmp-`) ? /\.tmp-(\d+)-/.exec(name) : null;
    if (!m) continue;
    if (!pidAlive(Number(m[1]))) fs.rmSync(path.join(treesDir, name), { recursive: true, force: true });
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function missingPrograms(names: string[]): string[] {
  return names.filter((n) => spawnSync('sh', ['-c', `command -v ${n}`], { stdio: 'ignore' }).status !== 0);
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}: ${err.trim().slice(0, 500)}`))));
  });
}

/** The top Makefile's assignments `NAME = value` for the version variables. */
function readMakefileVersionVars(dir: string): Record<string, string> {
  const text = fs.readFileSync(path.join(dir, 'Makefile'), 'utf8');
  const vars: Record<string, string> = {};
  for (const name of ['VERSION', 'PATCHLEVEL', 'SUBLEVEL', 'EXTRAVERSION']) {
    const m = new RegExp(`^${name}\\s*=[ \\t]*(.*?)[ \\t]*$`, 'm').exec(text);
    vars[name] = m ? m[1] : '';
  }
  return vars;
}

/** KERNELVERSION = $(VERSION)$(if $(PATCHLEVEL),.$(PATCHLEVEL)$(if $(SUBLEVEL),.$(SUBLEVEL)))$(EXTRAVERSION) */
export function readKernelVersion(dir: string): string {
  const v = readMakefileVersionVars(dir);
  return v.VERSION + (v.PATCHLEVEL ? `.${v.PATCHLEVEL}${v.SUBLEVEL ? `.${v.SUBLEVEL}` : ''}` : '') + v.EXTRAVERSION;
}

/**
 * The environment `make O=<dir> ARCH=<arch> allnoconfig` gives scripts/kconfig/conf, for a gcc build
 * with the output directory outside the source tree. Derived from the 6.1 top Makefile:
 *  - it exports ARCH SRCARCH CC LD AR NM OBJCOPY ... with `CC = $(CROSS_COMPILE)gcc` etc. (plain
 *    assignments, so an environment CC is ignored; only CROSS_COMPILE from the environment counts);
 *  - SRCARCH is x86 for x86_64; srctree is the absolute source path when O= is elsewhere, objtree is '.';
 *  - KERNELVERSION is built from VERSION/PATCHLEVEL/SUBLEVEL/EXTRAVERSION; KERNELRELEASE reads
 *    include/config/kernel.release in the (fresh) output dir, so it is empty;
 *  - CC_VERSION_TEXT is the first line of `LC_ALL=C $(CC) --version` with '#' removed, exported for config targets;
 *  - LC_ALL and GREP_OPTIONS are unexported, LC_COLLATE/LC_NUMERIC are C; scripts/kconfig/Makefile unexports CONFIG_;
 *  - CLANG_FLAGS, USERCFLAGS, USERLDFLAGS are not exported for gcc (only passed through if already in the environment);
 *  - KCONFIG_DEFCONFIG_LIST and the KBUILD_*FLAGS make also exports are left out: allnoconfig and
 *    alldefconfig never read them and no Kconfig file mentions them.
 * Kconfig reads CC, LD, NM, AR, OBJCOPY, PAHOLE, RUSTC, BINDGEN, ARCH, SRCARCH, srctree, KERNELVERSION,
 * CC_VERSION_TEXT (and CROSS_COMPILE_COMPAT on arm64); the rest is there because $(shell,...) children see it.
 * The self-test compares this with the environment captured from a real make run.
 * `base` is the environment make itself was started with (default: this process's, through cleanBaseEnv).
 */
export function realKernelEnv(tree: KernelTree, arch: Arch, base: NodeJS.ProcessEnv = cleanBaseEnv()): Record<string, string> {
  if (base.LLVM) throw new Error('realKernelEnv: LLVM= builds are not modelled; unset LLVM to compare with gcc');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  delete env.LC_ALL;
  delete env.GREP_OPTIONS;
  delete env.CONFIG_;
  delete env.KCONFIG_ALLCONFIG;
  const cross = base.CROSS_COMPILE ?? '';
  const srcarch = arch === 'x86_64' ? 'x86' : arch;
  const v = readMakefileVersionVars(tree.dir);
  const cc = `${cross}gcc`;
  Object.assign(env, {
    LC_COLLATE: 'C',
    LC_NUMERIC: 'C',
    ARCH: arch,
    SRCARCH: srcarch,
    UTS_MACHINE: arch === 'arm64' ? 'aarch64' : arch,
    srctree: tree.dir,
    objtree: '.',
    VPATH: tree.dir,
    building_out_of_srctree: '1',
    abs_srctree: tree.dir,
    VERSION: v.VERSION,
    PATCHLEVEL: v.PATCHLEVEL,
    SUBLEVEL: v.SUBLEVEL,
    KERNELVERSION: readKernelVersion(tree.dir),
    KERNELRELEASE: '',
    KCONFIG_CONFIG: base.KCONFIG_CONFIG ?? '.config',
    CONFIG_SHELL: 'sh',
    BASH: 'bash',
    HOSTCC: 'gcc',
    HOSTCXX: 'g++',
    CC: cc,
    CPP: `${cc} -E`,
    LD: `${cross}ld`,
    AR: `${cross}ar`,
    NM: `${cross}nm`,
    STRIP: `${cross}strip`,
    OBJCOPY: `${cross}objcopy`,
    OBJDUMP: `${cross}objdump`,
    READELF: `${cross}readelf`,
    PAHOLE: 'pahole',
    RUSTC: 'rustc',
    BINDGEN: 'bindgen',
    PERL: 'perl',
    PYTHON3: 'python3',
    CC_VERSION_TEXT: ccVersionText(cc, env),
  });
  env.CROSS_COMPILE = cross;
  return env;
}

function ccVersionText(cc: string, env: Record<string, string>): string {
  const r = spawnSync('sh', ['-c', `LC_ALL=C ${cc} --version 2>/dev/null | head -n 1`], { env, encoding: 'utf8' });
  // make's $(shell) turns newlines into spaces and drops the trailing one; the Makefile removes '#'.
  return (r.stdout ?? '').replace(/\n$/, '').replace(/\n/g, ' ').replace(/#/g, '');
}
