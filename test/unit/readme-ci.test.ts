// The README's CI examples, run as written: the check step of the GitHub Actions workflow, the git pre-commit hook
// and the pre-commit framework entry, each in a throwaway repository laid out like a kata-containers checkout.
// The workflow's other steps (checkouts, setup-node, the build, the kernel download, the SARIF upload) need GitHub
// and the network; the test runs the check step with the example kernel tree in place of the downloaded one.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const example = path.join(repoRoot, 'examples', 'kata-workspace');
const exampleTree = path.join(example, 'linux');
const tsnRel = 'tools/packaging/kernel/configs/fragments/x86_64/tsn.conf';

/** The code block that follows `<!-- ci-example: NAME -->` in the README. */
function readmeExample(name: string): string {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const m = new RegExp(`<!-- ci-example: ${name} -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  assert.ok(m, `README has no example marked <!-- ci-example: ${name} -->`);
  return m[1];
}

const hasGit = spawnSync('git', ['--version']).status === 0;
const skipWhy = !hasGit ? 'git is not installed' : !fs.existsSync(cli) ? 'dist/cli.js is not built (npm run build)' : undefined;
if (skipWhy) console.log(`# SKIPPED: README CI examples: ${skipWhy}`);

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A fresh repository holding the example Kata checkout, committed once. */
function kataRepo(parent: string, name: string): string {
  const dir = path.join(parent, name);
  fs.cpSync(path.join(example, 'kata-containers'), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, 'src', 'runtime', 'config'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src', 'runtime', 'config', 'configuration-qemu.toml.in'), '[hypervisor.qemu]\npath = "@QEMUPATH@"\n');
  fs.writeFileSync(path.join(dir, 'README.md'), 'not checked\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

/** A directory with a `kata-kconfig` command that runs the built CLI, for PATH. */
function shimDir(parent: string): string {
  const bin = path.join(parent, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, 'kata-kconfig'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`, { mode: 0o755 });
  return bin;
}

describe('the README CI examples', { skip: skipWhy }, () => {
  let tmp = '';
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-ci-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('GitHub Actions: the check step annotates only what the pull request changed, and fails on its error', () => {
    const workflow = parseYaml(readmeExample('github-actions')) as {
      on: unknown;
      permissions: Record<string, string>;
      jobs: { check: { steps: { name?: string; uses?: string; run?: string; with?: Record<string, unknown> }[] } };
    };
    assert.equal(workflow.on, 'pull_request');
    assert.equal(workflow.permissions['security-events'], 'write', 'the SARIF upload needs it');
    const steps = workflow.jobs.check.steps;
    assert.equal(steps[0].with?.['fetch-depth'], 2, 'HEAD^1 must be fetched');
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
    const check = steps.find((s) => s.run?.includes('--format github'));
    assert.ok(upload && check, 'a check step and an upload step');

    // The checkout of a pull request: the base commit, then the merge commit that changes a fragment.
    const repo = kataRepo(tmp, 'actions');
    fs.symlinkSync(repoRoot, path.join(repo, '.toolkit'));
    fs.appendFileSync(path.join(repo, '.git', 'info', 'exclude'), '.toolkit\nguest-config.sarif\n');
    const tsn = path.join(repo, tsnRel);
    const before = fs.readFileSync(tsn, 'utf8');
    fs.writeFileSync(tsn, `${before}CONFIG_NET_SCH_TAPRIOO=y\n`);
    git(repo, 'commit', '-q', '-am', 'merge of the pull request');
    const newLine = before.split('\n').length;

    const script = check.run!.replace(/\$\{\{\s*steps\.tree\.outputs\.dir\s*\}\}/g, exampleTree);
    assert.doesNotMatch(script, /\$\{\{/, 'every expression of the step is replaced');
    const r = spawnSync('bash', ['-e', '-c', script], { cwd: repo, encoding: 'utf8' });
    assert.equal(r.status, 1, `the step fails the job on the new error\n${r.stdout}${r.stderr}`);
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    assert.deepEqual(
      annotations.map((l) => /^::(\w+) file=([^,]+),line=(\d+)/.exec(l)?.slice(1).join(':')),
      [`error:${tsnRel}:${newLine}`],
      `only the changed line, not the values tsn.conf already lost:\n${r.stdout}`,
    );
    assert.match(annotations[0], /NET_SCH_TAPRIOO/);
    const sarif = JSON.parse(fs.readFileSync(path.join(repo, 'guest-config.sarif'), 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    assert.deepEqual(sarif.runs[0].results.map((x) => x.ruleId), ['kconfig-unknown-symbol'], 'the SARIF file holds the same result');
    console.log('# not run here: the workflow steps that need GitHub or the network (checkouts, setup-node, build, kernel download, upload)');
  });

  it('git hook: stops a commit with an error on a changed line, lets a clean one through', () => {
    const repo = kataRepo(tmp, 'hook');
    const hook = path.join(repo, '.git', 'hooks', 'pre-commit');
    fs.writeFileSync(hook, readmeExample('git-hook') + '\n', { mode: 0o755 });
    const env = { ...process.env, PATH: `${shimDir(tmp)}:${process.env.PATH}`, KATA_KERNEL_TREE: exampleTree };
    const commit = (message: string) =>
      spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', message], { cwd: repo, env, encoding: 'utf8' });

    const tsn = path.join(repo, tsnRel);
    const text = fs.readFileSync(tsn, 'utf8');
    fs.writeFileSync(tsn, `${text}CONFIG_NOT_A_SYMBOL=y\n`);
    git(repo, 'add', tsnRel);
    const refused = commit('adds an unknown symbol');
    assert.notEqual(refused.status, 0, 'the hook stops the commit');
    assert.match(refused.stdout + refused.stderr, /tsn\.conf:\d+:1: error: .*NOT_A_SYMBOL.*\[kconfig-unknown-symbol\]/);
    assert.doesNotMatch(refused.stdout, /NET_SCH_TAPRIO=y will not/, 'values lost before the change are not blamed on it');

    fs.writeFileSync(tsn, `${text}CONFIG_NET_SCHED=y\n`);
    git(repo, 'add', tsnRel);
    const accepted = commit('a change without errors');
    assert.equal(accepted.status, 0, accepted.stdout + accepted.stderr);

    // Staged files that are none of ours do not run the check at all.
    fs.writeFileSync(path.join(repo, 'README.md'), 'still not checked\n');
    git(repo, 'add', 'README.md');
    const other = commit('docs');
    assert.equal(other.status, 0);
    assert.equal(other.stdout + other.stderr, '', 'nothing printed for a commit without our files');
  });

  it('pre-commit framework: the entry checks the files its pattern selects', () => {
    const config = parseYaml(readmeExample('pre-commit')) as { repos: { repo: string; hooks: { id: string; entry: string; language: string; files: string }[] }[] };
    const hook = config.repos[0].hooks[0];
    assert.equal(config.repos[0].repo, 'local');
    assert.equal(hook.language, 'system');
    const pattern = new RegExp(hook.files);
    const selected = (p: string) => pattern.test(p);
    for (const p of [tsnRel, 'tools/packaging/kernel/configs/fragments/whitelist.conf', 'src/runtime/config/configuration-qemu.toml.in', 'configuration.toml', 'etc/kata/config.d/10-net.toml', 'ptp4l.cfg', 'tsn/ptp4l-node.cfg']) {
      assert.ok(selected(p), `${p} is selected`);
    }
    for (const p of ['README.md', 'src/runtime/go.mod', 'tsn/phc2sys.cfg', 'ci/ptp4l/run.sh']) assert.ok(!selected(p), `${p} is not selected`);

    const repo = kataRepo(tmp, 'framework');
    const tsn = path.join(repo, tsnRel);
    fs.appendFileSync(tsn, 'CONFIG_NOT_A_SYMBOL_EITHER=y\n');
    const files = git(repo, 'ls-files').split('\n').filter((f) => f !== '' && selected(f));
    assert.ok(files.includes(tsnRel));
    // pre-commit runs the entry with the selected file names appended, on PATH as the user has it.
    const r = spawnSync('sh', ['-c', `${hook.entry} --tree "${exampleTree}" "$@"`, 'pre-commit', ...files], {
      cwd: repo,
      env: { ...process.env, PATH: `${shimDir(tmp)}:${process.env.PATH}` },
      encoding: 'utf8',
    });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /NOT_A_SYMBOL_EITHER.*\[kconfig-unknown-symbol\]/);
  });
});
