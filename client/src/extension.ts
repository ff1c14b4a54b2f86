// Extension entry: start the language client, show its status, register commands. No language logic here.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { describeRequest, statusNotification } from '../../server/src/protocol';
import { createLanguageClient, LANGUAGE_IDS } from './languageClient';
import { chooseArch, chooseKernelTree, statusMenu } from './choose';
import { StatusBar } from './statusBar';
import { registerStepCommands } from './tasks/commands';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Kata Guest Toolkit');
  const statusBar = new StatusBar(LANGUAGE_IDS, 'kataToolkit.statusMenu');
  context.subscriptions.push(output, statusBar);

  client = createLanguageClient(context, output);
  const lc = client;
  context.subscriptions.push(lc.onNotification(statusNotification, (status) => statusBar.update(status)));

  context.subscriptions.push(
    vscode.commands.registerCommand('kataToolkit.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('kataToolkit.chooseKernelTree', () => chooseKernelTree()),
    vscode.commands.registerCommand('kataToolkit.chooseArch', () => chooseArch(context)),
    vscode.commands.registerCommand('kataToolkit.statusMenu', () => statusMenu(context)),
    vscode.commands.registerCommand('kataToolkit.restartServer', async () => {
      await lc.restart();
    }),
    vscode.commands.registerCommand('kataToolkit.showServerState', async () => {
      const uri = vscode.window.activeTextEditor?.document.uri.toString();
      const state = await lc.sendRequest(describeRequest, { uri });
      output.appendLine(JSON.stringify(state, null, 2));
      output.show(true);
    }),
  );

  registerStepCommands(context);

  await lc.start();
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c?.needsStop()) await c.stop();
}
