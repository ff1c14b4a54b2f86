// Runs the end-to-end suite (suite/*.e2e.ts) in desktop VS Code with @vscode/test-electron, for a machine that has
// VS Code installed. It never downloads one (test-electron would, from update.code.visualstudio.com): it uses
// $VSCODE_EXECUTABLE, else the `code` on PATH, and says it skipped when there is neither.
//
//   node out/test/e2e/runElectron.js          (after npx tsc -p tsconfig.json and npm run build)
//
// The extension under test is this checkout (extensionDevelopmentPath: dist/extension.js and dist/server.js), not the
// .vsix; user data and extensions go to ~/.cache/kata-guest-toolkit/e2e/electron/, other installed extensions are
// disabled. On Linux without a display, it re-runs itself under xvfb-run when that is installed.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheRoot, printResults, root, skip, testsEntry, which, workspace } from './common';

/** Whether `file` starts like an executable binary (ELF on Linux, Mach-O on macOS), not a shell script. */
function isBinary(file: string): boolean {
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  const magic = head.readUInt32BE(0);
  return magic === 0x7f454c46 || magic === 0xcffaedfe || magic === 0xcefaedfe || magic === 0xcafebabe;
}

/**
 * The VS Code (Electron) binary test-electron must start. `code` on PATH is usually the CLI script
 * (/usr/bin/code → /usr/share/code/bin/code); the binary is then the file of the same name one folder up.
 */
function findVsCode(): { exe: string } | { skipped: string } {
  const explicit = process.env.VSCODE_EXECUTABLE;
  if (explicit) {
    if (!fs.existsSync(explicit)) return { skipped: `VSCODE_EXECUTABLE=${explicit} does not exist` };
    return { exe: explicit };
  }
  const onPath = which('code');
  if (!onPath) return { skipped: 'no VS Code: VSCODE_EXECUTABLE is not set and there is no `code` on PATH (this launcher never downloads one)' };
  const real = fs.realpathSync(onPath);
  if (isBinary(real)) {
    if (!/^(code|code-insiders|codium|code-oss|electron)$/i.test(path.basename(real))) {
      return { skipped: `\`code\` on PATH resolves to ${real}, which is not a VS Code binary (a snap?); set VSCODE_EXECUTABLE to VS Code's own binary` };
    }
    return { exe: real };
  }
  const beside = path.join(path.dirname(path.dirname(real)), path.basename(real));
  if (fs.existsSync(beside) && isBinary(beside)) return { exe: beside };
  return { skipped: `\`code\` on PATH is ${real}, a script without a VS Code binary at ${beside} (code-server's \`code\` cannot run desktop tests); set VSCODE_EXECUTABLE to VS Code's binary` };
}

async function main(): Promise<void> {
  const found = findVsCode();
  if ('skipped' in found) skip(found.skipped, 'install VS Code (https://code.visualstudio.com) or run test/e2e/runCodeServer.ts, which needs only npm and Debian packages');
  if (!fs.existsSync(testsEntry)) skip(`${path.relative(root, testsEntry)} is not built`, 'run `npx tsc -p tsconfig.json`');
  if (!fs.existsSync(path.join(root, 'dist', 'extension.js'))) skip('dist/extension.js is not built', 'run `npm run build`');

  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    if (process.env.KATA_E2E_UNDER_XVFB) skip('xvfb-run gave no DISPLAY');
    const xvfb = which('xvfb-run');
    if (!xvfb) skip('no display (DISPLAY and WAYLAND_DISPLAY are unset) and no xvfb-run', 'install it with `apt-get install xvfb`, or run from a desktop session');
    const r = spawnSync(xvfb, ['-a', process.execPath, __filename], { stdio: 'inherit', env: { ...process.env, KATA_E2E_UNDER_XVFB: '1' } });
    process.exit(r.status ?? 1);
  }

  const dir = path.join(cacheRoot(), 'electron');
  const results = path.join(dir, 'results.json');
  fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(results, { force: true });
  console.log(`# e2e: VS Code at ${found.exe}, extension from ${root}`);

  let code: number;
  try {
    // Loaded here so that the skips above need nothing from node_modules.
    const { runTests } = require('@vscode/test-electron') as typeof import('@vscode/test-electron');
    code = await runTests({
      vscodeExecutablePath: found.exe,
      extensionDevelopmentPath: root,
      extensionTestsPath: testsEntry,
      extensionTestsEnv: { KATA_E2E_RESULTS: results },
      launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${path.join(dir, 'user-data')}`, `--extensions-dir=${path.join(dir, 'extensions')}`],
    });
  } catch (err) {
    console.log(`# e2e: VS Code ended with ${(err as Error).message}`);
    code = 1;
  }
  const passed = printResults(results, 'end-to-end suite (VS Code desktop)');
  process.exit(passed && code === 0 ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(`e2e (VS Code desktop): ${(err as Error)?.stack ?? err}`);
  process.exit(1);
});
