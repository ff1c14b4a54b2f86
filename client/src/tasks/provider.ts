// Tasks of type `kataToolkit`: each build or sandbox step runs as `node dist/cli.js run --step ...` in a
// task terminal, where sudo can ask for a password and the `$kata-toolkit` problem matcher turns the
// run's `kata-toolkit:` lines into Problems. The argument lists come from server/src/tasks/steps.ts; this
// file only turns a task definition into an execution. Nothing runs in an untrusted workspace.

import * as path from 'node:path';
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import { readSettings, type Settings } from '../../../server/src/settings';
import { completeDefinition, runFlags, type KataTaskFields } from '../../../server/src/tasks/taskDefinition';
import { STEP_IDS, stepFor, type StepOptions } from '../../../server/src/tasks/steps';

export const TASK_TYPE = 'kataToolkit';

/** A `kataToolkit` task's definition, as tasks.json gives it. */
export interface KataTaskDefinition extends vscode.TaskDefinition, KataTaskFields {}

export function settingsFor(scope: vscode.Uri | undefined): Settings {
  const folder = scope ? vscode.workspace.getWorkspaceFolder(scope)?.uri.fsPath : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return readSettings(vscode.workspace.getConfiguration(undefined, scope).get('kataToolkit'), { folder });
}

function stepOptions(def: KataTaskDefinition): StepOptions {
  return { ...def, path: process.env.PATH };
}

/** A task for a definition, or undefined when it cannot run here (untrusted, no checkout, unknown step). */
export function taskFor(def: KataTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope, extensionPath: string, extraFlags: readonly string[] = []): vscode.Task | undefined {
  if (!vscode.workspace.isTrusted || !STEP_IDS.includes(def.step)) return undefined;
  const folderUri = typeof scope === 'object' ? scope.uri : vscode.workspace.workspaceFolders?.[0]?.uri;
  const settings = settingsFor(folderUri);
  const full = completeDefinition(def, settings);
  const kataDir = def.kataDir ?? settings.kataCheckout ?? findCheckout();
  if (!kataDir) return undefined;
  const step = stepFor(full.step, kataDir, stepOptions(full));
  // The extension host's own runtime runs the bundled CLI (Electron as plain Node).
  // It starts in the checkout (which exists, unlike a suite folder that may not); `run` sets each command's own.
  const execution = new vscode.ProcessExecution(process.execPath, [path.join(extensionPath, 'dist', 'cli.js'), ...runFlags(full, kataDir), ...extraFlags], {
    cwd: fs.existsSync(kataDir) ? kataDir : undefined,
    env: { ELECTRON_RUN_AS_NODE: '1' },
  });
  const task = new vscode.Task(def, scope, step.label, 'Kata', execution, ['$kata-toolkit']);
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, focus: step.sudo, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  task.detail = step.commands.map((c) => c.argv.join(' ')).join(' && ');
  if (step.id === 'kernel-build' || step.id === 'kata-deploy-tarball') task.group = vscode.TaskGroup.Build;
  if (step.id === 'integration-tests' || step.id === 'smoke-container' || step.id === 'runtime-check') task.group = vscode.TaskGroup.Test;
  return task;
}

/** A kata-containers checkout among the workspace folders (the folder itself or one level down). */
export function findCheckout(): string | undefined {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const root = folder.uri.fsPath;
    const candidates = [root, ...safeList(root).map((n) => path.join(root, n))];
    const hit = candidates.find((d) => fs.existsSync(path.join(d, 'tools', 'packaging', 'kernel', 'build-kernel.sh')));
    if (hit) return hit;
  }
  return undefined;
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir).filter((n) => !n.startsWith('.'));
  } catch {
    return [];
  }
}

export class KataTaskProvider implements vscode.TaskProvider {
  constructor(private readonly extensionPath: string) {}

  provideTasks(): vscode.Task[] {
    if (!vscode.workspace.isTrusted) return [];
    const scope = vscode.workspace.workspaceFolders?.[0] ?? vscode.TaskScope.Workspace;
    return STEP_IDS.map((step) => taskFor({ type: TASK_TYPE, step }, scope, this.extensionPath)).filter((t): t is vscode.Task => t !== undefined);
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const def = task.definition as KataTaskDefinition;
    const resolved = taskFor(def, task.scope ?? vscode.TaskScope.Workspace, this.extensionPath);
    if (!resolved) return undefined;
    // tasks.json keeps its own name and problem matchers; only the execution is ours.
    return new vscode.Task(def, task.scope ?? vscode.TaskScope.Workspace, task.name, task.source, resolved.execution, task.problemMatchers.length ? task.problemMatchers : ['$kata-toolkit']);
  }
}
