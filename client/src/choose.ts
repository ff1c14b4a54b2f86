// Commands that choose the kernel tree and architecture the checks use. They only write settings
// (the server reads them like any other change); the choices offered come from package.json.

import * as path from 'node:path';
import * as vscode from 'vscode';

/** Settings go to the folder of the active file in a multi-root workspace, else to the workspace. */
function target(): { scope: vscode.Uri | undefined; where: vscode.ConfigurationTarget } {
  const uri = vscode.window.activeTextEditor?.document.uri;
  const folder = uri ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
  if (folder && (vscode.workspace.workspaceFolders?.length ?? 0) > 1) return { scope: folder.uri, where: vscode.ConfigurationTarget.WorkspaceFolder };
  if (vscode.workspace.workspaceFolders?.length) return { scope: folder?.uri, where: vscode.ConfigurationTarget.Workspace };
  return { scope: undefined, where: vscode.ConfigurationTarget.Global };
}

export async function chooseKernelTree(): Promise<void> {
  const { scope, where } = target();
  const current = vscode.workspace.getConfiguration('kataToolkit', scope).get<string>('kernelTree');
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Use this kernel tree',
    title: 'The Linux source tree to check fragments against (its top folder, with Makefile and Kconfig)',
    defaultUri: current ? vscode.Uri.file(current) : scope,
  });
  if (!picked || picked.length === 0) return;
  await vscode.workspace.getConfiguration('kataToolkit', scope).update('kernelTree', picked[0].fsPath, where);
}

export async function chooseArch(context: vscode.ExtensionContext): Promise<void> {
  const { scope, where } = target();
  const spec = (context.extension.packageJSON as PackageJson).contributes.configuration.properties['kataToolkit.arch'];
  const current = vscode.workspace.getConfiguration('kataToolkit', scope).get<string>('arch') ?? '';
  const items = spec.enum.map((value, i) => ({
    label: spec.enumItemLabels?.[i] ?? value,
    description: value === current ? '(in use)' : undefined,
    detail: spec.enumDescriptions?.[i],
    value,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Architecture of the guest kernel', placeHolder: 'Which arch/*/Kconfig and which fragments apply' });
  if (!picked) return;
  await vscode.workspace.getConfiguration('kataToolkit', scope).update('arch', picked.value, where);
}

/** What a click on the status bar offers. */
export async function statusMenu(context: vscode.ExtensionContext): Promise<void> {
  const tree = vscode.workspace.getConfiguration('kataToolkit', target().scope).get<string>('kernelTree');
  const picked = await vscode.window.showQuickPick(
    [
      { label: '$(folder) Choose kernel tree...', detail: tree ? `now ${path.basename(tree)} (${tree})` : 'now found in the workspace, if any', run: () => chooseKernelTree() },
      { label: '$(chip) Choose architecture...', run: () => chooseArch(context) },
      { label: '$(output) Show output', run: () => vscode.commands.executeCommand('kataToolkit.showOutput') },
    ],
    { title: 'Kata Guest Toolkit' },
  );
  await picked?.run();
}

interface PackageJson {
  contributes: {
    configuration: {
      properties: Record<string, { enum: string[]; enumItemLabels?: string[]; enumDescriptions?: string[] }>;
    };
  };
}
