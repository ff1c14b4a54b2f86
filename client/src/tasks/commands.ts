// The command-palette entries for the build and sandbox steps: ask for what the step needs with quick
// picks (the last answers offered first), remember the answers in settings, and run the step as a task.

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LOCAL_BUILD_DIR, tarballTargets, type StepId } from '../../../server/src/tasks/steps';
import { STEP_COMMANDS, unameArch } from '../../../server/src/tasks/taskDefinition';
import { findCheckout, KataTaskProvider, settingsFor, taskFor, TASK_TYPE, type KataTaskDefinition } from './provider';

const ARCHES = ['x86_64', 'aarch64', 's390x', 'ppc64le', 'riscv64'];
const HYPERVISORS = ['qemu', 'clh', 'fc', 'dragonball', 'stratovirt'];

function scope(): vscode.WorkspaceFolder | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
}

async function remember(key: string, value: unknown, folder: vscode.WorkspaceFolder | undefined): Promise<void> {
  const where = folder ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('kataToolkit', folder?.uri).update(key, value, where);
}

/** One choice from a list, the remembered one first and marked; undefined when the user cancels. */
async function pickOne(title: string, values: readonly string[], current: string | undefined, labels: Record<string, string> = {}): Promise<string | undefined> {
  const ordered = current !== undefined && values.includes(current) ? [current, ...values.filter((v) => v !== current)] : [...values];
  const picked = await vscode.window.showQuickPick(
    ordered.map((v) => ({ label: labels[v] ?? (v === '' ? '(the script\'s default)' : v), description: v === current ? 'last used' : undefined, value: v })),
    { title, ignoreFocusOut: true },
  );
  return picked?.value;
}

async function kataCheckout(folder: vscode.WorkspaceFolder | undefined): Promise<string | undefined> {
  const settings = settingsFor(folder?.uri);
  const known = settings.kataCheckout ?? findCheckout();
  if (known && fs.existsSync(path.join(known, 'tools'))) return known;
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Use this checkout', title: 'Your kata-containers clone (the folder holding tools/ and versions.yaml)' });
  if (!picked?.[0]) return undefined;
  await remember('kataCheckout', picked[0].fsPath, folder);
  return picked[0].fsPath;
}

/** Asks what the step needs; undefined when the user cancels one of the questions. */
async function ask(step: StepId, kataDir: string, folder: vscode.WorkspaceFolder | undefined): Promise<KataTaskDefinition | undefined> {
  const s = settingsFor(folder?.uri);
  const def: { -readonly [K in keyof KataTaskDefinition]: KataTaskDefinition[K] } = { type: TASK_TYPE, step, kataDir };
  if (step.startsWith('kernel-')) {
    const arch = await pickOne('Architecture (build-kernel.sh -a)', ARCHES, unameArch(s.arch));
    if (arch === undefined) return undefined;
    const hypervisor = await pickOne('Hypervisor (build-kernel.sh -t)', ['', ...HYPERVISORS], s.tasks.hypervisor ?? '');
    if (hypervisor === undefined) return undefined;
    const version = await vscode.window.showInputBox({
      title: 'Kernel version (build-kernel.sh -v)',
      prompt: 'Empty: the version the checkout\'s versions.yaml pins',
      value: s.tasks.kernelVersion ?? '',
      placeHolder: 'for example 6.12.8',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' || /^v?\d+\.\d+(\.\d+)?(-rc\d+)?$/.test(v.trim()) ? undefined : 'A kernel version such as 6.12.8, or empty'),
    });
    if (version === undefined) return undefined;
    await remember('tasks.kernelVersion', version.trim(), folder);
    def.kernelVersion = version.trim().replace(/^v/, '') || undefined;
    const flags = await vscode.window.showQuickPick(
      [
        { label: 'Confidential guest (-x)', key: 'confidential', picked: s.kernel.confidential },
        { label: 'Debug fragments (KERNEL_DEBUG_ENABLED=yes)', key: 'debug', picked: s.kernel.debug },
        { label: 'NVIDIA GPU (-g nvidia)', key: 'nvidia', picked: s.kernel.gpuVendor === 'nvidia' },
        { label: 'Intel GPU (-g intel)', key: 'intel', picked: s.kernel.gpuVendor === 'intel' },
        ...(step === 'kernel-setup' ? [{ label: 'Force: remove the old kernel directory and config (-f)', key: 'force', picked: false }] : []),
      ],
      { title: 'Build flags (the same ones the fragment checks use)', canPickMany: true, ignoreFocusOut: true },
    );
    if (flags === undefined) return undefined;
    const on = new Set(flags.map((f) => f.key));
    const gpu = on.has('nvidia') ? 'nvidia' : on.has('intel') ? 'intel' : undefined;
    Object.assign(def, { arch, hypervisor: hypervisor || undefined, confidential: on.has('confidential'), debug: on.has('debug'), gpuVendor: gpu, force: on.has('force') });
    // The checks of the fragments follow the same flags, so what is built is what was checked.
    await remember('arch', arch === 'aarch64' ? 'arm64' : arch, folder);
    await remember('tasks.hypervisor', hypervisor, folder);
    await remember('kernel.confidential', on.has('confidential'), folder);
    await remember('kernel.debug', on.has('debug'), folder);
    await remember('kernel.gpuVendor', gpu ?? '', folder);
    if (step === 'kernel-build-headers') {
      const headers = await pickOne('Package type (build-kernel.sh -H)', ['deb', 'rpm'], 'deb');
      if (headers === undefined) return undefined;
      def.headers = headers as 'deb' | 'rpm';
    }
  } else if (step === 'rootfs' || step === 'image' || step === 'initrd') {
    const distro = await pickOne('Guest distribution (DISTRO)', ['ubuntu', 'alpine', 'centos', 'debian', 'cbl-mariner'], s.tasks.distro);
    if (distro === undefined) return undefined;
    const init = await pickOne('Init of the guest', ['systemd', 'agent'], s.tasks.agentInit ? 'agent' : 'systemd', { systemd: 'systemd (AGENT_INIT=no)', agent: 'the Kata agent (AGENT_INIT=yes)' });
    if (init === undefined) return undefined;
    Object.assign(def, { distro, agentInit: init === 'agent' });
    await remember('tasks.distro', distro, folder);
    await remember('tasks.agentInit', init === 'agent', folder);
  } else if (step === 'kata-deploy-tarball') {
    let makefile = '';
    try {
      makefile = fs.readFileSync(path.join(kataDir, LOCAL_BUILD_DIR, 'Makefile'), 'utf8');
    } catch {
      // The prerequisite check of the run says the checkout lacks it.
    }
    const assets = tarballTargets(makefile);
    const asset = await pickOne('kata-deploy asset (make <asset>-tarball)', assets.length ? assets : [s.tasks.asset], s.tasks.asset);
    if (asset === undefined) return undefined;
    def.asset = asset;
    await remember('tasks.asset', asset, folder);
  } else if (step === 'integration-tests') {
    const dir = path.join(kataDir, 'tests', 'integration');
    let suites: string[] = [];
    try {
      suites = fs.readdirSync(dir).filter((n) => fs.existsSync(path.join(dir, n, 'gha-run.sh'))).sort();
    } catch {
      suites = [s.tasks.suite];
    }
    const suite = await pickOne('Integration suite (tests/integration/<suite>/gha-run.sh run)', suites.length ? suites : [s.tasks.suite], s.tasks.suite);
    if (suite === undefined) return undefined;
    const hypervisor = await pickOne('Hypervisor (KATA_HYPERVISOR)', HYPERVISORS, s.tasks.hypervisor ?? 'qemu');
    if (hypervisor === undefined) return undefined;
    Object.assign(def, { suite, hypervisor });
    await remember('tasks.suite', suite, folder);
    await remember('tasks.hypervisor', hypervisor, folder);
  }
  return def;
}

export async function runStep(step: StepId, extensionPath: string): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Kata Guest Toolkit runs no build or sandbox step in an untrusted workspace: the scripts come from the workspace. Trust the workspace to run them.');
    return;
  }
  const folder = scope();
  const kataDir = await kataCheckout(folder);
  if (!kataDir) return;
  const def = await ask(step, kataDir, folder);
  if (!def) return;
  const task = taskFor(def, folder ?? vscode.TaskScope.Workspace, extensionPath);
  if (!task) {
    void vscode.window.showErrorMessage(`Cannot run ${step}: no kata-containers checkout (set kataToolkit.kataCheckout).`);
    return;
  }
  const verdict = await needsMet(task);
  if (verdict === 'stop') return;
  // After "Run Anyway" the run must not stop at the same check.
  const chosen = verdict === 'anyway' ? taskFor(def, folder ?? vscode.TaskScope.Workspace, extensionPath, ['--no-check']) : task;
  if (chosen) await vscode.tasks.executeTask(chosen);
}

interface CheckResult {
  readonly findings: readonly { readonly what: string; readonly problem: string; readonly fix: string; readonly blocking: boolean }[];
}

/** Asks `kata-kconfig run --check-only` what the step still needs; says so and offers to run anyway. */
async function needsMet(task: vscode.Task): Promise<'ok' | 'anyway' | 'stop'> {
  const exec = task.execution as vscode.ProcessExecution;
  // Exit 2 means "something blocks"; the JSON on stdout says what, either way.
  const stdout = await new Promise<string>((resolve) =>
    execFile(exec.process, [...exec.args, '--check-only'], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 30000 }, (_err, out) => resolve(out ?? '')),
  );
  let result: CheckResult;
  try {
    result = JSON.parse(stdout) as CheckResult;
  } catch {
    // The check itself failed to run: let the task's own check speak in its terminal.
    return 'ok';
  }
  const blocking = result.findings.filter((f) => f.blocking);
  if (blocking.length === 0) return 'ok';
  const detail = blocking.map((f) => `• ${f.problem}\n  ${f.fix}`).join('\n');
  const choice = await vscode.window.showErrorMessage(
    `${task.name} would fail; it needs: ${blocking.map((f) => f.what).join(', ')}.`,
    { modal: true, detail },
    'Run Anyway',
  );
  return choice === 'Run Anyway' ? 'anyway' : 'stop';
}

export function registerStepCommands(context: vscode.ExtensionContext): void {
  for (const [name, step] of Object.entries(STEP_COMMANDS)) {
    context.subscriptions.push(vscode.commands.registerCommand(`kataToolkit.step.${name}`, () => runStep(step, context.extensionPath)));
  }
  context.subscriptions.push(vscode.tasks.registerTaskProvider(TASK_TYPE, new KataTaskProvider(context.extensionPath)));
}
