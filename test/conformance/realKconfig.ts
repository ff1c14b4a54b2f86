// The oracle: runs the kernel tree's own merge_config.sh (and, for timing, its conf directly) and reports what they produced.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Arch, KernelTree, cleanBaseEnv, realKernelEnv, resolveCacheRoot } from './kernelTree';

export type Mode = 'allnoconfig' | 'alldefconfig';

export interface LostReport {
  /** Bare symbol name (`NET_SCH_TAPRIO`, without CONFIG_). */
  symbol: string;
  /** What merge_config.sh printed after "Requested value:  ": every line of the merged fragments that `grep -w` matched, verbatim ('\r' included). */
  requested: string;
  /** What it printed after "Actual value:     ": the matching .config lines, or '' when none. */
  actual: string;
}

export interface RealMergeResult {
  /** The .config conf wrote. */
  configText: string;
  /** merge_config.sh's stdout and stderr as they arrived (make and conf messages included). */
  output: string;
  stdout: string;
  stderr: string;
  /** The "Value requested for CONFIG_X not in final .config" blocks, in order (a symbol listed twice in the merged file is reported twice). */
  lostReports: LostReport[];
  /** The merged fragment file conf read as KCONFIG_ALLCONFIG (from `merge_config.sh -m` on the same fragments). */
  mergedText: string;
  /** The environment variables kconfig itself looked up while parsing, with their values (from include/config/auto.conf.cmd). */
  kconfigEnv: Record<string, string>;
  /** True if make rebuilt conf instead of reusing the prebuilt copy (should never happen). */
  rebuiltConf: boolean;
  /** Wall time of the merge_config.sh run that produced the .config, in milliseconds. */
  ms: number;
}

export interface RealMergeOptions {
  arch: Arch;
  /** Fragment files, merged in this order; paths must not contain whitespace (the script does not quote them). */
  fragments: string[];
  mode: Mode;
  /** Leave the output directory in place (its path is in the thrown error or in `outputDir`) for debugging. */
  keepOutputDir?: boolean;
}

/**
 * Runs `scripts/kconfig/merge_config.sh -r [-n] -O <fresh dir> <fragments>` in the kernel tree with
 * ARCH set, exactly as a kernel build script would. Each run gets its own output directory (so
 * concurrent runs never share a .config), pre-seeded with a conf built once per tree and arch.
 */
export async function realMergeConfig(tree: KernelTree, opts: RealMergeOptions): Promise<RealMergeResult & { outputDir?: string }> {
  const fragments = opts.fragments.map((f) => path.resolve(f));
  for (const f of fragments) {
    if (!fs.existsSync(f)) throw new Error(`realMergeConfig: fragment ${f} does not exist`);
    if (/\s/.test(f)) throw new Error(`realMergeConfig: fragment path ${JSON.stringify(f)} contains whitespace, which merge_config.sh splits apart; move it`);
  }
  if (fragments.length === 0) throw new Error('realMergeConfig: no fragments given');
  const build = await ensureConfBuild(tree, opts.arch);
  const outDir = freshOutputDir(build);
  const env = { ...cleanBaseEnv(), ARCH: opts.arch };
  const script = path.join(tree.dir, 'scripts', 'kconfig', 'merge_config.sh');
  try {
    // -m stops after merging and copies the merged file to <O>/.config: that is the KCONFIG_ALLCONFIG conf will read.
    const merge = await runProcess('sh', [script, '-m', '-O', outDir, ...fragments], { cwd: tree.dir, env });
    if (merge.code !== 0) throw new Error(`merge_config.sh -m exited ${merge.code}:\n${merge.output}`);
    const mergedText = fs.readFileSync(path.join(outDir, '.config'), 'utf8');
    fs.rmSync(path.join(outDir, '.config'));

    const args = ['-r', ...(opts.mode === 'allnoconfig' ? ['-n'] : []), '-O', outDir, ...fragments];
    const r = await runProcess('sh', [script, ...args], { cwd: tree.dir, env });
    if (r.code !== 0) throw new Error(`merge_config.sh ${args.join(' ')} exited ${r.code} (cwd ${tree.dir}, ARCH=${opts.arch}):\n${r.output}`);
    const configText = fs.readFileSync(path.join(outDir, '.config'), 'utf8');
    return {
      configText,
      output: r.output,
      stdout: r.stdout,
      stderr: r.stderr,
      lostReports: parseLostReports(r.stdout),
      mergedText,
      kconfigEnv: readKconfigEnv(outDir),
      rebuiltConf: /^\s*HOST(CC|LD)\s/m.test(r.stdout),
      ms: r.ms,
      ...(opts.keepOutputDir ? { outputDir: outDir } : {}),
    };
  } finally {
    if (!opts.keepOutputDir) fs.rmSync(outDir, { recursive: true, force: true });
  }
}

export interface RealConfResult {
  configText: string;
  output: string;
  kconfigEnv: Record<string, string>;
  /** Wall time of conf alone (parse Kconfig, run its $(shell) probes, read the allconfig file, write .config). */
  ms: number;
}

/**
 * Runs the prebuilt `conf --allnoconfig|--alldefconfig Kconfig` directly, in a fresh directory, with
 * realKernelEnv plus KCONFIG_ALLCONFIG: what make does for the config target, without make.
 * `allconfig` is the already merged fragment file (RealMergeResult.mergedText written to a file).
 */
export async function realConf(tree: KernelTree, opts: { arch: Arch; allconfig: string; mode: Mode }): Promise<RealConfResult> {
  const allconfig = path.resolve(opts.allconfig);
  if (!fs.existsSync(allconfig)) throw new Error(`realConf: allconfig file ${allconfig} does not exist`);
  const build = await ensureConfBuild(tree, opts.arch);
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-conf-'));
  try {
    const env = { ...realKernelEnv(tree, opts.arch), KCONFIG_ALLCONFIG: allconfig };
    const conf = path.join(build, 'scripts', 'kconfig', 'conf');
    const r = await runProcess(conf, [`--${opts.mode}`, 'Kconfig'], { cwd: outDir, env });
    if (r.code !== 0) throw new Error(`${conf} --${opts.mode} Kconfig exited ${r.code} (cwd ${outDir}):\n${r.output}`);
    return { configText: fs.readFileSync(path.join(outDir, '.config'), 'utf8'), output: r.output, kconfigEnv: readKconfigEnv(outDir), ms: r.ms };
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * Parses merge_config.sh's final check. The script prints, per symbol whose `grep -w` lines differ:
 *   Value requested for CONFIG_X not in final .config
 *   Requested value:  <line>[\n<more lines>]
 *   Actual value:     <line>[\n<more lines>]      (nothing after the label when .config has no match)
 *   <empty line>
 * grep's lines are never empty (each contains the symbol), so the first empty line ends a block.
 */
export function parseLostReports(stdout: string): LostReport[] {
  const lines = stdout.split('\n');
  const reports: LostReport[] = [];
  const REQ = 'Requested value:  ';
  const ACT = 'Actual value:     ';
  for (let i = 0; i < lines.length; i++) {
    const head = /^Value requested for CONFIG_(\S*) not in final \.config$/.exec(lines[i]);
    if (!head || !lines[i + 1]?.startsWith(REQ)) continue;
    let j = i + 1;
    const requested = [lines[j].slice(REQ.length)];
    for (j++; j < lines.length && !lines[j].startsWith(ACT); j++) requested.push(lines[j]);
    if (j >= lines.length) break;
    const actual = [lines[j].slice(ACT.length)];
    for (j++; j < lines.length && lines[j] !== ''; j++) actual.push(lines[j]);
    reports.push({ symbol: head[1], requested: requested.join('\n'), actual: actual.join('\n') });
    i = j;
  }
  return reports;
}

/** `ifneq "$(CC)" "gcc"` lines of auto.conf.cmd: every environment variable kconfig expanded, with its value. */
function readKconfigEnv(outDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  let text = '';
  try {
    text = fs.readFileSync(path.join(outDir, 'include', 'config', 'auto.conf.cmd'), 'utf8');
  } catch {
    return env;
  }
  for (const m of text.matchAll(/^ifneq "\$\(([^)]*)\)" "(.*)"$/gm)) env[m[1]] = m[2];
  return env;
}

// One build of conf per tree and arch per process; other processes find it on disk.
const confBuilds = new Map<string, Promise<string>>();

/**
 * Returns an output directory holding a built scripts/basic/fixdep and scripts/kconfig/conf for
 * this tree and arch, building it once (`make O=<dir> ARCH=<arch> build_config`, about 5 s) into
 * $KATA_TOOLKIT_CACHE/kconfig-build/. make only checks timestamps and .cmd files, so a copy of its
 * scripts/ directory with timestamps kept makes a fresh output directory reuse it.
 */
export function ensureConfBuild(tree: KernelTree, arch: Arch): Promise<string> {
  const key = `${createHash('sha256').update(tree.dir).digest('hex').slice(0, 16)}-${arch}`;
  let p = confBuilds.get(key);
  if (!p) {
    p = buildConf(tree, arch, key);
    confBuilds.set(key, p);
    p.catch(() => confBuilds.delete(key));
  }
  return p;
}

async function buildConf(tree: KernelTree, arch: Arch, key: string): Promise<string> {
  const root = path.join(resolveCacheRoot(), 'kconfig-build');
  const final = path.join(root, key);
  if (fs.existsSync(path.join(final, 'scripts', 'kconfig', 'conf'))) return final;
  fs.mkdirSync(root, { recursive: true });
  const temp = fs.mkdtempSync(path.join(root, `${key}.tmp-`));
  const r = await runProcess('make', ['-C', tree.dir, `O=${temp}`, `ARCH=${arch}`, 'build_config'], { cwd: tree.dir, env: cleanBaseEnv() });
  if (r.code !== 0) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw new Error(`building kconfig's conf failed (make -C ${tree.dir} O=... ARCH=${arch} build_config exited ${r.code}); are gcc, flex and bison installed?\n${r.output}`);
  }
  try {
    fs.renameSync(temp, final); // atomic: a concurrent builder that lost the race just discards its copy
  } catch {
    fs.rmSync(temp, { recursive: true, force: true });
  }
  return final;
}

function freshOutputDir(build: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-merge-'));
  fs.cpSync(path.join(build, 'scripts'), path.join(dir, 'scripts'), { recursive: true, preserveTimestamps: true });
  return dir;
}

interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
  output: string;
  ms: number;
}

function runProcess(cmd: string, args: string[], opts: { cwd: string; env: Record<string, string> }): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const all: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => (out.push(d), all.push(d)));
    child.stderr.on('data', (d: Buffer) => (err.push(d), all.push(d)));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        output: Buffer.concat(all).toString('utf8'),
        ms: performance.now() - t0,
      });
    });
  });
}
