// The extension inside a real editor, through the `vscode` API: it runs in the editor's extension host, next to
// the extension under test (the .vsix installed in code-server by test/e2e/runCodeServer.ts, or this checkout in
// VS Code by test/e2e/runElectron.ts). Both launchers open test/e2e/workspace, in which no file activates the
// extension at start-up (no name matches a `workspaceContains` pattern), so the first test sees it activate on
// opening a file. The Kata file lives outside the workspace for that reason: a configuration*.toml anywhere in
// it would activate the extension before the first test.
//
// Expected problems were taken from the CLI on the same files (`node dist/cli.js check --format json FILE`);
// here ranges are 0-based, `line:start-end` on one line.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';

import { codeOf, diagnosticsWith, manifest, open, outside, root, summary, waitFor, workspaceFile } from './helpers';

const extensionId = `${manifest.publisher}.${manifest.name}`;

function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

describe('Kata Guest Toolkit in the editor', () => {
  it('activates when a ptp4l file is opened', async () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext, `${extensionId} is installed`);
    assert.equal(ext.isActive, false, 'nothing in test/e2e/workspace should have activated it before a file was opened');
    const editor = await open(workspaceFile('linuxptp/default.cfg'));
    assert.equal(editor.document.languageId, 'ptp4l');
    await waitFor('activation', () => (ext.isActive ? true : undefined), () => `isActive=${ext.isActive}`);
  });

  it('reports ptp4l problems with their codes and ranges', async () => {
    const uri = workspaceFile('linuxptp/default.cfg');
    await open(uri);
    const ds = await diagnosticsWith(uri, ['ptp4l-out-of-range', 'ptp4l-unknown-option']);
    // `[global]` / `priority1 300` / `foo 1`
    assert.deepEqual(summary(ds), ['1:10-13 ptp4l-out-of-range', '2:0-3 ptp4l-unknown-option']);
    assert.ok(ds.every((d) => d.severity === vscode.DiagnosticSeverity.Error));
    assert.match(ds.find((d) => codeOf(d) === 'ptp4l-out-of-range')!.message, /from 0 to 255/);
  });

  it('answers a hover on a ptp4l option', async () => {
    const uri = workspaceFile('linuxptp/default.cfg');
    await open(uri);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(1, 3));
    const text = hoverText(hovers);
    // The workspace settings choose linuxptp 4.2.
    assert.match(text, /\*\*priority1\*\* — linuxptp 4\.2/);
    assert.match(text, /255/);
  });

  it('completes ptp4l options in [global]', async () => {
    const uri = workspaceFile('linuxptp/default.cfg');
    await open(uri);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(3, 0));
    const labels = new Set(list.items.map(labelOf));
    for (const option of ['priority2', 'domainNumber', 'clockClass', 'network_transport']) assert.ok(labels.has(option), `${option} offered (got ${labels.size} items)`);
    assert.ok(!labels.has('foo'));
  });

  it('reports Kata configuration.toml problems as the Go runtime reads it', async () => {
    const uri = vscode.Uri.file(path.join(outside, 'kata', 'configuration.toml'));
    await open(uri);
    const ds = await diagnosticsWith(uri, ['kata-type-mismatch', 'kata-renamed-key']);
    // `[hypervisor.qemu]` / `default_memory = "2048"` / `hotplug_vfio_on_root_bus = true`
    assert.deepEqual(summary(ds), [
      '0:1-16 kata-no-image-or-initrd',
      '0:1-16 kata-virtio-fs-without-daemon',
      '1:17-23 kata-type-mismatch',
      '2:0-24 kata-renamed-key',
    ]);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(1, 3));
    assert.match(hoverText(hovers), /default_memory/);
  });

  it('reports Kconfig fragment problems that need no kernel tree', async () => {
    const uri = workspaceFile('kernel/tsn.config');
    const editor = await open(uri);
    assert.equal(editor.document.languageId, 'kconfig-fragment');
    const ds = await diagnosticsWith(uri, ['kconfig-unexpected-line', 'kconfig-duplicate-assignment']);
    // `CONFIG_NET=y` / ` CONFIG_PTP_1588_CLOCK=y` / `CONFIG_NET=n`. With a kernel tree found on the machine
    // (an unpacked /usr/src/linux-source-*), checks against it may add more; these two come from the fragment alone.
    const got = summary(ds);
    for (const want of ['1:0-24 kconfig-unexpected-line', '2:0-10 kconfig-duplicate-assignment']) assert.ok(got.includes(want), `${want} in ${JSON.stringify(got)}`);
  });

  it("checks a pull request's version of a workspace file in its own review document", async () => {
    // What GitHub Pull Requests does for a pull request that is not checked out: a `pr:` document with the
    // workspace file's path, its text served by the extension. Here the test serves it.
    const file = workspaceFile('linuxptp/default.cfg');
    const proposed = '[global]\npriority1 100\nbar 2\n';
    const provider = vscode.workspace.registerTextDocumentContentProvider('pr', { provideTextDocumentContent: () => proposed });
    try {
      const review = file.with({ scheme: 'pr', query: JSON.stringify({ fileName: 'linuxptp/default.cfg', prNumber: 1, isBase: false }) });
      const editor = await open(review);
      assert.equal(editor.document.languageId, 'ptp4l');
      const ds = await diagnosticsWith(review, ['ptp4l-unknown-option']);
      assert.deepEqual(summary(ds), ['2:0-3 ptp4l-unknown-option'], 'priority1 100 is in range; bar is unknown');
      // The working copy keeps its own problems.
      assert.deepEqual(summary(vscode.languages.getDiagnostics(file).filter((d) => d.source === 'kata-toolkit')), ['1:10-13 ptp4l-out-of-range', '2:0-3 ptp4l-unknown-option']);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', review, new vscode.Position(1, 3));
      assert.match(hoverText(hovers), /priority1/);
    } finally {
      provider.dispose();
    }
  });

  it('registers every command package.json contributes', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
  });
});

describe('build and sandbox tasks', () => {
  // A stand-in kata-containers checkout whose build-kernel.sh prints what the real one prints when a requested
  // value is lost (test/fixtures/kata-run). It is chosen through the user-level setting, restored afterwards.
  const kata = path.join(root, 'test', 'fixtures', 'kata-run');
  const tsn = vscode.Uri.file(path.join(kata, 'tools', 'packaging', 'kernel', 'configs', 'fragments', 'x86_64', 'tsn.conf'));
  const config = () => vscode.workspace.getConfiguration('kataToolkit');
  const stepOf = (t: vscode.Task) => String(t.definition.step);

  async function kataTasks(): Promise<vscode.Task[]> {
    await config().update('kataCheckout', kata, vscode.ConfigurationTarget.Global);
    await config().update('arch', 'x86_64', vscode.ConfigurationTarget.Global);
    return vscode.tasks.fetchTasks({ type: 'kataToolkit' });
  }

  after(async () => {
    await config().update('kataCheckout', undefined, vscode.ConfigurationTarget.Global);
    await config().update('arch', undefined, vscode.ConfigurationTarget.Global);
  });

  it('provides a task for every step, run through the bundled command line', async () => {
    const tasks = await kataTasks();
    const steps = tasks.map((t) => stepOf(t)).sort();
    assert.deepEqual(steps, ['image', 'initrd', 'integration-tests', 'kata-deploy-tarball', 'kernel-build', 'kernel-build-headers', 'kernel-install', 'kernel-setup', 'rootfs', 'runtime-check', 'runtime-env', 'smoke-container']);
    const setup = tasks.find((t) => stepOf(t) === 'kernel-setup')!;
    const exec = setup.execution as vscode.ProcessExecution;
    assert.match(exec.args[0], /dist[\\/]cli\.js$/);
    assert.deepEqual(exec.args.slice(1, 6), ['run', '--kata-dir', kata, '--step', 'kernel-setup']);
    assert.ok(exec.args.includes('x86_64'));
  });

  it("runs the kernel setup as a task and puts the lost value in Problems at the fragment line that requested it", async () => {
    const tasks = await kataTasks();
    const setup = tasks.find((t) => stepOf(t) === 'kernel-setup')!;
    const exec = setup.execution as vscode.ProcessExecution;
    // The machine running the tests need not have flex, libelf or Kata's yq: skip the needs check.
    const task = new vscode.Task(setup.definition, setup.scope ?? vscode.TaskScope.Workspace, 'e2e kernel setup', 'Kata', new vscode.ProcessExecution(exec.process, [...exec.args, '--no-check'], exec.options), ['$kata-toolkit']);
    const ended = new Promise<number | undefined>((resolve) => {
      const sub = vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.name !== 'e2e kernel setup') return;
        sub.dispose();
        resolve(e.exitCode);
      });
    });
    await vscode.tasks.executeTask(task);
    assert.equal(await ended, 1, 'the stand-in script fails as the real one does');
    const lost = await waitFor(
      'the lost value in Problems',
      () => vscode.languages.getDiagnostics(tsn).find((d) => codeOf(d) === 'kconfig-value-lost'),
      () => JSON.stringify(summary(vscode.languages.getDiagnostics(tsn))),
      30_000,
    );
    assert.equal(lost.range.start.line, 2, 'CONFIG_NET_SCH_TAPRIO=y is the third line of tsn.conf');
    assert.equal(lost.source, 'kata-toolkit');
    assert.equal(lost.severity, vscode.DiagnosticSeverity.Error);
    assert.match(lost.message, /CONFIG_NET_SCH_TAPRIO=y was requested/);
  });
});
