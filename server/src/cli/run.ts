// `kata-kconfig run`: runs a step of a Kata guest build (or any command) after checking what it needs,
// passes its output through, and adds `kata-toolkit:` lines that point failures at the line that caused
// them (see tasks/annotate.ts). The editor's tasks run through it; so can a terminal or CI.

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { which } from '../common/which';
import { findKataCheckout } from '../languages/kconfig/kataSet';
import { nodeFileSystem } from '../languages/kconfig/kata';
import { annotation, OutputAnnotator } from '../tasks/annotate';
import { checkPrerequisites, type Finding, type Machine } from '../tasks/prerequisites';
import { KERNEL_SCRIPT, parseBuildKernelArgs, STEP_IDS, stepFor, type Step, type StepCommand, type StepId, type StepOptions } from '../tasks/steps';
import { IoError, UsageError, stringFlag, type Io, type ParsedArgs } from './common';

/** The machine as it is: PATH lookups, short probe runs, the file system. */
export const realMachine: Machine = {
  which: (program) => which(program),
  run(argv) {
    const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 5000 });
    return r.error ? undefined : { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  },
  exists: (f) => fs.existsSync(f),
  read(f) {
    try {
      return fs.readFileSync(f, 'utf8');
    } catch {
      return undefined;
    }
  },
};

export function stepOptionsFrom(args: ParsedArgs): StepOptions {
  const useDocker = stringFlag(args, '--use-docker');
  if (useDocker !== undefined && useDocker !== 'true' && useDocker !== 'false') throw new UsageError(`--use-docker must be true or false, not '${useDocker}'`);
  const headers = stringFlag(args, '--headers');
  if (headers !== undefined && headers !== 'deb' && headers !== 'rpm') throw new UsageError(`--headers must be deb or rpm, not '${headers}'`);
  return {
    arch: stringFlag(args, '--arch'),
    hypervisor: stringFlag(args, '--hypervisor'),
    kernelVersion: stringFlag(args, '--kernel-version'),
    gpuVendor: stringFlag(args, '--gpu'),
    confidential: args.flags.has('--confidential'),
    debug: args.flags.has('--debug'),
    force: args.flags.has('--force'),
    headers,
    distro: stringFlag(args, '--distro'),
    useDocker: useDocker === undefined ? undefined : useDocker === 'true',
    agentInit: args.flags.has('--agent-init'),
    asset: stringFlag(args, '--asset'),
    suite: stringFlag(args, '--suite'),
    image: stringFlag(args, '--image'),
    path: process.env.PATH,
  };
}

export async function runRun(args: ParsedArgs, io: Io, machine: Machine = realMachine): Promise<number> {
  const stepName = stringFlag(args, '--step');
  if (stepName !== undefined && !STEP_IDS.includes(stepName as StepId)) throw new UsageError(`--step must be one of ${STEP_IDS.join(', ')}, not '${stepName}'`);
  const kataFlag = stringFlag(args, '--kata-dir');
  const kataDir = kataFlag ? path.resolve(kataFlag) : findKataCheckout(process.cwd());

  let step: Step;
  if (stepName) {
    if (args.positional.length > 0) throw new UsageError('give either --step or a command after --, not both');
    if (!kataDir) throw new IoError('no kata-containers checkout here or above; give --kata-dir');
    step = stepFor(stepName as StepId, kataDir, stepOptionsFrom(args));
  } else {
    if (args.positional.length === 0) throw new UsageError('run needs --step STEP or a command after --');
    step = adHocStep(args.positional, process.cwd());
  }

  const kernelCommand = step.commands.find((c) => isKernelScript(c.argv));
  const scriptArgs = kernelCommand ? kernelCommand.argv.slice(kernelCommand.argv.findIndex((a) => a.endsWith('build-kernel.sh')) + 1) : step.commands[0].argv.slice(1);
  const script = scriptFor(step, kataDir);
  if (args.flags.has('--check-only')) {
    // What the editor asks before it starts a task: the findings as JSON, exit 2 when one blocks.
    const findings = kataDir && step.needs ? checkPrerequisites(step.needs, kataDir, scriptArgs, machine, { suite: stringFlag(args, '--suite') }) : [];
    io.out(`${JSON.stringify({ step: step.label, kataDir: kataDir ?? null, findings }, null, 2)}\n`);
    return findings.some((f) => f.blocking) ? 2 : 0;
  }
  if (!args.flags.has('--no-check') && kataDir && step.needs) {
    const findings = checkPrerequisites(step.needs, kataDir, scriptArgs, machine, { suite: stringFlag(args, '--suite') });
    for (const f of findings) io.out(`${describeFinding(f, script ?? kataDir)}\n`);
    if (findings.some((f) => f.blocking)) {
      io.err(`kata-kconfig: ${step.label} not started, it needs: ${findings.filter((f) => f.blocking).map((f) => f.what).join(', ')} (see above; --no-check runs it anyway)\n`);
      return 2;
    }
  }

  const annotator = new OutputAnnotator({
    kataDir,
    buildKernel: kernelCommand ? parseBuildKernelArgs(scriptArgs) : undefined,
    script,
    cwd: step.cwd,
    fs: nodeFileSystem,
    explainWithTree: true,
  });
  for (const command of step.commands) {
    io.out(`${step.sudo && command.argv[0] === 'sudo' ? '[sudo: answer the password prompt here] ' : ''}$ ${command.argv.map(shellWord).join(' ')}\n`);
    const code = await runOne(command, step.cwd, io, annotator);
    if (code !== 0) {
      for (const a of annotator.end()) io.out(`${a}\n`);
      return code;
    }
  }
  for (const a of annotator.end()) io.out(`${a}\n`);
  return 0;
}

function isKernelScript(argv: readonly string[]): boolean {
  return argv.some((a) => path.basename(a) === 'build-kernel.sh');
}

/** A command given after `--`: the kernel script is recognised so its options and needs are understood. */
function adHocStep(argv: readonly string[], cwd: string): Step {
  const i = argv.findIndex((a) => path.basename(a) === 'build-kernel.sh');
  const command = i >= 0 ? parseBuildKernelArgs(argv.slice(i + 1)).command : undefined;
  const kernel = command && ['setup', 'build', 'install', 'build-headers'].includes(command) ? (`kernel-${command}` as StepId) : undefined;
  return { id: kernel ?? 'runtime-env', label: argv.join(' '), cwd, commands: [{ argv, env: {} }], sudo: argv[0] === 'sudo', needs: kernel };
}

function scriptFor(step: Step, kataDir: string | undefined): string | undefined {
  for (const c of step.commands) {
    const s = c.argv.find((a) => a.endsWith('.sh'));
    if (s) return path.resolve(step.cwd, s);
  }
  return kataDir && step.id.startsWith('kernel-') ? path.join(kataDir, KERNEL_SCRIPT) : undefined;
}

function describeFinding(f: Finding, at: string): string {
  return annotation(at, 1, 1, f.blocking ? 'error' : 'warning', `${f.problem} To fix: ${f.fix}`, 'kata-prerequisite');
}

function shellWord(w: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/** One command, its output passed through line by line with annotations after the lines that need them. */
function runOne(command: StepCommand, cwd: string, io: Io, annotator: OutputAnnotator): Promise<number> {
  if (!fs.existsSync(cwd)) {
    io.err(`kata-kconfig: cannot start ${command.argv[0]}: the folder it runs in, ${cwd}, does not exist\n`);
    return Promise.resolve(127);
  }
  return new Promise((resolve) => {
    const child = spawn(command.argv[0], command.argv.slice(1), { cwd, env: { ...process.env, ...command.env }, stdio: ['inherit', 'pipe', 'pipe'] });
    const pump = (stream: NodeJS.ReadableStream, write: (t: string) => void) => {
      // Text is shown as soon as it arrives (a prompt has no newline); a line is judged once it is complete.
      let line = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        write(chunk);
        const parts = (line + chunk).split('\n');
        line = parts.pop() ?? '';
        for (const l of parts) for (const a of annotator.line(l)) io.out(`${a}\n`);
      });
      stream.on('end', () => {
        if (line !== '') {
          write('\n');
          for (const a of annotator.line(line)) io.out(`${a}\n`);
        }
      });
    };
    pump(child.stdout!, io.out);
    pump(child.stderr!, io.err);
    child.on('error', (e) => {
      io.err(`kata-kconfig: cannot start ${command.argv[0]}: ${(e as NodeJS.ErrnoException).code ?? e.message}\n`);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 + (SIGNALS[signal] ?? 1) : 1)));
  });
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
