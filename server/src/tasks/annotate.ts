// Reads a step's output as it scrolls by and adds, after the lines that report a failure, one line in a
// fixed form that the editor's problem matcher (package.json `kata-toolkit`) turns into a Problems entry
// at the place that caused it:
//
//   kata-toolkit: /abs/file:LINE:COL: error|warning: message [code]
//
// - merge_config.sh's "Value requested for CONFIG_X not in final .config" goes onto the fragment line that
//   requested the value, among the fragments build-kernel.sh merged for the same options, with the engine's
//   reason when the kernel tree is at hand;
// - "ERROR:" lines of Kata's scripts go onto the script the step ran;
// - compiler diagnostics (file:line:col: error: ...) get absolute paths, following make's "Entering directory".
// The original output passes through unchanged.

import * as path from 'node:path';
import type { Problem } from '../common/problem';
import { analyzeFragmentSet, type FragmentSetAnalysis } from '../languages/kconfig/analysis';
import { parseFragment, type Fragment } from '../languages/kconfig/fragment';
import type { KataBuildOptions, ReadonlyFileSystem } from '../languages/kconfig/kata';
import { kataFragmentSetFor } from '../languages/kconfig/kataSet';
import { isKernelTree, openKernelTree } from '../languages/kconfig/kernelTree';
import type { BuildKernelCall } from './steps';

export const ANNOTATION_PREFIX = 'kata-toolkit: ';

export interface AnnotatorContext {
  /** The kata-containers checkout, for the kernel steps' fragment set. */
  readonly kataDir?: string;
  /** build-kernel.sh's options, when the step runs it. */
  readonly buildKernel?: BuildKernelCall;
  /** The script the step runs (absolute), for its ERROR: lines. */
  readonly script?: string;
  /** Where the step runs: relative compiler paths start here until make says otherwise. */
  readonly cwd: string;
  readonly fs: ReadonlyFileSystem;
  /** Gives the reason for a lost value from the kernel tree; off in tests that have no tree. */
  readonly explainWithTree?: boolean;
}

export function annotation(file: string, line: number, column: number, severity: 'error' | 'warning', message: string, code: string): string {
  // One line: the matcher reads the message up to the final [code].
  return `${ANNOTATION_PREFIX}${file}:${line}:${column}: ${severity}: ${message.replace(/\s*\n\s*/g, ' ')} [${code}]`;
}

const LOST = /^(?:INFO: )?Value requested for CONFIG_([A-Za-z0-9_]+) not in final \.config\s*$/;
const REQUESTED = /^(?:INFO: )?Requested value:\s*(.*)$/;
const ACTUAL = /^(?:INFO: )?Actual value:\s*(.*)$/;
const CONFIG_PATH = /^INFO: Constructing config from fragments: (.+)$/;
const SCRIPT_ERROR = /^ERROR: (.+)$/;
const ENTERING = /^make(?:\[\d+\])?: Entering directory ['`"](.+)['"]$/;
const LEAVING = /^make(?:\[\d+\])?: Leaving directory ['`"](.+)['"]$/;
const COMPILER = /^([^\s:][^:]*):(\d+):(?:(\d+):)? (error|fatal error|warning): (.+)$/;

export class OutputAnnotator {
  private readonly dirs: string[] = [];
  private pendingLost: { name: string; requested?: string; actual?: string } | undefined;
  private kernelTree: string | undefined;
  private fragments: Fragment[] | undefined;
  private analysis: FragmentSetAnalysis | null | undefined;

  constructor(private readonly ctx: AnnotatorContext) {
    const k = ctx.buildKernel?.kernelPath;
    if (k) this.kernelTree = path.resolve(ctx.cwd, k);
  }

  /** Annotations to print after this line of output (usually none). */
  line(raw: string): string[] {
    const text = raw.replace(/\r$/, '');
    const out: string[] = [];
    // A lost value's report spans three lines; it is complete at the next line that is not part of it.
    const requested = REQUESTED.exec(text);
    const actual = ACTUAL.exec(text);
    if (this.pendingLost && requested) {
      this.pendingLost.requested = requested[1].trim();
      return out;
    }
    if (this.pendingLost && actual) {
      this.pendingLost.actual = actual[1].trim();
      out.push(...this.flushLost());
      return out;
    }
    out.push(...this.flushLost());

    const config = CONFIG_PATH.exec(text);
    if (config) this.kernelTree = path.dirname(config[1].trim());
    const lost = LOST.exec(text);
    if (lost) {
      this.pendingLost = { name: lost[1] };
      return out;
    }
    const entering = ENTERING.exec(text);
    if (entering) {
      this.dirs.push(entering[1]);
      return out;
    }
    if (LEAVING.test(text)) {
      this.dirs.pop();
      return out;
    }
    const err = SCRIPT_ERROR.exec(text);
    if (err && this.ctx.script) {
      out.push(annotation(this.ctx.script, 1, 1, 'error', err[1], 'kata-script-error'));
      return out;
    }
    const cc = COMPILER.exec(text);
    if (cc && !text.startsWith(ANNOTATION_PREFIX)) {
      const base = this.dirs[this.dirs.length - 1] ?? this.kernelTree ?? this.ctx.cwd;
      const file = path.resolve(base, cc[1]);
      out.push(annotation(file, Number(cc[2]), Number(cc[3] ?? 1), cc[4] === 'warning' ? 'warning' : 'error', cc[5], 'compiler'));
    }
    return out;
  }

  /** Annotations still owed at the end of the output. */
  end(): string[] {
    return this.flushLost();
  }

  private flushLost(): string[] {
    const lost = this.pendingLost;
    if (!lost) return [];
    this.pendingLost = undefined;
    const where = this.requestLine(lost.name);
    const requested = lost.requested || `CONFIG_${lost.name}`;
    const actual = lost.actual ? `the final .config has ${lost.actual}` : 'the final .config does not have it';
    if (!where) {
      const at = this.ctx.script ?? path.join(this.ctx.cwd, '.');
      return [annotation(at, 1, 1, 'error', `${requested} was requested but ${actual}; no fragment of this build sets CONFIG_${lost.name}.`, 'kconfig-value-lost')];
    }
    const why = this.reasonFor(where.fragment.file, where.line);
    const message = why ?? `${requested} was requested but ${actual}.`;
    return [annotation(where.fragment.file, where.line + 1, 1, 'error', message, 'kconfig-value-lost')];
  }

  /** The fragment build-kernel.sh merged last that sets the symbol (the request merge_config.sh compared). */
  private requestLine(name: string): { fragment: Fragment; line: number } | undefined {
    const fragments = this.fragmentSet();
    for (let i = fragments.length - 1; i >= 0; i--) {
      const hit = [...fragments[i].lines].reverse().find((l) => (l.kind === 'assign' || l.kind === 'not-set') && l.name === name);
      if (hit) return { fragment: fragments[i], line: hit.line };
    }
    return undefined;
  }

  private fragmentSet(): Fragment[] {
    if (this.fragments) return this.fragments;
    const { kataDir, buildKernel } = this.ctx;
    if (!kataDir || !buildKernel) return (this.fragments = []);
    const set = kataFragmentSetFor(kataDir, buildOptions(buildKernel), this.ctx.fs);
    this.fragments = set.fragments.map((f) => parseFragment(f, this.ctx.fs.read(f) ?? ''));
    return this.fragments;
  }

  /** The engine's message for the fragment line, from the kernel tree the step set up. */
  private reasonFor(file: string, line: number): string | undefined {
    if (!this.ctx.explainWithTree || !this.kernelTree || !this.ctx.kataDir || !this.ctx.buildKernel) return undefined;
    if (this.analysis === undefined) {
      this.analysis = null;
      try {
        if (isKernelTree(this.kernelTree)) {
          const arch = this.ctx.buildKernel.arch ?? process.arch;
          const kernel = openKernelTree({ tree: this.kernelTree, arch: kernelArch(arch), allowShell: true });
          if (!kernel.model.fatal) {
            const set = kataFragmentSetFor(this.ctx.kataDir, buildOptions(this.ctx.buildKernel), this.ctx.fs);
            this.analysis = analyzeFragmentSet({
              model: kernel.model,
              srctree: kernel.dir,
              fragments: this.fragmentSet().map((f) => ({ file: f.file, text: this.ctx.fs.read(f.file) ?? '' })),
              mode: 'allnoconfig',
              whitelist: set.whitelist,
            });
          }
        }
      } catch {
        this.analysis = null;
      }
    }
    const p: Problem | undefined = this.analysis?.problems.find((x) => x.file === file && x.span.start.line === line && x.severity === 'error');
    return p?.message;
  }
}

/** The fragment-set options build-kernel.sh derives from its arguments (and the debug setting). */
export function buildOptions(call: BuildKernelCall, env: NodeJS.ProcessEnv = process.env): KataBuildOptions {
  return {
    arch: call.arch ?? unameArch(),
    confidential: call.confidential,
    gpuVendor: call.gpuVendor,
    buildType: call.buildType,
    experimental: call.experimental,
    hypervisor: call.hypervisor,
    measuredRootfs: call.measuredRootfs,
    debug: env.KERNEL_DEBUG_ENABLED === 'yes',
    moduleSigning: !!env.KBUILD_SIGN_PIN,
  };
}

function unameArch(): string {
  return process.arch === 'arm64' ? 'aarch64' : process.arch === 'x64' ? 'x86_64' : process.arch === 's390x' ? 's390x' : process.arch === 'ppc64' ? 'ppc64le' : process.arch;
}

/** uname -m names to the kernel's ARCH names, as build-kernel.sh's arch_to_kernel does. */
function kernelArch(arch: string): string {
  return ({ aarch64: 'arm64', ppc64le: 'powerpc', riscv64: 'riscv', s390x: 's390', x86_64: 'x86_64', x64: 'x86_64', arm64: 'arm64' } as Record<string, string>)[arch] ?? arch;
}
