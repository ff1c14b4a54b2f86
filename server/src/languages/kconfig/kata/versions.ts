// The kernel versions Kata pins in versions.yaml, read the way its build scripts read them with `yq`.
//
// Keys move between Kata releases, so each flavour has a list of places to look, newest layout first:
//   assets.kernel.version                         the default kernel (kata-deploy target "kernel", "kernel-debug")
//   assets.kernel.nvidia.version                  kernel-nvidia-gpu (since 2026; before, assets.kernel.version)
//   assets.kernel.confidential.version|tag        kernel-confidential (until 2026, when one kernel serves both)
//   assets.kernel.{sev,snp,tdx}.version|tag       TEE kernels (until 2024-02)
//   assets.kernel-experimental.tag                `build-kernel.sh -e` (removed 2023-07)
//   assets.kernel-arm-experimental.version        `build-kernel.sh -E` on aarch64 (removed 2026-07)
//   assets.kernel-dragonball-experimental.version `build-kernel.sh -e -t dragonball`
//   assets.kernel-tdx-experimental.version        the TDX kernel (2023-2024)
// yq prints a scalar as written (`6.10` stays "6.10") and `null` for a missing key, which the scripts treat as
// empty; build-kernel.sh then strips one leading "v".

import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { problem, type Problem } from '../../../common/problem';
import { lineSpan, span, type Span } from '../../../common/span';

/** One scalar under `assets.kernel*`, as yq would print it. */
export interface KernelPin {
  /** The yq path without its leading dot: `assets.kernel.nvidia.version`. */
  readonly key: string;
  /** The value as written. */
  readonly value: string;
  /** The value with one leading "v" removed, as build-kernel.sh uses it (`6.18.35`). */
  readonly version: string;
  readonly file: string;
  readonly span: Span;
}

export interface KataVersions {
  readonly file: string;
  /** Every scalar under `assets.kernel*` keyed by its yq path. */
  readonly pins: ReadonlyMap<string, KernelPin>;
  readonly problems: readonly Problem[];
}

export interface PinnedKernel {
  /** The flavour asked for, as given. */
  readonly flavour: string;
  /** The pin found, or undefined when versions.yaml has none of the keys tried. */
  readonly pin: KernelPin | undefined;
  /** The keys looked at, in order. */
  readonly tried: readonly string[];
  /** Set when the pin came from a key kept for an older or newer layout, with the reason. */
  readonly fallback?: string;
  readonly problems: readonly Problem[];
}

interface Flavour {
  readonly names: readonly string[];
  readonly description: string;
  readonly keys: readonly string[];
  readonly fallbacks?: readonly { readonly key: string; readonly why: string }[];
}

const unifiedConfidential =
  'versions.yaml has no separate confidential kernel: since 2026 kata-deploy builds one kernel with -x from assets.kernel';
const unifiedNvidia = 'versions.yaml has no assets.kernel.nvidia: before 2026 the NVIDIA GPU kernel was built from assets.kernel';

/** Flavours by the names users and kata-deploy give them. Data, not code: a new layout is a new line here. */
export const kernelFlavours: readonly Flavour[] = [
  { names: ['kernel', 'default', 'plain'], description: 'the default guest kernel', keys: ['assets.kernel.version'] },
  {
    names: ['confidential', 'kernel-confidential'],
    description: 'the confidential guest kernel (-x)',
    keys: ['assets.kernel.confidential.version', 'assets.kernel.confidential.tag'],
    fallbacks: [{ key: 'assets.kernel.version', why: unifiedConfidential }],
  },
  {
    names: ['nvidia-gpu', 'kernel-nvidia-gpu', 'nvidia', 'gpu'],
    description: 'the NVIDIA GPU kernel (-g nvidia)',
    keys: ['assets.kernel.nvidia.version'],
    fallbacks: [{ key: 'assets.kernel.version', why: unifiedNvidia }],
  },
  {
    names: ['nvidia-gpu-confidential', 'kernel-nvidia-gpu-confidential'],
    description: 'the confidential NVIDIA GPU kernel (-x -g nvidia)',
    keys: ['assets.kernel.nvidia-confidential.version', 'assets.kernel.confidential.version', 'assets.kernel.confidential.tag'],
    fallbacks: [
      { key: 'assets.kernel.nvidia.version', why: 'since 2026 one NVIDIA kernel serves confidential and plain guests' },
      { key: 'assets.kernel.version', why: unifiedConfidential },
    ],
  },
  { names: ['debug', 'kernel-debug'], description: 'the debug kernel (KERNEL_DEBUG_ENABLED=yes)', keys: ['assets.kernel.version'] },
  {
    names: ['experimental', 'kernel-experimental'],
    description: 'the experimental kernel (-e)',
    keys: ['assets.kernel-experimental.tag', 'assets.kernel-experimental.version'],
  },
  {
    names: ['arm-experimental', 'kernel-arm-experimental'],
    description: 'the arm64 experimental kernel (-E on aarch64)',
    keys: ['assets.kernel-arm-experimental.version'],
  },
  {
    names: ['arm-experimental-confidential', 'kernel-arm-experimental-confidential', 'cca'],
    description: 'the arm64 CCA kernel',
    keys: ['assets.kernel-arm-experimental.confidential.version'],
  },
  {
    names: ['dragonball-experimental', 'dragonball', 'kernel-dragonball-experimental', 'nvidia-gpu-dragonball-experimental'],
    description: 'the Dragonball kernel (-e -t dragonball)',
    keys: ['assets.kernel-dragonball-experimental.version'],
  },
  { names: ['sev', 'kernel-sev'], description: 'the AMD SEV kernel', keys: ['assets.kernel.sev.version', 'assets.kernel.sev.tag'] },
  { names: ['snp', 'kernel-snp'], description: 'the AMD SNP kernel', keys: ['assets.kernel.snp.version', 'assets.kernel.snp.tag'] },
  {
    names: ['tdx', 'kernel-tdx', 'kernel-tdx-experimental', 'tdx-experimental'],
    description: 'the Intel TDX kernel',
    keys: ['assets.kernel-tdx-experimental.version', 'assets.kernel.tdx.version', 'assets.kernel.tdx.tag'],
  },
];

/** Read versions.yaml. Never throws: a broken file gives whatever pins could be read and problems saying why. */
export function parseKataVersions(file: string, text: string): KataVersions {
  const problems: Problem[] = [];
  const pins = new Map<string, KernelPin>();
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    problems.push(problem('kata-versions-syntax', 'error', `${file} could not be read as YAML: ${String(e)}`, file, lineSpan(0)));
    return { file, pins, problems };
  }
  const spanOf = (range: readonly number[] | undefined | null): Span => {
    if (!range) return lineSpan(0);
    const start = lineCounter.linePos(range[0]);
    const end = lineCounter.linePos(range[1]);
    return span(start.line - 1, start.col - 1, end.line - 1, end.col - 1);
  };
  for (const error of doc.errors) {
    const first = error.message.split('\n')[0];
    problems.push(
      problem(
        'kata-versions-syntax',
        'error',
        `versions.yaml is not valid YAML (${first}). yq, which Kata's build scripts use, will refuse it too. Fix the YAML.`,
        file,
        spanOf(error.pos),
      ),
    );
  }

  const resolve = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);
  const assets = resolve(isMap(doc.contents) ? doc.contents.get('assets', true) : undefined);
  if (!isMap(assets)) return { file, pins, problems };

  const collect = (node: unknown, path: string, depth: number): void => {
    const resolved = resolve(node);
    if (isScalar(resolved)) {
      if (resolved.value === null || resolved.value === undefined) return; // yq prints null: the scripts read ""
      const value = typeof resolved.source === 'string' && resolved.source !== '' ? resolved.source : String(resolved.value);
      const written = typeof resolved.value === 'string' ? resolved.value : value;
      pins.set(path, { key: path, value: written, version: written.replace(/^v/, ''), file, span: spanOf(resolved.range) });
      return;
    }
    if (isMap(resolved) && depth < 4) {
      for (const item of resolved.items) {
        const key = resolve(item.key);
        if (!isScalar(key)) continue;
        collect(item.value, `${path}.${String(key.value)}`, depth + 1);
      }
      return;
    }
    if (isSeq(resolved) && /\.(version|tag)$/.test(path)) {
      problems.push(
        problem(
          'kata-versions-not-a-string',
          'warning',
          `${path} in versions.yaml is a list; Kata's scripts expect one version string there.`,
          file,
          spanOf((resolved as YamlNode).range),
        ),
      );
    }
  };
  for (const item of assets.items) {
    const key = resolve(item.key);
    if (!isScalar(key) || !String(key.value).startsWith('kernel')) continue;
    collect(item.value, `assets.${String(key.value)}`, 1);
  }
  for (const [key, pin] of pins) {
    if (/\.(version|tag)$/.test(key) && pin.version === '') {
      problems.push(
        problem('kata-versions-empty', 'warning', `${key} in versions.yaml is empty; the build would have no kernel version.`, file, pin.span),
      );
    }
  }
  return { file, pins, problems };
}

/** The kernel version Kata pins for a flavour (`kernel`, `confidential`, `nvidia-gpu`, `dragonball-experimental`, ...). */
export function pinnedKernelVersion(versions: KataVersions, flavour: string): PinnedKernel {
  const rule = kernelFlavours.find((f) => f.names.includes(flavour));
  if (rule === undefined) {
    const keys = [`assets.kernel.${flavour}.version`, `assets.kernel.${flavour}.tag`, `assets.kernel-${flavour}.version`, `assets.kernel-${flavour}.tag`];
    const found = lookup(versions, keys);
    if (found !== undefined) return { flavour, pin: found, tried: keys, problems: [] };
    return {
      flavour,
      pin: undefined,
      tried: keys,
      problems: [
        problem(
          'kata-versions-unknown-flavour',
          'warning',
          `No kernel flavour "${flavour}" in ${versions.file} (looked for ${keys.join(', ')}). ` +
            `Known flavours: ${kernelFlavours.map((f) => f.names[0]).join(', ')}.`,
          versions.file,
          lineSpan(0),
        ),
      ],
    };
  }
  return lookupChain(versions, flavour, rule.keys, rule.fallbacks ?? [], rule.description);
}

/** The keys build-kernel.sh itself reads when it is not given `-v`, for the flags that decide it. */
export function buildKernelVersionKeys(options: {
  readonly buildType?: string;
  readonly confidentialGuest?: string;
  readonly arch?: string;
}): readonly string[] {
  if (options.buildType === 'experimental') return ['assets.kernel-experimental.tag'];
  if (options.buildType === 'dragonball-experimental') return ['assets.kernel-dragonball-experimental.version'];
  if (options.buildType === 'arch-experimental') {
    return options.arch === 'aarch64' ? ['assets.kernel-arm-experimental.version'] : ['assets.kernel-experimental.tag'];
  }
  if (options.confidentialGuest) {
    return [`assets.kernel.${options.confidentialGuest}.version`, `assets.kernel.${options.confidentialGuest}.tag`];
  }
  return ['assets.kernel.version'];
}

/** The first of `keys` versions.yaml has a non-empty value for. */
export function lookup(versions: KataVersions, keys: readonly string[]): KernelPin | undefined {
  for (const key of keys) {
    const pin = versions.pins.get(key);
    if (pin !== undefined && pin.version !== '') return pin;
  }
  return undefined;
}

function lookupChain(
  versions: KataVersions,
  flavour: string,
  keys: readonly string[],
  fallbacks: readonly { readonly key: string; readonly why: string }[],
  description: string,
): PinnedKernel {
  const tried = [...keys];
  const direct = lookup(versions, keys);
  if (direct !== undefined) return { flavour, pin: direct, tried, problems: [] };
  for (const fallback of fallbacks) {
    tried.push(fallback.key);
    const pin = lookup(versions, [fallback.key]);
    if (pin === undefined) continue;
    return {
      flavour,
      pin,
      tried,
      fallback: fallback.why,
      problems: [
        problem(
          'kata-versions-fallback',
          'information',
          `${description}: ${fallback.why}, so its version is ${fallback.key} (${pin.value}).`,
          versions.file,
          pin.span,
        ),
      ],
    };
  }
  return {
    flavour,
    pin: undefined,
    tried,
    problems: [
      problem(
        'kata-versions-missing-key',
        'warning',
        `${versions.file} pins no version for ${description} (looked for ${tried.join(', ')}). ` +
          `Pass the version to build-kernel.sh with -v, or add the key.`,
        versions.file,
        lineSpan(0),
      ),
    ],
  };
}
