// Starts the language server (dist/server.js over node IPC) for the documents this extension checks.

import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type DocumentFilter,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { REVIEW_SCHEMES, setTrustNotification, type InitializationOptions } from '../../server/src/protocol';

/** Language ids the server is told about; kata-toml and ptp4l are declared by their modules when they land. */
export const LANGUAGE_IDS = ['kconfig-fragment', 'kconfig', 'kata-kernel-whitelist', 'kata-toml', 'ptp4l'] as const;

/**
 * Unsaved buffers (`untitled:`) and the documents of review views (history, diff editors, pull requests) are
 * checked too; the server keys them by URI and checks a review document as the workspace file it is a version of.
 */
const SCHEMES = ['file', 'untitled', ...REVIEW_SCHEMES] as const;

/**
 * Files recognised by name whatever language id another extension gave them (a TOML extension owns `.toml`).
 * The server decides per file whether a service handles it; unknown files cost nothing.
 */
const FILE_PATTERNS = ['**/configuration*.toml', '**/configuration*.toml.in', '**/config.d/*', '**/ptp4l*.cfg', '**/ptp4l*.conf'] as const;

export function documentSelector(): DocumentFilter[] {
  const byLanguage = LANGUAGE_IDS.flatMap((language) => SCHEMES.map((scheme): DocumentFilter => ({ language, scheme })));
  const byPattern = FILE_PATTERNS.flatMap((pattern) => (['file', ...REVIEW_SCHEMES] as const).map((scheme): DocumentFilter => ({ scheme, pattern })));
  return [...byLanguage, ...byPattern];
}

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    diagnosticCollectionName: 'kata-toolkit',
    outputChannel: output,
    // A function, so a restarted server learns the trust of the moment rather than of activation.
    initializationOptions: (): InitializationOptions => ({ trusted: vscode.workspace.isTrusted }),
  };
  // The id makes the client read `kataToolkit.trace.server` by itself.
  const client = new LanguageClient('kataToolkit', 'Kata Guest Toolkit', serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (!client.isRunning()) return;
      client.sendNotification(setTrustNotification, { trusted: true }).catch((err: unknown) => {
        output.appendLine(`could not tell the server the workspace is trusted: ${String(err)}`);
      });
    }),
  );
  return client;
}
