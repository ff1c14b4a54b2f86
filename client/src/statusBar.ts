// The status bar item: which kernel tree and architecture the checks use, and a spinner while they run.

import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/protocol';

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private status: StatusParams | undefined;

  /** `languages`: the item shows while an editor of one of these is active (or while the server works). */
  constructor(
    private readonly languages: readonly string[],
    command: string,
  ) {
    this.item = vscode.window.createStatusBarItem('kataToolkit.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Kata Guest Toolkit';
    this.item.command = command;
    this.subscriptions.push(this.item, vscode.window.onDidChangeActiveTextEditor(() => this.render()));
  }

  update(status: StatusParams): void {
    this.status = status;
    this.render();
  }

  private render(): void {
    const s = this.status;
    const language = vscode.window.activeTextEditor?.document.languageId;
    if (!s || (!s.loading && (language === undefined || !this.languages.includes(language)))) {
      this.item.hide();
      return;
    }
    const kernel = s.kernelVersion ? `Linux ${s.kernelVersion}` : s.kernelTree ? 'kernel tree' : 'no kernel tree';
    const icon = s.loading ? '$(sync~spin)' : s.kernelTree ? '$(check)' : '$(warning)';
    this.item.text = `${icon} ${kernel} · ${s.arch}`;

    const tip = new vscode.MarkdownString();
    tip.appendMarkdown('**Kata Guest Toolkit**\n\n');
    tip.appendMarkdown(`- Kernel tree: ${s.kernelTree ? inlineCode(s.kernelTree) : 'none found (set `kataToolkit.kernelTree`)'}\n`);
    if (s.kernelVersion) tip.appendMarkdown(`- Kernel version: ${inlineCode(s.kernelVersion)}\n`);
    tip.appendMarkdown(`- Architecture: ${inlineCode(s.arch)}\n`);
    if (s.loading) tip.appendMarkdown('- Checking...\n');
    if (s.message) tip.appendMarkdown(`\n${escapeMarkdown(s.message)}\n`);
    this.item.tooltip = tip;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

function inlineCode(s: string): string {
  return '`' + s.replace(/`/g, "'") + '`';
}

function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => '\\' + c);
}
