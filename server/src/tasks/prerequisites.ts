// What a step needs before it is worth starting: the kata-containers checkout, the kernel tree that `setup`
// leaves behind (for build, install, build-headers), the programs and headers the scripts call, and the YAML
// processor Kata's scripts expect: mikefarah's yq at the version Kata pins, not Python's yq (a jq wrapper
// with another syntax) nor whatever a snap installed. Each finding says what is missing and how to get it,
// so the user learns it now and not from a script that fails minutes later.

import * as path from 'node:path';
import { buildKernelVersionKeys, lookup, parseKataVersions } from '../languages/kconfig/kata/versions';
import { KERNEL_SCRIPT, LOCAL_BUILD_DIR, OSBUILDER_DIR, parseBuildKernelArgs, type BuildKernelCall, type StepId } from './steps';

/** The machine, as far as the checks need it; tests give a fake one. */
export interface Machine {
  /** The absolute path `program` resolves to on PATH, or undefined. */
  which(program: string): string | undefined;
  /** Runs a program briefly and returns its output; undefined when it cannot be started. */
  run(argv: readonly string[]): { readonly status: number | null; readonly stdout: string; readonly stderr: string } | undefined;
  exists(file: string): boolean;
  read(file: string): string | undefined;
}

export interface Finding {
  /** Short: "flex", "libelf headers", "the kernel tree". */
  readonly what: string;
  /** What is wrong, in a sentence. */
  readonly problem: string;
  /** How to fix it, in a sentence or a command. */
  readonly fix: string;
  /** False for findings worth knowing that need not stop the step (a yq of another 4.x release). */
  readonly blocking: boolean;
}

interface Program {
  readonly names: readonly string[];
  readonly debian: string;
  readonly fedora: string;
  readonly why: string;
}

const P = {
  make: { names: ['make'], debian: 'make', fedora: 'make', why: 'runs the kernel and osbuilder builds' },
  cc: { names: ['gcc', 'cc'], debian: 'gcc', fedora: 'gcc', why: 'compiles the kernel and its kconfig tools' },
  flex: { names: ['flex'], debian: 'flex', fedora: 'flex', why: "generates the kconfig lexer during `make oldconfig`" },
  bison: { names: ['bison'], debian: 'bison', fedora: 'bison', why: 'generates the kconfig parser during `make oldconfig`' },
  bc: { names: ['bc'], debian: 'bc', fedora: 'bc', why: 'computes kernel constants during the build' },
  curl: { names: ['curl'], debian: 'curl', fedora: 'curl', why: 'build-kernel.sh downloads the kernel tarball with it' },
  patch: { names: ['patch'], debian: 'patch', fedora: 'patch', why: "applies Kata's kernel patches" },
  xz: { names: ['xz'], debian: 'xz-utils', fedora: 'xz', why: 'unpacks the kernel tarball' },
  docker: { names: ['docker'], debian: 'docker.io', fedora: 'moby-engine', why: 'the build runs in containers' },
  sudo: { names: ['sudo'], debian: 'sudo', fedora: 'sudo', why: 'the step needs root' },
  bash: { names: ['bash'], debian: 'bash', fedora: 'bash', why: 'runs the test scripts' },
  dpkgDeb: { names: ['dpkg-buildpackage'], debian: 'dpkg-dev', fedora: 'dpkg-dev', why: '`make bindeb-pkg` builds the header package with it' },
  rpmbuild: { names: ['rpmbuild'], debian: 'rpm', fedora: 'rpm-build', why: '`make rpm-pkg` builds the header package with it' },
  ctr: { names: ['ctr'], debian: 'containerd', fedora: 'containerd', why: 'pulls the image and runs the container' },
} satisfies Record<string, Program>;

const install = (ps: readonly Program[]) =>
  `install it: \`sudo apt-get install ${ps.map((p) => p.debian).join(' ')}\` (Debian, Ubuntu) or \`sudo dnf install ${ps.map((p) => p.fedora).join(' ')}\` (Fedora)`;

function programs(machine: Machine, wanted: readonly Program[]): Finding[] {
  return wanted
    .filter((p) => !p.names.some((n) => machine.which(n)))
    .map((p) => ({ what: p.names[0], problem: `${p.names.join(' or ')} is not on PATH; ${p.why}.`, fix: install([p]), blocking: true }));
}

/** The yq version Kata pins: versions.yaml (`externals.yq`) in some releases, ci/install_yq.sh in others. */
export function pinnedYq(kataDir: string, machine: Machine): { version: string; where: string } | undefined {
  const versionsFile = path.join(kataDir, 'versions.yaml');
  const versions = machine.read(versionsFile);
  if (versions !== undefined) {
    const pin = lookup(parseKataVersions(versionsFile, versions), ['externals.yq.version']);
    if (pin?.version) return { version: pin.version.startsWith('v') ? pin.version : `v${pin.version}`, where: `versions.yaml (externals.yq.version)` };
  }
  const script = path.join(kataDir, 'ci', 'install_yq.sh');
  const text = machine.read(script);
  const m = text ? /^[ \t]*(?:local[ \t]+)?yq_version=["']?(v?\d+\.\d+\.\d+)/m.exec(text) : null;
  if (m && text) return { version: m[1].startsWith('v') ? m[1] : `v${m[1]}`, where: `ci/install_yq.sh:${text.slice(0, m.index).split('\n').length}` };
  return undefined;
}

export function checkYq(kataDir: string, machine: Machine): Finding[] {
  const pin = pinnedYq(kataDir, machine);
  const wanted = pin ? `mikefarah's yq ${pin.version} (pinned in ${pin.where})` : "mikefarah's yq 4";
  const installer = machine.exists(path.join(kataDir, 'ci', 'install_yq.sh'))
    ? `run \`${path.join(kataDir, 'ci', 'install_yq.sh')}\` (it installs the pinned release into $GOPATH/bin, by default ~/go/bin; put that first on PATH)`
    : 'install the release from mikefarah/yq into a directory early on PATH';
  const found = machine.which('yq');
  if (!found) return [{ what: 'yq', problem: `yq is not on PATH; Kata's scripts read versions.yaml with ${wanted}.`, fix: installer, blocking: true }];
  const out = machine.run([found, '--version']);
  const text = `${out?.stdout ?? ''}${out?.stderr ?? ''}`.trim();
  const first = text.split('\n')[0] || '(no output)';
  const snap = found.startsWith('/snap/') ? ' It comes from a snap, whose release follows the snap channel, not Kata.' : '';
  if (!/mikefarah/.test(text)) {
    return [
      {
        what: 'yq',
        problem: `${found} is not mikefarah's yq (\`yq --version\` says "${first}"); Python's yq wraps jq and reads other expressions, so Kata's scripts get wrong or empty answers.${snap}`,
        fix: `${installer}, or remove the other yq (\`pip uninstall yq\`, \`sudo apt-get remove yq\`).`,
        blocking: true,
      },
    ];
  }
  const version = /version\s+(v?\d+\.\d+\.\d+)/.exec(text)?.[1];
  const v = version && !version.startsWith('v') ? `v${version}` : version;
  if (!v || !pin || v === pin.version) return [];
  const major = (s: string) => s.replace(/^v/, '').split('.')[0];
  return [
    {
      what: 'yq',
      problem: `${found} is mikefarah's yq ${v}, but Kata pins ${pin.version} (${pin.where}).${snap}`,
      fix: installer,
      blocking: major(v) !== major(pin.version),
    },
  ];
}

/** build-kernel.sh's default kernel directory: `kata-linux-[<build type>-]<version>-<config version>` in its folder. */
export function defaultKernelPath(kataDir: string, call: BuildKernelCall, machine: Machine): { path?: string; why?: string } {
  const kernelDir = path.join(kataDir, path.dirname(KERNEL_SCRIPT));
  if (call.kernelPath) return { path: path.resolve(kernelDir, call.kernelPath) };
  let version = call.kernelVersion;
  if (!version) {
    const versionsFile = path.join(kataDir, 'versions.yaml');
    const text = machine.read(versionsFile);
    if (text === undefined) return { why: `no ${versionsFile} to read the kernel version from` };
    const buildType = call.experimental ? (call.hypervisor === 'dragonball' ? 'dragonball-experimental' : 'experimental') : call.buildType;
    const pin = lookup(parseKataVersions(versionsFile, text), buildKernelVersionKeys({ buildType, confidentialGuest: call.confidential ? 'confidential' : undefined, arch: call.arch }));
    version = pin?.version;
    if (!version) return { why: `versions.yaml pins no kernel version for these options` };
  }
  const config = machine.read(path.join(kernelDir, 'kata_config_version'))?.trim();
  if (!config) return { why: `no ${path.join(kernelDir, 'kata_config_version')}` };
  const buildType = call.experimental ? (call.hypervisor === 'dragonball' ? 'dragonball-experimental' : 'experimental') : call.buildType;
  return { path: path.join(kernelDir, `kata-linux-${buildType ? `${buildType}-` : ''}${version.replace(/^v/, '')}-${config}`) };
}

/**
 * What `step` still needs on this machine. `scriptArgs` are the arguments given to the step's script (for the
 * kernel steps, build-kernel.sh's options and command), used to find the kernel tree the step will use.
 */
export function checkPrerequisites(step: StepId, kataDir: string, scriptArgs: readonly string[], machine: Machine, options: { suite?: string } = {}): Finding[] {
  const dir = path.resolve(kataDir);
  const need = (file: string, what: string): Finding[] =>
    machine.exists(path.join(dir, file))
      ? []
      : [{ what: 'the kata-containers checkout', problem: `${path.join(dir, file)} does not exist: ${what}.`, fix: 'choose the folder of your kata-containers clone (`git clone https://github.com/kata-containers/kata-containers`), in the kataToolkit.kataCheckout setting or with --kata-dir', blocking: true }];
  switch (step) {
    case 'kernel-setup':
    case 'kernel-build':
    case 'kernel-install':
    case 'kernel-build-headers': {
      const checkout = need(KERNEL_SCRIPT, 'the kernel steps run build-kernel.sh from it');
      if (checkout.length > 0) return checkout;
      const call = parseBuildKernelArgs(scriptArgs);
      const out: Finding[] = [...programs(machine, [P.make, P.cc, P.flex, P.bison, P.bc]), ...checkYq(dir, machine)];
      if (!['/usr/include/libelf.h', '/usr/include/gelf.h', '/usr/include/elfutils/libelf.h'].some((f) => machine.exists(f))) {
        out.push({ what: 'libelf headers', problem: 'no libelf.h under /usr/include; the kernel build needs it for objtool.', fix: 'install them: `sudo apt-get install libelf-dev` (Debian, Ubuntu) or `sudo dnf install elfutils-libelf-devel` (Fedora)', blocking: true });
      }
      const tree = defaultKernelPath(dir, call, machine);
      if (step === 'kernel-setup') {
        if (!(tree.path && machine.exists(tree.path)) || call.force) out.push(...programs(machine, [P.curl, P.patch, P.xz]));
      } else if (tree.path && !machine.exists(tree.path)) {
        out.push({ what: 'the kernel tree', problem: `${tree.path} does not exist: \`${step.replace('kernel-', '')}\` works on the tree that \`setup\` prepares.`, fix: 'run the kernel setup step first, with the same options', blocking: true });
      }
      if (step === 'kernel-build-headers') out.push(...programs(machine, [scriptArgs.includes('rpm') ? P.rpmbuild : P.dpkgDeb]));
      if (step === 'kernel-install') out.push(...programs(machine, [P.sudo]));
      return out;
    }
    case 'rootfs':
    case 'image':
    case 'initrd': {
      const checkout = need(path.join(OSBUILDER_DIR, 'Makefile'), 'the guest image steps run its osbuilder Makefile');
      if (checkout.length > 0) return checkout;
      const onHost = scriptArgs.includes('USE_DOCKER=false');
      return [...programs(machine, [P.make, P.sudo, ...(onHost ? [] : [P.docker])]), ...checkYq(dir, machine)];
    }
    case 'kata-deploy-tarball': {
      const checkout = need(path.join(LOCAL_BUILD_DIR, 'Makefile'), "kata-deploy's local build runs from it");
      if (checkout.length > 0) return checkout;
      return [...programs(machine, [P.make, P.docker]), ...checkYq(dir, machine)];
    }
    case 'runtime-check':
    case 'runtime-env': {
      if (machine.which('kata-runtime')) return step === 'runtime-check' ? programs(machine, [P.sudo]) : [];
      const deployed = machine.exists('/opt/kata/bin/kata-runtime');
      return [
        {
          what: 'kata-runtime',
          problem: `kata-runtime is not on PATH${deployed ? ' (kata-deploy installed it as /opt/kata/bin/kata-runtime)' : ''}.`,
          fix: deployed ? 'add /opt/kata/bin to PATH' : 'install Kata Containers (a release tarball under /opt/kata, or `make install` in src/runtime)',
          blocking: true,
        },
      ];
    }
    case 'smoke-container': {
      const out = programs(machine, [P.sudo, P.ctr]);
      if (!machine.which('containerd-shim-kata-v2') && !machine.exists('/usr/local/bin/containerd-shim-kata-v2')) {
        out.push({
          what: 'containerd-shim-kata-v2',
          problem: 'containerd finds the Kata runtime (io.containerd.kata.v2) as containerd-shim-kata-v2 on its PATH, and there is none.',
          fix: machine.exists('/opt/kata/bin/containerd-shim-kata-v2') ? 'link it: `sudo ln -s /opt/kata/bin/containerd-shim-kata-v2 /usr/local/bin/`' : 'install Kata Containers first',
          blocking: true,
        });
      }
      return out;
    }
    case 'integration-tests': {
      const suite = options.suite ?? 'cri-containerd';
      const checkout = need(path.join('tests', 'integration', suite, 'gha-run.sh'), `the ${suite} suite's entry point is tests/integration/${suite}/gha-run.sh`);
      if (checkout.length > 0) return checkout;
      return [...programs(machine, [P.bash]), ...checkYq(dir, machine)];
    }
  }
}
