// The one place settings are declared in code and read: defaults, validation and path resolution.
//
// `settingSpecs` mirrors `contributes.configuration` in package.json (a unit test keeps the two equal);
// `readSettings` turns whatever the editor sent into a typed `Settings`, falling back to the default with a
// warning for every value it cannot use. Nothing here knows about the editor protocol.

import * as os from 'node:os';
import * as path from 'node:path';

export const SETTINGS_SECTION = 'kataToolkit';

export const ARCHES = ['x86_64', 'arm64', 's390x', 'ppc64le', 'riscv64'] as const;
export type Arch = (typeof ARCHES)[number];

/** The vendors build-kernel.sh's -g takes (its gpu/ fragments: intel.conf, nvidia.<arch>.conf.in). */
export const GPU_VENDORS = ['nvidia', 'intel'] as const;
export type GpuVendor = (typeof GPU_VENDORS)[number];

/** `trusted`: `$(shell,...)` macros run only in a trusted workspace; `never`: they never run. */
export const SHELL_POLICIES = ['trusted', 'never'] as const;
export type ShellPolicy = (typeof SHELL_POLICIES)[number];

/** Which Kata runtime reads configuration files: inferred per file (`auto`), or always the one named. */
export const KATA_RUNTIMES = ['auto', 'go', 'runtime-rs'] as const;
export type KataRuntimeSetting = (typeof KATA_RUNTIMES)[number];

/**
 * TOML syntax errors in `.toml` files: `auto` leaves them to a TOML extension when one owns the file (its
 * language id is `toml`), so the same error is not listed twice; `always` and `never` decide for every file.
 */
export const TOML_SYNTAX_POLICIES = ['auto', 'always', 'never'] as const;
export type TomlSyntaxPolicy = (typeof TOML_SYNTAX_POLICIES)[number];

export const TRACE_LEVELS = ['off', 'messages', 'verbose'] as const;
export type TraceLevel = (typeof TRACE_LEVELS)[number];

export interface Settings {
  /** Absolute path of the kernel source tree; undefined means "find one" (workspace, Kata checkout, cache). */
  readonly kernelTree?: string;
  /** Target architecture of the guest kernel; the host's when the user did not choose. */
  readonly arch: Arch;
  /** Absolute path of a kata-containers checkout; undefined means "find one". */
  readonly kataCheckout?: string;
  readonly kernel: {
    /** Check fragments as the confidential-guest (TEE) build would assemble them. */
    readonly confidential: boolean;
    /** Include the GPU fragments of this vendor; undefined means no GPU fragments. */
    readonly gpuVendor?: GpuVendor;
    /** Include the debug fragments. */
    readonly debug: boolean;
  };
  readonly kconfig: {
    readonly shell: ShellPolicy;
  };
  readonly kata: {
    readonly runtime: KataRuntimeSetting;
    readonly tomlSyntax: TomlSyntaxPolicy;
  };
  readonly ptp4l: {
    /** The linuxptp version to check against; undefined means `ptp4l -v` on this machine, else the newest known. */
    readonly version?: string;
  };
  /** Absolute path of the directory for downloaded and derived data. */
  readonly cacheDirectory: string;
  readonly trace: {
    readonly server: TraceLevel;
  };
  /** The answers the build and sandbox steps remember (the kernel flags above apply to them too). */
  readonly tasks: {
    /** build-kernel.sh `-t`, and KATA_HYPERVISOR for the integration tests; undefined: the scripts' default. */
    readonly hypervisor?: string;
    /** build-kernel.sh `-v`; undefined: the version versions.yaml pins. */
    readonly kernelVersion?: string;
    readonly distro: string;
    readonly agentInit: boolean;
    readonly asset: string;
    readonly suite: string;
  };
}

interface StringSpec {
  readonly type: 'string';
  readonly key: string;
  readonly default: string;
}
interface BooleanSpec {
  readonly type: 'boolean';
  readonly key: string;
  readonly default: boolean;
}
interface EnumSpec<T extends string> {
  readonly type: 'enum';
  readonly key: string;
  readonly values: readonly T[];
  readonly default: T;
}
export type SettingSpec = StringSpec | BooleanSpec | EnumSpec<string>;

/**
 * Every setting, keyed by where it lands in `Settings`; `key` is the name under `kataToolkit.`.
 * The empty string in an enum means "not chosen": the host's architecture, no GPU vendor.
 */
export const settingSpecs = {
  kernelTree: { type: 'string', key: 'kernelTree', default: '' },
  arch: { type: 'enum', key: 'arch', values: ['', ...ARCHES], default: '' },
  kataCheckout: { type: 'string', key: 'kataCheckout', default: '' },
  confidential: { type: 'boolean', key: 'kernel.confidential', default: false },
  gpuVendor: { type: 'enum', key: 'kernel.gpuVendor', values: ['', ...GPU_VENDORS], default: '' },
  debug: { type: 'boolean', key: 'kernel.debug', default: false },
  shell: { type: 'enum', key: 'kconfig.shell', values: SHELL_POLICIES, default: 'trusted' },
  kataRuntime: { type: 'enum', key: 'kata.runtime', values: KATA_RUNTIMES, default: 'auto' },
  tomlSyntax: { type: 'enum', key: 'kata.tomlSyntax', values: TOML_SYNTAX_POLICIES, default: 'auto' },
  ptp4lVersion: { type: 'string', key: 'ptp4l.version', default: '' },
  cacheDirectory: { type: 'string', key: 'cacheDirectory', default: '' },
  traceServer: { type: 'enum', key: 'trace.server', values: TRACE_LEVELS, default: 'off' },
  taskHypervisor: { type: 'string', key: 'tasks.hypervisor', default: '' },
  taskKernelVersion: { type: 'string', key: 'tasks.kernelVersion', default: '' },
  taskDistro: { type: 'string', key: 'tasks.distro', default: 'ubuntu' },
  taskAgentInit: { type: 'boolean', key: 'tasks.agentInit', default: false },
  taskAsset: { type: 'string', key: 'tasks.asset', default: 'kernel' },
  taskSuite: { type: 'string', key: 'tasks.suite', default: 'cri-containerd' },
} as const satisfies Record<string, SettingSpec>;

/** Spellings people use for the same architecture (uname, Debian, Go, Node), mapped to ours. */
const archAliases: Record<string, Arch> = {
  x86_64: 'x86_64',
  amd64: 'x86_64',
  x64: 'x86_64',
  'x86-64': 'x86_64',
  arm64: 'arm64',
  aarch64: 'arm64',
  s390x: 's390x',
  ppc64le: 'ppc64le',
  ppc64el: 'ppc64le',
  riscv64: 'riscv64',
};

export interface ReadOptions {
  /** Receives one sentence per unusable value; the value's default is used instead. */
  readonly warn?: (message: string) => void;
  /** Absolute path of the workspace folder the settings apply to; relative paths are resolved against it. */
  readonly folder?: string;
  /** Overrides for tests; default to the running process. */
  readonly host?: { readonly arch?: string; readonly platform?: string; readonly endianness?: 'BE' | 'LE' };
  readonly homedir?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The guest architecture matching the machine the server runs on; x86_64 when it matches none. */
export function hostArch(options: ReadOptions = {}): Arch {
  const arch = options.host?.arch ?? process.arch;
  if (arch === 'ppc64') return (options.host?.endianness ?? os.endianness()) === 'LE' ? 'ppc64le' : 'x86_64';
  return archAliases[arch] ?? 'x86_64';
}

/** Where caches live when `kataToolkit.cacheDirectory` is empty: the OS convention plus our own folder. */
export function defaultCacheDirectory(options: ReadOptions = {}): string {
  const env = options.env ?? process.env;
  const home = options.homedir ?? os.homedir();
  const platform = options.host?.platform ?? process.platform;
  let base: string;
  if (platform === 'win32') base = env.LOCALAPPDATA || path.join(home, 'AppData', 'Local');
  else if (platform === 'darwin') base = path.join(home, 'Library', 'Caches');
  else base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(home, '.cache');
  return path.join(base, 'kata-guest-toolkit');
}

/**
 * Expands `~`, `${userHome}`, `${workspaceFolder}` and `${env:NAME}` the way users write them in VS Code
 * settings, then makes the path absolute against the workspace folder (or the home directory without one).
 */
export function resolveSettingPath(value: string, options: ReadOptions = {}): string {
  const env = options.env ?? process.env;
  const home = options.homedir ?? os.homedir();
  let p = value
    .replace(/\$\{userHome\}/g, home)
    .replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => env[name] ?? '');
  if (options.folder !== undefined) p = p.replace(/\$\{workspaceFolder\}/g, options.folder);
  if (p === '~' || p.startsWith('~/') || p.startsWith('~\\')) p = path.join(home, p.slice(1));
  return path.resolve(options.folder ?? home, p);
}

/** Reads settings from what `workspace/configuration` returned for the `kataToolkit` section. Never throws. */
export function readSettings(raw: unknown, options: ReadOptions = {}): Settings {
  const warn = options.warn ?? (() => undefined);
  const root = sectionOf(raw);

  const str = (spec: StringSpec): string => {
    const v = lookup(root, spec.key);
    if (v === undefined || v === null) return spec.default;
    if (typeof v === 'string') return v.trim();
    warn(`${SETTINGS_SECTION}.${spec.key} should be a string, not ${describe(v)}; using ${JSON.stringify(spec.default)}.`);
    return spec.default;
  };
  const bool = (spec: BooleanSpec): boolean => {
    const v = lookup(root, spec.key);
    if (v === undefined || v === null) return spec.default;
    if (typeof v === 'boolean') return v;
    warn(`${SETTINGS_SECTION}.${spec.key} should be true or false, not ${describe(v)}; using ${spec.default}.`);
    return spec.default;
  };
  const oneOf = <T extends string>(spec: EnumSpec<T>, aliases: Record<string, T> = {}): T => {
    const v = lookup(root, spec.key);
    if (v === undefined || v === null) return spec.default;
    if (typeof v === 'string') {
      const s = v.trim();
      if ((spec.values as readonly string[]).includes(s)) return s as T;
      const alias = aliases[s.toLowerCase()];
      if (alias !== undefined) return alias;
    }
    const allowed = spec.values.map((x) => JSON.stringify(x)).join(', ');
    warn(
      `${SETTINGS_SECTION}.${spec.key} should be one of ${allowed}, not ${describe(v)}; using ${JSON.stringify(spec.default)}.`,
    );
    return spec.default;
  };
  const optionalPath = (spec: StringSpec): string | undefined => {
    const v = str(spec);
    return v === '' ? undefined : resolveSettingPath(v, options);
  };

  const arch = oneOf<Arch | ''>(settingSpecs.arch, archAliases);
  const gpuVendor = oneOf<GpuVendor | ''>(settingSpecs.gpuVendor);
  const cacheDirectory = optionalPath(settingSpecs.cacheDirectory) ?? defaultCacheDirectory(options);
  return {
    kernelTree: optionalPath(settingSpecs.kernelTree),
    arch: arch === '' ? hostArch(options) : arch,
    kataCheckout: optionalPath(settingSpecs.kataCheckout),
    kernel: {
      confidential: bool(settingSpecs.confidential),
      gpuVendor: gpuVendor === '' ? undefined : gpuVendor,
      debug: bool(settingSpecs.debug),
    },
    kconfig: { shell: oneOf<ShellPolicy>(settingSpecs.shell) },
    kata: { runtime: oneOf<KataRuntimeSetting>(settingSpecs.kataRuntime, { rs: 'runtime-rs' }), tomlSyntax: oneOf<TomlSyntaxPolicy>(settingSpecs.tomlSyntax) },
    ptp4l: ptp4lVersion(str(settingSpecs.ptp4lVersion), warn),
    cacheDirectory,
    trace: { server: oneOf<TraceLevel>(settingSpecs.traceServer) },
    tasks: {
      hypervisor: str(settingSpecs.taskHypervisor).trim() || undefined,
      kernelVersion: str(settingSpecs.taskKernelVersion).trim().replace(/^v/, '') || undefined,
      distro: str(settingSpecs.taskDistro).trim() || settingSpecs.taskDistro.default,
      agentInit: bool(settingSpecs.taskAgentInit),
      asset: str(settingSpecs.taskAsset).trim() || settingSpecs.taskAsset.default,
      suite: str(settingSpecs.taskSuite).trim() || settingSpecs.taskSuite.default,
    },
  };
}

/** A linuxptp version as users write it (`4.2`, `v3.1.1`); empty means "find out". */
function ptp4lVersion(v: string, warn: (m: string) => void): Settings['ptp4l'] {
  if (v === '') return {};
  const m = /^v?(\d+(?:\.\d+){0,2})$/.exec(v);
  if (!m) {
    warn(`${SETTINGS_SECTION}.ptp4l.version should be a linuxptp version such as 4.2 or 3.1.1, not ${JSON.stringify(v)}; using the version on this machine.`);
    return {};
  }
  return { version: m[1] };
}

/** Whether `$(shell,...)` macros may run under these settings in a workspace of this trust. */
export function shellAllowed(settings: Settings, trusted: boolean): boolean {
  return settings.kconfig.shell === 'trusted' && trusted;
}

/** Accepts the section itself or a whole settings object that contains it. */
function sectionOf(raw: unknown): Record<string, unknown> {
  if (!isRecord(raw)) return {};
  const inner = raw[SETTINGS_SECTION];
  return isRecord(inner) ? inner : raw;
}

/**
 * VS Code sends dotted keys as nested objects (`kernel: { debug: true }`); other editors often send them flat
 * (`"kernel.debug": true`). Both are accepted; nested wins.
 */
function lookup(root: Record<string, unknown>, key: string): unknown {
  let node: unknown = root;
  for (const part of key.split('.')) {
    node = isRecord(node) ? node[part] : undefined;
  }
  if (node !== undefined) return node;
  return root[key];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}...` : s;
}
