// The extension in a workspace the user has not trusted (the launcher's second pass: workspace trust on, no
// prompt, nothing trusted yet): files are still checked, but no task is offered and no step runs; the editor
// itself holds task requests until the user trusts the workspace.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { diagnosticsWith, open, root, workspaceFile } from './helpers';

describe('in an untrusted workspace', () => {
  const config = () => vscode.workspace.getConfiguration('kataToolkit');

  after(async () => {
    await config().update('kataCheckout', undefined, vscode.ConfigurationTarget.Global);
  });

  it('is untrusted, and the files are still checked', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the launcher opens the workspace without trusting it');
    const uri = workspaceFile('linuxptp/default.cfg');
    await open(uri);
    await diagnosticsWith(uri, ['ptp4l-out-of-range', 'ptp4l-unknown-option']);
  });

  it('starts no step from the command palette', async () => {
    // A checkout the steps could run from, were the workspace trusted.
    await config().update('kataCheckout', path.join(root, 'test', 'fixtures', 'kata-run'), vscode.ConfigurationTarget.Global);
    let started = 0;
    const sub = vscode.tasks.onDidStartTask(() => started++);
    // `enablement` only hides the commands in menus; run directly, they must still refuse.
    await vscode.commands.executeCommand('kataToolkit.step.kernelSetup');
    await vscode.commands.executeCommand('kataToolkit.step.runtimeCheck');
    await new Promise((r) => setTimeout(r, 2000));
    sub.dispose();
    assert.equal(started, 0);
    assert.equal(vscode.window.terminals.length, 0);
  });

  it('offers no task', async () => {
    // The editor itself may hold the request until the user trusts the workspace; either way nothing is offered.
    const fetched = await Promise.race([vscode.tasks.fetchTasks({ type: 'kataToolkit' }), new Promise<'held'>((r) => setTimeout(() => r('held'), 5000))]);
    assert.ok(fetched === 'held' || fetched.length === 0, `got ${fetched === 'held' ? fetched : fetched.map((t) => t.name).join(', ')}`);
  });
});
