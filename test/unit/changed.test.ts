// `check --changed-since REF`: reading git's zero-context diff, mapping unchanged lines back to REF, and
// keeping only what a change is responsible for; end to end on a throwaway git repository of ptp4l files.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { isChangedLine, oldLineOf, parseUnifiedDiff, problemsOfChange } from '../../server/src/cli/changed';
import { main } from '../../server/src/cli/main';
import { problem } from '../../server/src/common/problem';
import { span } from '../../server/src/common/span';

const DIFF = [
  'diff --git a/a.conf b/a.conf',
  'index 1..2 100644',
  '--- a/a.conf',
  '+++ b/a.conf',
  '@@ -1,0 +2 @@',
  '+CONFIG_NEW=y',
  '@@ -5,2 +6,0 @@',
  '-CONFIG_GONE=y',
  '-CONFIG_GONE2=y',
  '@@ -9 +8 @@',
  '-CONFIG_OLD=y',
  '+CONFIG_OLD=m',
  'diff --git a/new.cfg b/new.cfg',
  'new file mode 100644',
  '--- /dev/null',
  '+++ b/new.cfg',
  '@@ -0,0 +1,2 @@',
  '+[global]',
  '+priority1 1',
  'diff --git a/old.cfg b/old.cfg',
  'deleted file mode 100644',
  '--- a/old.cfg',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  '-[global]',
].join('\n');

describe('changes since a commit', () => {
  const changes = parseUnifiedDiff('/r', DIFF);

  it("reads git's hunks per new path, new files as wholly changed, deleted files not at all", () => {
    assert.deepEqual([...changes.keys()], ['/r/a.conf', '/r/new.cfg']);
    assert.deepEqual(changes.get('/r/a.conf')?.hunks, [
      { oldStart: 1, oldCount: 0, newStart: 2, newCount: 1 },
      { oldStart: 5, oldCount: 2, newStart: 6, newCount: 0 },
      { oldStart: 9, oldCount: 1, newStart: 8, newCount: 1 },
    ]);
    assert.equal(changes.get('/r/new.cfg')?.added, true);
  });

  it('tells changed lines from unchanged ones and maps the unchanged back to their old numbers', () => {
    const a = changes.get('/r/a.conf');
    assert.deepEqual([1, 2, 3, 6, 7, 8, 9].map((l) => isChangedLine(a, l)), [false, true, false, false, false, true, false]);
    // Old 1 stays 1; the line inserted as new 2 moves old 2..5 to new 3..6; the two old lines deleted after
    // new 6 move old 8 up to new 7; the replaced line (new 8) keeps the count, so new 9, 10 are old 10, 11.
    assert.deepEqual([1, 3, 5, 6, 7, 9, 10].map((l) => oldLineOf(a, l)), [1, 2, 4, 5, 8, 10, 11]);
    assert.equal(oldLineOf(a, 2), undefined);
    assert.equal(oldLineOf(undefined, 7), 7, 'a file the diff does not touch keeps its numbers');
    assert.equal(oldLineOf(changes.get('/r/new.cfg'), 1), undefined);
  });

  it('keeps problems on changed lines and new ones elsewhere, and drops the old ones', () => {
    const at = (file: string, line: number, code = 'c') => problem(code, 'error', `${code} at ${line}`, file, span(line - 1, 0, line - 1, 1));
    const current = [at('/r/a.conf', 2), at('/r/a.conf', 3), at('/r/a.conf', 7), at('/r/b.conf', 4), at('/r/b.conf', 5, 'other')];
    const base = [at('/r/a.conf', 2), at('/r/a.conf', 8), at('/r/b.conf', 4)];
    const r = problemsOfChange(current, base, changes);
    // a.conf:2 is a changed line; a.conf:3 was old line 2 where REF had the same code (dropped); a.conf:7 was old 8 (dropped);
    // b.conf:4 is unchanged and old (dropped); b.conf:5 is new there (kept: the change caused it).
    assert.deepEqual(r.shown.map((p) => `${path.basename(p.file)}:${p.span.start.line + 1}`), ['a.conf:2', 'b.conf:5']);
    assert.deepEqual([r.caused, r.hidden], [1, 3]);
  });
});

describe('kata-kconfig check --changed-since', () => {
  it('reports what a commit range added, on a real git repository', async (t) => {
    if (spawnSync('git', ['--version']).status !== 0) {
      console.log('# skipped: git is not installed');
      t.skip('no git');
      return;
    }
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'changed-since-'));
    t.after(() => fs.rmSync(repo, { recursive: true, force: true }));
    const git = (...a: string[]) => {
      const r = spawnSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', ...a], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    git('init', '-q');
    // An old mistake (priority1 300) that the change does not touch.
    fs.writeFileSync(path.join(repo, 'ptp4l.cfg'), '[global]\npriority1 300\nlogSyncInterval 0\n');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    // The change adds a line ptp4l refuses, and a new file with one.
    fs.writeFileSync(path.join(repo, 'ptp4l.cfg'), '[global]\nfoo 1\npriority1 300\nlogSyncInterval 0\n');
    fs.writeFileSync(path.join(repo, 'ptp4l-b.cfg'), '[global]\nclockClass 6 x\n');
    let out = '';
    let err = '';
    const io = { out: (s: string) => (out += s), err: (s: string) => (err += s) };
    const code = await main(['check', '--ptp4l-version', '4.2', '--format', 'json', '--changed-since', 'HEAD', repo], io);
    const got = (JSON.parse(out) as { file: string; line: number; code: string }[]).map((p) => `${path.basename(p.file)}:${p.line}:${p.code}`);
    assert.deepEqual(got, ['ptp4l-b.cfg:2:ptp4l-malformed-value', 'ptp4l.cfg:2:ptp4l-unknown-option'], err);
    assert.equal(code, 1);
    // Without the option the old mistake shows too.
    out = '';
    await main(['check', '--ptp4l-version', '4.2', '--format', 'json', repo], io);
    assert.ok((JSON.parse(out) as { code: string }[]).some((p) => p.code === 'ptp4l-out-of-range'));
    out = '';
    err = '';
    assert.equal(await main(['check', '--changed-since', 'no-such-ref', repo], io), 2);
    assert.match(err, /no-such-ref/);
    assert.deepEqual(spawnSync('git', ['-C', repo, 'worktree', 'list']).stdout.toString().trim().split('\n').length, 1, 'the temporary worktree is gone');
  });
});
