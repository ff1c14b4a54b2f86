// What the end-to-end suites share: where the checkout and its fixtures are, opening files, and waiting for
// the editor to report problems.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The checkout: out/test/e2e/suite/ is four levels down. */
export const root = path.resolve(__dirname, '..', '..', '..', '..');
export const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string;
  publisher: string;
  contributes: { commands: { command: string }[] };
};
export const outside = path.join(root, 'test', 'e2e', 'fixtures');

export function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the launcher opens test/e2e/workspace as the workspace folder');
  return vscode.Uri.joinPath(folder.uri, rel);
}

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Polls `probe` until it returns something other than undefined; fails with `what` and the last state. */
export async function waitFor<T>(what: string, probe: () => T | undefined, state: () => string, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${state()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);

/** `line:start-end code` (0-based, as the API gives them), sorted. */
export function summary(ds: readonly vscode.Diagnostic[]): string[] {
  return ds
    .map((d) => {
      const r = d.range;
      const where = r.start.line === r.end.line ? `${r.start.line}:${r.start.character}-${r.end.character}` : `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
      return `${where} ${codeOf(d)}`;
    })
    .sort();
}

/** Our diagnostics for `uri` once they include every code in `codes`. */
export function diagnosticsWith(uri: vscode.Uri, codes: readonly string[]): Promise<vscode.Diagnostic[]> {
  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'kata-toolkit');
  return waitFor(
    `problems ${codes.join(', ')} in ${uri.fsPath}`,
    () => {
      const ds = ours();
      return codes.every((c) => ds.some((d) => codeOf(d) === c)) ? ds : undefined;
    },
    () => JSON.stringify(summary(ours())),
  );
}

