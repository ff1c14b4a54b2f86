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
    if (language === 'ptp4l' && s.ptp4lVersion && !s.loading) {
      this.renderPtp4l(s.ptp4lVersion, s.ptp4lVersionFrom);
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

  /** In a ptp4l.cfg, the linuxptp version its checks follow matters, not the kernel tree. */
  private renderPtp4l(version: string, from: StatusParams['ptp4lVersionFrom']): void {
    this.item.text = `$(clock) linuxptp ${version}`;
    const why =
      from === 'setting'
        ? 'chosen by the setting `kataToolkit.ptp4l.version`'
        : from === 'installed'
          ? 'the version of `ptp4l -v` on this machine'
          : 'the newest version known here, since no `ptp4l` is installed and `kataToolkit.ptp4l.version` is not set';
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown(`**Kata Guest Toolkit**\n\nptp4l.cfg files are checked as linuxptp ${inlineCode(version)} reads them: ${why}.`);
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
