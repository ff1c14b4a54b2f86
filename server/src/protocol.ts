// Custom messages between the extension and the language server, declared once and imported by both sides.
//
// Built on vscode-languageserver-protocol, the package vscode-languageserver and vscode-languageclient share,
// so neither side pulls the other's library into its bundle.

import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Settings } from './settings';

/**
 * URI schemes of review views whose documents are versions of workspace files (VS Code's Git, GitHub Pull Requests,
 * GitLens, GitLab Workflow). The client sends them; the server checks each as the workspace file it stands for.
 */
export const REVIEW_SCHEMES = ['git', 'pr', 'review', 'gitlens', 'gl-review'] as const;

/** What the client passes in `initialize`'s `initializationOptions`. Other editors may omit it. */
export interface InitializationOptions {
  /** VS Code's `workspace.isTrusted`. Missing means untrusted: no `$(shell,...)` macros run. */
  readonly trusted?: boolean;
}

export interface SetTrustParams {
  readonly trusted: boolean;
}

/** Client → server: the user changed the workspace's trust (VS Code: `onDidGrantWorkspaceTrust`). */
export const setTrustNotification = new NotificationType<SetTrustParams>('kataToolkit/setTrust');

export interface StatusParams {
  /** Absolute path of the kernel tree the engines use, when they found one. */
  readonly kernelTree?: string;
  readonly kernelVersion?: string;
  readonly arch: string;
  /** True while an analysis runs. */
  readonly loading: boolean;
  /** A sentence for the tooltip: what is being loaded, or why no kernel tree was found. */
  readonly message?: string;
  /** The linuxptp version ptp4l.cfg files are checked against, once one was checked. */
  readonly ptp4lVersion?: string;
  /** Where that version came from: the setting, `ptp4l -v` on this machine, or the newest known. */
  readonly ptp4lVersionFrom?: 'setting' | 'installed' | 'newest';
}

/** Server → client: what the status bar item shows. Sent only when something in it changed. */
export const statusNotification = new NotificationType<StatusParams>('kataToolkit/status');

export interface DescribeParams {
  /** A document whose effective settings to report; the first workspace folder's when omitted. */
  readonly uri?: string;
  /**
   * Collect garbage before measuring memory, when the server's Node was started with `--expose-gc` (the soak
   * test does, to compare what the server holds rather than when the collector last ran).
   */
  readonly collectGarbage?: boolean;
}

export interface ServerDescription {
  readonly services: readonly string[];
  readonly trusted: boolean;
  readonly workspaceFolders: readonly string[];
  readonly openDocuments: readonly string[];
  readonly settings: Settings;
  /** The server process's memory in bytes; `collected` when garbage was collected just before. */
  readonly memory: { readonly rss: number; readonly heapUsed: number; readonly collected: boolean };
}

/** Client → server: the server's state, for "Show Server State" and for tests. */
export const describeRequest = new RequestType<DescribeParams, ServerDescription, void>('kataToolkit/describe');
