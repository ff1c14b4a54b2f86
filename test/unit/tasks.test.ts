// The build and sandbox steps: the argument lists they run, what they check before starting (with a fake
// machine), the annotations that point failures at their cause, and `kata-kconfig run` end to end on a
// stand-in kata-containers checkout (test/fixtures/kata-run) whose build-kernel.sh prints what the real
// one prints when a requested value is lost.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseArgs } from '../../server/src/cli/common';
import { runRun, stepOptionsFrom } from '../../server/src/cli/run';
import { readSettings } from '../../server/src/settings';
import { completeDefinition, runFlags, STEP_COMMANDS, type KataTaskFields } from '../../server/src/tasks/taskDefinition';
import { OutputAnnotator } from '../../server/src/tasks/annotate';
import { checkPrerequisites, checkYq, pinnedYq, type Machine } from '../../server/src/tasks/prerequisites';
import { parseBuildKernelArgs, STEP_IDS, stepFor, tarballTargets } from '../../server/src/tasks/steps';
import { nodeFileSystem } from '../../server/src/languages/kconfig/kata';
import { cachedKernelTree } from '../conformance/kernelTree';

function repoRoot(): string {
  let dir = __dirname;
  while (!require('node:fs').existsSync(path.join(dir, 'package.json'))) {
    assert.notEqual(path.dirname(dir), dir, 'no package.json above the test');
    dir = path.dirname(dir);
  }
  return dir;
}
const KATA = path.join(repoRoot(), 'test', 'fixtures', 'kata-run');
const KERNEL_DIR = path.join(KATA, 'tools', 'packaging', 'kernel');

/** A machine with the given programs on PATH (in /usr/bin), files, and `yq --version` output. */
function machine(opts: { programs?: string[]; files?: string[]; yq?: { at: string; says: string } } = {}): Machine {
  const programs = new Map((opts.programs ?? []).map((p) => [p, `/usr/bin/${p}`]));
  if (opts.yq) programs.set('yq', opts.yq.at);
  const files = new Set(opts.files ?? []);
  return {
    which: (p) => programs.get(p),
    run: (argv) => (opts.yq && argv[0] === opts.yq.at ? { status: 0, stdout: `${opts.yq.says}\n`, stderr: '' } : undefined),
    // The stand-in checkout is real; the rest of the machine is what the test says.
    exists: (f) => files.has(f) || (f.startsWith(KATA) && nodeFileSystem.read(f) !== undefined),
    read: (f) => nodeFileSystem.read(f),
  };
}
const ALL = ['make', 'gcc', 'flex', 'bison', 'bc', 'curl', 'patch', 'xz', 'sudo', 'docker', 'bash', 'ctr', 'dpkg-buildpackage'];
const GOOD_YQ = { at: '/root/go/bin/yq', says: 'yq (https://github.com/mikefarah/yq/) version v4.44.5' };

describe('steps', () => {
  it('builds argument lists, never shell strings, with sudo only where the step needs root', () => {
    const setup = stepFor('kernel-setup', KATA, { arch: 'aarch64', hypervisor: 'qemu', confidential: true, force: true, debug: true });
    assert.equal(setup.cwd, KERNEL_DIR);
    assert.deepEqual(setup.commands, [{ argv: ['./build-kernel.sh', '-a', 'aarch64', '-t', 'qemu', '-x', '-f', 'setup'], env: { KERNEL_DEBUG_ENABLED: 'yes' } }]);
    assert.equal(setup.sudo, false);
    const install = stepFor('kernel-install', KATA, { force: true });
    assert.deepEqual(install.commands[0].argv, ['sudo', '-E', './build-kernel.sh', 'install'], '-f is a setup option');
    assert.equal(install.sudo, true);
    assert.deepEqual(stepFor('kernel-build-headers', KATA, { headers: 'rpm' }).commands[0].argv, ['./build-kernel.sh', '-H', 'rpm', 'build-headers']);
    const initrd = stepFor('initrd', KATA, { distro: 'alpine', agentInit: true, path: '/usr/local/go/bin:/usr/bin' });
    assert.deepEqual(initrd.commands[0].argv, ['sudo', '-E', 'PATH=/usr/local/go/bin:/usr/bin', 'make', 'DISTRO=alpine', 'AGENT_INIT=yes', 'initrd']);
    const smoke = stepFor('smoke-container', KATA);
    assert.deepEqual(smoke.commands.map((c) => c.argv.slice(0, 3)), [['sudo', 'ctr', 'image'], ['sudo', 'ctr', 'run']]);
    assert.deepEqual(stepFor('integration-tests', KATA, { suite: 'nerdctl', hypervisor: 'clh' }).commands[0], { argv: ['bash', './gha-run.sh', 'run'], env: { KATA_HYPERVISOR: 'clh' } });
  });

  it("reads kata-deploy's tarball targets and build-kernel.sh's options as getopts does", () => {
    assert.deepEqual(tarballTargets('kernel-tarball:\n\t$(call x)\nqemu-tarball: deps\nrootfs-image-tarball:\nFOO-tarball := no\nkernel-tarball:\n'), ['kernel', 'qemu', 'rootfs-image']);
    const call = parseBuildKernelArgs(['-fxa', 'aarch64', '-v6.12.3', '-g', 'nvidia', '-k', 'linux', 'build', '-a', 'ignored']);
    assert.deepEqual(
      { command: call.command, arch: call.arch, version: call.kernelVersion, gpu: call.gpuVendor, path: call.kernelPath, x: call.confidential, f: call.force },
      { command: 'build', arch: 'aarch64', version: '6.12.3', gpu: 'nvidia', path: 'linux', x: true, f: true },
    );
  });
});

describe('what a step needs', () => {
  it('finds nothing missing on a machine that has everything', () => {
    assert.deepEqual(checkPrerequisites('kernel-setup', KATA, ['setup'], machine({ programs: ALL, files: ['/usr/include/libelf.h'], yq: GOOD_YQ })), []);
  });

  it('names each missing program with how to install it', () => {
    const found = checkPrerequisites('kernel-setup', KATA, ['setup'], machine({ programs: ALL.filter((p) => p !== 'flex' && p !== 'gcc'), yq: GOOD_YQ }));
    assert.deepEqual(found.map((f) => f.what), ['gcc', 'flex', 'libelf headers']);
    assert.match(found[1].fix, /sudo apt-get install flex/);
    assert.match(found[2].fix, /libelf-dev/);
    assert.ok(found.every((f) => f.blocking));
  });

  it("tells mikefarah's yq at Kata's pin from Python's yq, a snap's, and another release", () => {
    assert.deepEqual(pinnedYq(KATA, machine()), { version: 'v4.44.5', where: 'ci/install_yq.sh:4' });
    const python = checkYq(KATA, machine({ yq: { at: '/usr/bin/yq', says: 'yq 3.2.3' } }));
    assert.equal(python.length, 1);
    assert.ok(python[0].blocking);
    assert.match(python[0].problem, /is not mikefarah's yq .*"yq 3\.2\.3"/);
    assert.match(python[0].fix, /ci\/install_yq\.sh/);
    const snap = checkYq(KATA, machine({ yq: { at: '/snap/bin/yq', says: 'yq (https://github.com/mikefarah/yq/) version v4.47.1' } }));
    assert.equal(snap[0].blocking, false, 'another 4.x release reads versions.yaml the same way');
    assert.match(snap[0].problem, /v4\.47\.1, but Kata pins v4\.44\.5 \(ci\/install_yq\.sh:4\)\. It comes from a snap/);
    assert.equal(checkYq(KATA, machine({ yq: { at: '/usr/bin/yq', says: 'yq (https://github.com/mikefarah/yq/) version 3.4.1' } }))[0].blocking, true);
    assert.deepEqual(checkYq(KATA, machine({ yq: GOOD_YQ })), []);
    assert.equal(checkYq(KATA, machine())[0].problem, "yq is not on PATH; Kata's scripts read versions.yaml with mikefarah's yq v4.44.5 (pinned in ci/install_yq.sh:4).");
  });

  it('wants the tree setup leaves behind before build, install and build-headers', () => {
    const found = checkPrerequisites('kernel-build', KATA, ['-a', 'x86_64', 'build'], machine({ programs: ALL, files: ['/usr/include/libelf.h'], yq: GOOD_YQ }));
    assert.deepEqual(found.map((f) => f.what), ['the kernel tree']);
    assert.match(found[0].problem, new RegExp(`${path.join(KERNEL_DIR, 'kata-linux-6.1.0-140').replace(/[.]/g, '\\.')} does not exist`));
    const tree = path.join(KERNEL_DIR, 'kata-linux-6.1.0-140');
    assert.deepEqual(checkPrerequisites('kernel-build', KATA, ['build'], machine({ programs: ALL, files: ['/usr/include/libelf.h', tree], yq: GOOD_YQ })), []);
    assert.deepEqual(checkPrerequisites('kernel-build', KATA, ['-k', '/elsewhere/linux', 'build'], machine({ programs: ALL, files: ['/usr/include/libelf.h', '/elsewhere/linux'], yq: GOOD_YQ })), []);
  });

  it('says when the folder is not a kata-containers checkout, and what the sandbox steps need', () => {
    const none = checkPrerequisites('kernel-setup', '/no/such/kata', ['setup'], machine({ programs: ALL }));
    assert.deepEqual(none.map((f) => f.what), ['the kata-containers checkout']);
    const deployed = checkPrerequisites('runtime-env', KATA, [], machine({ files: ['/opt/kata/bin/kata-runtime'] }));
    assert.match(deployed[0].fix, /add \/opt\/kata\/bin to PATH/);
    assert.deepEqual(checkPrerequisites('smoke-container', KATA, [], machine({ programs: ['sudo', 'ctr'] })).map((f) => f.what), ['containerd-shim-kata-v2']);
  });
});

describe('annotations after failures', () => {
  const annotate = (lines: string[], script = path.join(KERNEL_DIR, 'build-kernel.sh')) => {
    const a = new OutputAnnotator({ kataDir: KATA, buildKernel: parseBuildKernelArgs(['-a', 'x86_64', 'setup']), script, cwd: KERNEL_DIR, fs: nodeFileSystem });
    return [...lines.flatMap((l) => a.line(l)), ...a.end()];
  };
  const tsn = path.join(KERNEL_DIR, 'configs', 'fragments', 'x86_64', 'tsn.conf');

  it('puts a lost value on the fragment line that requested it', () => {
    const out = annotate(['INFO: Value requested for CONFIG_NET_SCH_TAPRIO not in final .config', 'Requested value:  CONFIG_NET_SCH_TAPRIO=y', 'Actual value:     ', 'INFO: Generated config file can be found in /k/.config']);
    assert.deepEqual(out, [`kata-toolkit: ${tsn}:3:1: error: CONFIG_NET_SCH_TAPRIO=y was requested but the final .config does not have it. [kconfig-value-lost]`]);
    // The report's last line may be the last line of the output.
    assert.equal(annotate(['Value requested for CONFIG_NET_SCH_TAPRIO not in final .config', 'Requested value:  CONFIG_NET_SCH_TAPRIO=y']).length, 1);
    assert.match(annotate(['Value requested for CONFIG_NOT_IN_ANY not in final .config', 'Actual value: CONFIG_NOT_IN_ANY=m'])[0], /build-kernel\.sh:1:1: error: CONFIG_NOT_IN_ANY was requested but the final \.config has CONFIG_NOT_IN_ANY=m; no fragment of this build sets CONFIG_NOT_IN_ANY\./);
  });

  it("gives the engine's reason when the step's kernel tree is there (Linux 6.1, when unpacked)", (t) => {
    const tree = cachedKernelTree();
    if (!tree) {
      console.log('SKIPPED: no unpacked kernel tree in the cache (npm test unpacks Debian\'s linux-source-6.1 before the unit tests)');
      t.skip('no unpacked kernel tree');
      return;
    }
    const a = new OutputAnnotator({ kataDir: KATA, buildKernel: parseBuildKernelArgs(['-a', 'x86_64', '-k', tree, 'setup']), script: path.join(KERNEL_DIR, 'build-kernel.sh'), cwd: KERNEL_DIR, fs: nodeFileSystem, explainWithTree: true });
    const out = [...['Value requested for CONFIG_NET_SCH_TAPRIO not in final .config', 'Requested value:  CONFIG_NET_SCH_TAPRIO=y', 'Actual value:     '].flatMap((l) => a.line(l)), ...a.end()];
    assert.equal(out.length, 1);
    // The fixture's common fragment switches NET_SCHED off, which the real net/sched/Kconfig puts NET_SCH_TAPRIO under.
    assert.match(out[0], new RegExp(`^kata-toolkit: ${tsn.replace(/[.]/g, '\\.')}:3:1: error: CONFIG_NET_SCH_TAPRIO=y will not be in the final \\.config .*NET_SCHED=n.* \\[kconfig-value-lost\\]$`));
  });

  it("puts script errors on the script and compiler errors on the file make was in", () => {
    const out = annotate(["make[1]: Entering directory '/src/linux'", "net/sched/sch_taprio.c:42:7: error: 'foo' undeclared", "make[1]: Leaving directory '/src/linux'", 'drivers/x.c:3: warning: unused', 'ERROR: Failed to construct requested .config file']);
    assert.deepEqual(out, [
      "kata-toolkit: /src/linux/net/sched/sch_taprio.c:42:7: error: 'foo' undeclared [compiler]",
      `kata-toolkit: ${path.join(KERNEL_DIR, 'drivers/x.c')}:3:1: warning: unused [compiler]`,
      `kata-toolkit: ${path.join(KERNEL_DIR, 'build-kernel.sh')}:1:1: error: Failed to construct requested .config file [kata-script-error]`,
    ]);
    assert.deepEqual(annotate(['kata-toolkit: /a.c:1:1: error: x [compiler]', '', '\u0000\u0001 garbage: 1: 2']), []);
  });
});

describe('kata-kconfig run', () => {
  const run = async (argv: string[], m: Machine) => {
    let out = '';
    let err = '';
    const code = await runRun(parseArgs(['run', ...argv]), { out: (t) => (out += t), err: (t) => (err += t) }, m);
    return { code, out, err };
  };
  const ready = machine({ programs: ALL, files: ['/usr/include/libelf.h'], yq: GOOD_YQ });

  it('runs the kernel setup, passes its output through and points the lost value at its fragment line', async () => {
    const r = await run(['--kata-dir', KATA, '--step', 'kernel-setup', '--arch', 'x86_64'], ready);
    assert.equal(r.code, 1, 'the script exit status is kept');
    assert.match(r.out, /^\$ \.\/build-kernel\.sh -a x86_64 setup$/m);
    assert.match(r.err, /^INFO: Value requested for CONFIG_NET_SCH_TAPRIO not in final \.config$/m);
    const tsn = path.join(KERNEL_DIR, 'configs', 'fragments', 'x86_64', 'tsn.conf');
    assert.ok(r.out.includes(`kata-toolkit: ${tsn}:3:1: error: CONFIG_NET_SCH_TAPRIO=y was requested`), r.out);
    assert.ok(r.out.includes(`kata-toolkit: ${path.join(KERNEL_DIR, 'build-kernel.sh')}:1:1: error: Failed to construct requested .config file [kata-script-error]`), r.out);
  });

  it('does not start a step whose needs are missing, and says what to install', async () => {
    const r = await run(['--kata-dir', KATA, '--step', 'kernel-setup'], machine({ programs: ALL.filter((p) => p !== 'bison'), files: ['/usr/include/libelf.h'], yq: GOOD_YQ }));
    assert.equal(r.code, 2);
    assert.match(r.out, /kata-toolkit: .*build-kernel\.sh:1:1: error: bison is not on PATH; .* To fix: install it: `sudo apt-get install bison`.* \[kata-prerequisite\]/);
    assert.doesNotMatch(r.out + r.err, /Value requested/, 'the script did not run');
    assert.match(r.err, /kernel setup not started, it needs: bison \(see above/);
    const only = await run(['--kata-dir', KATA, '--step', 'kernel-setup', '--check-only'], machine({ programs: ALL.filter((p) => p !== 'bison'), files: ['/usr/include/libelf.h'], yq: GOOD_YQ }));
    assert.equal(only.code, 2);
    assert.deepEqual(JSON.parse(only.out).findings.map((f: { what: string }) => f.what), ['bison']);
    assert.equal((await run(['--kata-dir', KATA, '--step', 'kernel-setup', '--check-only'], ready)).code, 0);
    const anyway = await run(['--kata-dir', KATA, '--no-check', '--step', 'kernel-setup'], machine());
    assert.equal(anyway.code, 1);
  });

  it('runs any command after --, understanding build-kernel.sh among them', async () => {
    const r = await run(['--kata-dir', KATA, '--no-check', '--', 'bash', path.join(KERNEL_DIR, 'build-kernel.sh'), 'build'], ready);
    assert.equal(r.code, 2);
    // The stand-in, like the real script, puts the tree in the folder it runs from; make's directory line says where.
    assert.ok(r.out.includes(`kata-toolkit: ${path.join(process.cwd(), 'kata-linux-6.1.0-140', 'net/sched/sch_taprio.c')}:42:7: error:`), r.out);
    const missing = await run(['--', '/no/such/program'], ready);
    assert.equal(missing.code, 127);
    assert.match(missing.err, /cannot start \/no\/such\/program: ENOENT/);
    const noSuite = await run(['--kata-dir', KATA, '--no-check', '--step', 'integration-tests', '--suite', 'nope'], ready);
    assert.equal(noSuite.code, 127);
    assert.match(noSuite.err, /the folder it runs in, .*tests\/integration\/nope, does not exist/);
    await assert.rejects(run(['--step', 'kernel-setup', '--', 'ls'], ready), /either --step or a command/);
    await assert.rejects(run(['--step', 'nonsense'], ready), /--step must be one of/);
  });
});

describe('tasks as the extension defines them', () => {
  const manifest = JSON.parse(require('node:fs').readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
  const settings = readSettings({ kataToolkit: { arch: 'arm64', kernel: { confidential: true, gpuVendor: 'intel' }, tasks: { hypervisor: 'clh' } } }, { host: { arch: 'x64', platform: 'linux' } });

  it('fills what a task leaves out from the settings, and runs the same argument lists as the step itself', () => {
    const def: KataTaskFields = completeDefinition<KataTaskFields>({ type: 'kataToolkit', step: 'kernel-setup', force: true }, settings);
    assert.deepEqual({ arch: def.arch, hypervisor: def.hypervisor, confidential: def.confidential, gpu: def.gpuVendor }, { arch: 'aarch64', hypervisor: 'clh', confidential: true, gpu: 'intel' });
    for (const step of STEP_IDS) {
      const d = completeDefinition<KataTaskFields>({ type: 'kataToolkit', step, headers: 'rpm', useDocker: false, image: 'docker.io/library/alpine:3' }, settings);
      const viaCli = stepFor(step, KATA, stepOptionsFrom(parseArgs(runFlags(d, KATA))));
      const direct = stepFor(step, KATA, { ...d, path: process.env.PATH });
      assert.deepEqual(viaCli, direct, step);
    }
    assert.ok(runFlags({ type: 'kataToolkit', step: 'runtime-env', check: false }, KATA).includes('--no-check'));
    assert.ok(!runFlags({ type: 'kataToolkit', step: 'runtime-env' }, KATA).includes('--no-check'));
  });

  it('declares every step in package.json: a command, the task type and the problem matcher', () => {
    const commands = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
    for (const [name, step] of Object.entries(STEP_COMMANDS)) assert.ok(commands.has(`kataToolkit.step.${name}`), `${name} (${step})`);
    assert.deepEqual([...new Set(Object.values(STEP_COMMANDS))].sort(), [...STEP_IDS].sort());
    const task = manifest.contributes.taskDefinitions.find((t: { type: string }) => t.type === 'kataToolkit');
    assert.deepEqual(task.properties.step.enum, [...STEP_IDS]);
    const matcher = manifest.contributes.problemMatchers.find((m: { name: string }) => m.name === 'kata-toolkit');
    const re = new RegExp(matcher.pattern.regexp);
    const m = re.exec('kata-toolkit: /k/tsn.conf:3:1: error: CONFIG_X=y was requested [but] lost [kconfig-value-lost]');
    assert.ok(m);
    assert.deepEqual([m[matcher.pattern.file], m[matcher.pattern.line], m[matcher.pattern.column], m[matcher.pattern.severity], m[matcher.pattern.message], m[matcher.pattern.code]], ['/k/tsn.conf', '3', '1', 'error', 'CONFIG_X=y was requested [but] lost', 'kconfig-value-lost']);
  });
});
