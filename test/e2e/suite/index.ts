// Entry point the editor's extension host loads as `extensionTestsPath`: runs the mocha suite (*.e2e.js beside
// this file) and resolves when it passes. The editor closes its extension host when run() settles.
//
// Environment (from the launcher, through the extension host's environment):
//   KATA_E2E_RESULTS   write the results there as JSON (code-server's extension host has no terminal, so the
//                      launcher reports from this file)
//   KATA_E2E_MODE      `untrusted`: run untrusted.e2e.js (the workspace is not trusted), else the other suites
//   KATA_E2E_SHOWCASE  a folder: after the tests, show the ptp4l file with its problems, write `ready` there and
//                      wait (up to a minute) for the launcher to take its screenshot and write `done`

import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export interface E2eResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface E2eResults {
  editor: string;
  passed: number;
  failed: number;
  pending: number;
  results: E2eResult[];
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // KATA_E2E_MODE=untrusted: the launcher's pass with an untrusted workspace runs untrusted.e2e.js alone.
  const untrusted = process.env.KATA_E2E_MODE === 'untrusted';
  const files = fs.readdirSync(__dirname).filter((n) => n.endsWith('.e2e.js') && (n === 'untrusted.e2e.js') === untrusted);
  for (const name of files.sort()) mocha.addFile(path.join(__dirname, name));

  const results: E2eResult[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('pending', (t) => results.push({ title: t.fullTitle(), state: 'pending' }));
    runner.on('fail', (t, err: Error) => results.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: err?.stack ?? String(err) }));
  });

  const out = process.env.KATA_E2E_RESULTS;
  if (out) {
    const report: E2eResults = {
      editor: `${vscode.env.appName} ${vscode.version} (${vscode.env.appHost})`,
      passed: results.filter((r) => r.state === 'passed').length,
      failed: results.filter((r) => r.state === 'failed').length,
      pending: results.filter((r) => r.state === 'pending').length,
      results,
    };
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(report, null, 2));
  }
  const showcase = process.env.KATA_E2E_SHOWCASE;
  if (showcase) await showForScreenshot(showcase);
  if (failures > 0) throw new Error(`${failures} end-to-end test(s) failed`);
}

/** The ptp4l file with its squiggles, the Problems panel below and the hover on `300`; then wait for the launcher. */
async function showForScreenshot(dir: string): Promise<void> {
  try {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return;
    const uri = vscode.Uri.joinPath(folder.uri, 'linuxptp', 'default.cfg');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar').then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    // On the out-of-range value: the hover shows the problem and what the option takes.
    const at = new vscode.Position(1, 11);
    editor.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand('editor.action.showHover');
    fs.writeFileSync(path.join(dir, 'ready'), JSON.stringify({ file: uri.fsPath }));
    const deadline = Date.now() + 60_000;
    while (!fs.existsSync(path.join(dir, 'done')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  } catch (err) {
    // The screenshot is a by-product; the results are already written.
    fs.writeFileSync(path.join(dir, 'error'), String((err as Error)?.stack ?? err));
  }
}
