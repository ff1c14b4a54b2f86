// The steps of a Kata guest developer's day, as argument lists run from a kata-containers checkout:
// kernel setup/build/install/build-headers (tools/packaging/kernel/build-kernel.sh), guest rootfs, image and
// initrd (tools/osbuilder's Makefile), kata-deploy tarballs (tools/packaging/kata-deploy/local-build), and
// sandbox checks (kata-runtime, a smoke container through containerd, the repository's integration suites).
// Pure: no process is started here. The client turns a step into a task; `kata-kconfig run` runs it.

import * as path from 'node:path';

export type KernelCommand = 'setup' | 'build' | 'install' | 'build-headers';

export type StepId =
  | 'kernel-setup'
  | 'kernel-build'
  | 'kernel-install'
  | 'kernel-build-headers'
  | 'rootfs'
  | 'image'
  | 'initrd'
  | 'kata-deploy-tarball'
  | 'runtime-check'
  | 'runtime-env'
  | 'smoke-container'
  | 'integration-tests';

export const STEP_IDS: readonly StepId[] = [
  'kernel-setup',
  'kernel-build',
  'kernel-install',
  'kernel-build-headers',
  'rootfs',
  'image',
  'initrd',
  'kata-deploy-tarball',
  'runtime-check',
  'runtime-env',
  'smoke-container',
  'integration-tests',
];

/** What the user chose for a step; every field is optional and the script's own default applies when absent. */
export interface StepOptions {
  /** `-a`: uname -m style (x86_64, aarch64, s390x, ppc64le, riscv64). */
  readonly arch?: string;
  /** `-t`: the hypervisor the kernel or the tests are for (qemu, clh, fc, dragonball, stratovirt). */
  readonly hypervisor?: string;
  /** `-v`: kernel version; versions.yaml's pin otherwise. */
  readonly kernelVersion?: string;
  /** `-g`: GPU vendor (intel, nvidia). */
  readonly gpuVendor?: string;
  /** `-x`: a confidential guest kernel. */
  readonly confidential?: boolean;
  /** KERNEL_DEBUG_ENABLED=yes. */
  readonly debug?: boolean;
  /** `-f`: force setup to regenerate the config (the old kernel directory and config are removed). */
  readonly force?: boolean;
  /** `-H`: package type for build-headers. */
  readonly headers?: 'deb' | 'rpm';
  /** osbuilder: DISTRO (ubuntu, alpine, ...). */
  readonly distro?: string;
  /** osbuilder: USE_DOCKER (the Makefile builds in a container unless told false). */
  readonly useDocker?: boolean;
  /** osbuilder: AGENT_INIT=yes, the agent as the guest's init (usual for an initrd). */
  readonly agentInit?: boolean;
  /** The PATH to hand through sudo, as Kata's osbuilder README does (`sudo -E PATH=$PATH make ...`). */
  readonly path?: string;
  /** kata-deploy: the asset, as in `<asset>-tarball`. */
  readonly asset?: string;
  /** Integration tests: the suite under tests/integration (cri-containerd, docker, nerdctl, nydus). */
  readonly suite?: string;
  /** Smoke container image. */
  readonly image?: string;
}

/** One command of a step. */
export interface StepCommand {
  readonly argv: readonly string[];
  /** Extra environment for this command. */
  readonly env: Readonly<Record<string, string>>;
}

export interface Step {
  readonly id: StepId;
  /** For the task list: "Kata: kernel setup (x86_64, qemu)". */
  readonly label: string;
  readonly cwd: string;
  /** Run one after the other; the step stops at the first that fails. */
  readonly commands: readonly StepCommand[];
  /** Some command runs with sudo: the user answers its password prompt in the task's terminal. */
  readonly sudo: boolean;
  /** What to check before starting (see prerequisites.ts); none for an arbitrary command. */
  readonly needs?: StepId;
}

export const KERNEL_SCRIPT = 'tools/packaging/kernel/build-kernel.sh';
export const OSBUILDER_DIR = 'tools/osbuilder';
export const LOCAL_BUILD_DIR = 'tools/packaging/kata-deploy/local-build';
const SMOKE_IMAGE = 'docker.io/library/busybox:latest';

const kernelCommands: Record<string, KernelCommand> = {
  'kernel-setup': 'setup',
  'kernel-build': 'build',
  'kernel-install': 'install',
  'kernel-build-headers': 'build-headers',
};

/** The argument list of build-kernel.sh for the options (without the leading script path). */
export function buildKernelArgs(command: KernelCommand, o: StepOptions): string[] {
  const args: string[] = [];
  if (o.arch) args.push('-a', o.arch);
  if (o.hypervisor) args.push('-t', o.hypervisor);
  if (o.kernelVersion) args.push('-v', o.kernelVersion);
  if (o.gpuVendor) args.push('-g', o.gpuVendor);
  if (o.confidential) args.push('-x');
  if (o.force && command === 'setup') args.push('-f');
  if (command === 'build-headers' && o.headers) args.push('-H', o.headers);
  args.push(command);
  return args;
}

export function stepFor(id: StepId, kataDir: string, o: StepOptions = {}): Step {
  const dir = path.resolve(kataDir);
  const describe = (...parts: (string | undefined | false)[]) => parts.filter((p): p is string => !!p).join(', ');
  const kernel = kernelCommands[id];
  if (kernel) {
    const env: Record<string, string> = o.debug ? { KERNEL_DEBUG_ENABLED: 'yes' } : {};
    // install writes into /usr (DESTDIR=/, PREFIX=/usr by default): it needs root.
    const sudo = kernel === 'install';
    const argv = [...(sudo ? ['sudo', '-E'] : []), `./${path.basename(KERNEL_SCRIPT)}`, ...buildKernelArgs(kernel, o)];
    const what = describe(o.arch, o.hypervisor, o.kernelVersion && `v${o.kernelVersion}`, o.gpuVendor && `gpu ${o.gpuVendor}`, o.confidential && 'confidential', o.debug && 'debug');
    return { id, label: `kernel ${kernel}${what ? ` (${what})` : ''}`, cwd: path.join(dir, path.dirname(KERNEL_SCRIPT)), commands: [{ argv, env }], sudo, needs: id };
  }
  switch (id) {
    case 'rootfs':
    case 'image':
    case 'initrd': {
      // The osbuilder targets run debootstrap/mkfs and loop devices: root, keeping the environment.
      const vars = [
        `DISTRO=${o.distro ?? 'ubuntu'}`,
        ...(o.useDocker !== undefined ? [`USE_DOCKER=${o.useDocker}`] : []),
        ...(o.agentInit ? ['AGENT_INIT=yes'] : []),
      ];
      return {
        id,
        label: `guest ${id} (${describe(o.distro ?? 'ubuntu', o.useDocker === false && 'on the host', o.agentInit && 'agent as init')})`,
        cwd: path.join(dir, OSBUILDER_DIR),
        commands: [{ argv: ['sudo', '-E', ...(o.path ? [`PATH=${o.path}`] : []), 'make', ...vars, id], env: {} }],
        sudo: true,
        needs: id,
      };
    }
    case 'kata-deploy-tarball': {
      const asset = o.asset ?? 'kernel';
      return { id, label: `kata-deploy ${asset}-tarball`, cwd: path.join(dir, LOCAL_BUILD_DIR), commands: [{ argv: ['make', `${asset}-tarball`], env: {} }], sudo: false, needs: id };
    }
    case 'runtime-check':
      return { id, label: 'kata-runtime check', cwd: dir, commands: [{ argv: ['sudo', 'kata-runtime', 'check', '--verbose'], env: {} }], sudo: true, needs: id };
    case 'runtime-env':
      return { id, label: 'kata-runtime env', cwd: dir, commands: [{ argv: ['kata-runtime', 'env'], env: {} }], sudo: false, needs: id };
    case 'smoke-container': {
      const image = o.image ?? SMOKE_IMAGE;
      const name = 'kata-toolkit-smoke';
      return {
        id,
        label: `smoke container (${image})`,
        cwd: dir,
        commands: [
          { argv: ['sudo', 'ctr', 'image', 'pull', image], env: {} },
          { argv: ['sudo', 'ctr', 'run', '--runtime', 'io.containerd.kata.v2', '--rm', image, name, 'uname', '-a'], env: {} },
        ],
        sudo: true,
        needs: id,
      };
    }
    case 'integration-tests': {
      const suite = o.suite ?? 'cri-containerd';
      const env: Record<string, string> = { KATA_HYPERVISOR: o.hypervisor ?? 'qemu' };
      return {
        id,
        label: `integration tests: ${suite} (${env.KATA_HYPERVISOR})`,
        cwd: path.join(dir, 'tests', 'integration', suite),
        commands: [{ argv: ['bash', './gha-run.sh', 'run'], env }],
        sudo: false,
        needs: id,
      };
    }
  }
  throw new Error(`unknown step ${id as string}`);
}

/** The `<asset>-tarball` targets of kata-deploy's local-build Makefile, in file order. */
export function tarballTargets(makefile: string): string[] {
  const out: string[] = [];
  for (const m of makefile.matchAll(/^([A-Za-z0-9][A-Za-z0-9_.-]*)-tarball\s*:(?!=)/gm)) if (!out.includes(m[1])) out.push(m[1]);
  return out;
}

/** What build-kernel.sh will do with an argument list: the options the fragment set depends on, and the command. */
export interface BuildKernelCall {
  readonly command?: string;
  readonly arch?: string;
  readonly hypervisor?: string;
  readonly kernelVersion?: string;
  readonly kernelPath?: string;
  readonly gpuVendor?: string;
  readonly confidential: boolean;
  readonly experimental: boolean;
  readonly buildType?: string;
  readonly measuredRootfs: boolean;
  readonly skipConfigChecks: boolean;
  readonly force: boolean;
}

/** Reads build-kernel.sh's arguments as its getopts string "a:b:c:defg:hH:k:mp:r:st:u:v:x" does. */
export function parseBuildKernelArgs(args: readonly string[]): BuildKernelCall {
  const withValue = new Set('abcgHkprtuv'.split(''));
  const flags = new Map<string, string | true>();
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    // getopts allows clustered letters (-fx) and a value glued to its letter (-ax86_64).
    for (let j = 1; j < a.length; j++) {
      const letter = a[j];
      if (withValue.has(letter)) {
        const rest = a.slice(j + 1);
        flags.set(letter, rest !== '' ? rest : (args[++i] ?? ''));
        break;
      }
      flags.set(letter, true);
    }
  }
  const str = (k: string) => (typeof flags.get(k) === 'string' ? (flags.get(k) as string) : undefined);
  return {
    command: args[i],
    arch: str('a'),
    hypervisor: str('t'),
    kernelVersion: str('v')?.replace(/^v/, ''),
    kernelPath: str('k'),
    gpuVendor: str('g'),
    confidential: flags.has('x'),
    experimental: flags.has('e'),
    buildType: str('b'),
    measuredRootfs: flags.has('m'),
    skipConfigChecks: flags.has('s'),
    force: flags.has('f'),
  };
}
