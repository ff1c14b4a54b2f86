// A `kataToolkit` task as tasks.json and the command palette describe it, shared by the extension (which
// turns it into a task) and the tests: the remembered settings fill what it leaves out, and it becomes the
// flags of `kata-kconfig run`, which builds the step's argument lists with steps.ts like everything else.

import type { Settings } from '../settings';
import type { StepId, StepOptions } from './steps';

/** The fields of a `kataToolkit` task (package.json `taskDefinitions`): the step, where, and its options. */
export interface KataTaskFields extends Omit<StepOptions, 'path'> {
  readonly type: string;
  readonly step: StepId;
  readonly kataDir?: string;
  /** false: start without checking what the step needs (`--no-check`). */
  readonly check?: boolean;
}

/** Command id suffix (`kataToolkit.step.<suffix>`) → step; package.json lists the same pairs. */
export const STEP_COMMANDS: Readonly<Record<string, StepId>> = {
  kernelSetup: 'kernel-setup',
  kernelBuild: 'kernel-build',
  kernelInstall: 'kernel-install',
  kernelBuildHeaders: 'kernel-build-headers',
  guestRootfs: 'rootfs',
  guestImage: 'image',
  guestInitrd: 'initrd',
  kataDeployTarball: 'kata-deploy-tarball',
  runtimeCheck: 'runtime-check',
  runtimeEnv: 'runtime-env',
  smokeContainer: 'smoke-container',
  integrationTests: 'integration-tests',
};

/** build-kernel.sh takes uname names; the settings use the kernel's. */
export function unameArch(arch: string): string {
  return arch === 'arm64' ? 'aarch64' : arch;
}

/** The definition with the remembered answers filled in where it leaves them out. */
export function completeDefinition<T extends KataTaskFields>(def: T, settings: Settings): T {
  return {
    ...def,
    arch: def.arch ?? unameArch(settings.arch),
    hypervisor: def.hypervisor ?? settings.tasks.hypervisor,
    kernelVersion: def.kernelVersion ?? settings.tasks.kernelVersion,
    gpuVendor: def.gpuVendor ?? settings.kernel.gpuVendor,
    confidential: def.confidential ?? settings.kernel.confidential,
    debug: def.debug ?? settings.kernel.debug,
    distro: def.distro ?? settings.tasks.distro,
    agentInit: def.agentInit ?? settings.tasks.agentInit,
    asset: def.asset ?? settings.tasks.asset,
    suite: def.suite ?? settings.tasks.suite,
  };
}

/** The arguments of `kata-kconfig run` for a definition. */
export function runFlags(def: KataTaskFields, kataDir: string): string[] {
  const value = (flag: string, v: string | undefined) => (v ? [flag, v] : []);
  const on = (flag: string, v: boolean | undefined) => (v ? [flag] : []);
  return [
    'run',
    '--kata-dir',
    kataDir,
    '--step',
    def.step,
    ...value('--arch', def.arch),
    ...value('--hypervisor', def.hypervisor),
    ...value('--kernel-version', def.kernelVersion),
    ...value('--gpu', def.gpuVendor),
    ...on('--confidential', def.confidential),
    ...on('--debug', def.debug),
    ...on('--force', def.force),
    ...value('--headers', def.headers),
    ...value('--distro', def.distro),
    ...(def.useDocker === undefined ? [] : ['--use-docker', String(def.useDocker)]),
    ...on('--agent-init', def.agentInit),
    ...value('--asset', def.asset),
    ...value('--suite', def.suite),
    ...value('--image', def.image),
    ...on('--no-check', def.check === false),
  ];
}
