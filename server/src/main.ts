// Entry point of the language server (dist/server.js): `--stdio` for any editor, `--node-ipc` for our VS Code client.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import type { LanguageService } from './services';
import { kataService } from './languages/kata';
import { kconfigService } from './languages/kconfig';
import { ptp4lService } from './languages/ptp4l';
import { startServer } from './server';

/**
 * THE LIST OF ENGINES. Each language (Kconfig, Kata configuration.toml, ptp4l.cfg) adds its service here,
 * e.g. `import { kataService } from './languages/kata';
import { kconfigService } from './languages/kconfig';
import { ptp4lService } from './languages/ptp4l';` and `kconfigService,` below. Real services only.
 */
const services: LanguageService[] = [kconfigService, kataService, ptp4lService];

const connection = createConnection(ProposedFeatures.all);

// A bug must cost one request or one analysis, never the session: log it and keep serving.
function report(what: string, err: unknown): void {
  const text = `${what}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
  try {
    connection.console.error(text);
  } catch {
    // The connection itself is gone; stderr is all that is left (stdout belongs to the protocol).
    process.stderr.write(text + '\n');
  }
}
process.on('uncaughtException', (err) => report('uncaught exception', err));
process.on('unhandledRejection', (reason) => report('unhandled rejection', reason));

startServer(connection, services);
connection.listen();
