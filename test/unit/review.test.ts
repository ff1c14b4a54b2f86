// Review documents: which workspace file a `git:`, `pr:`, `review:`, `gitlens:` or `gl-review:` URI is a version of,
// the file view an analysis of it reads, and its problems moved onto it.

import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { problem } from '../../server/src/common/problem';
import { span } from '../../server/src/common/span';
import { candidatePaths, ontoReviewDocument, ReviewFileSource, reviewedPath } from '../../server/src/review';
import type { FileSource } from '../../server/src/services';

const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));
const ws = '/home/u/repo';
const file = `${ws}/tools/packaging/kernel/configs/fragments/x86_64/tsn.conf`;

describe('the workspace file of a review URI', () => {
  test("VS Code's Git extension: the query's path", () => {
    assert.deepEqual(candidatePaths(`git:${file}?${q({ path: file, ref: 'HEAD~1' })}`), [file]);
    assert.equal(reviewedPath(`git:${file}?${q({ path: file, ref: '~' })}`, [ws], () => false), file);
  });

  test('GitHub Pull Requests: review URIs with ".git" appended, and pr URIs', () => {
    const review = `review:${file}.git?${q({ path: 'tools/packaging/kernel/configs/fragments/x86_64/tsn.conf', commit: 'abc', base: true, isOutdated: false, rootPath: ws })}`;
    assert.equal(candidatePaths(review)[0], file);
    assert.equal(reviewedPath(review, [ws], () => false), file);
    const pr = `pr:${file}?${q({ baseCommit: 'a', headCommit: 'b', isBase: false, fileName: 'tools/x.conf', prNumber: 4, status: 1 })}`;
    assert.equal(reviewedPath(pr, [ws], () => false), file);
  });

  test('a ".git" file of its own keeps its name', () => {
    assert.deepEqual(candidatePaths(`review:${ws}/a.git?${q({ path: `${ws}/a.git` })}`), [`${ws}/a.git`]);
  });

  test('GitLens: the revision is the authority, the path is the file', () => {
    assert.equal(reviewedPath(`gitlens://6f1c2a${file}?${q({ ref: '6f1c2a', repoPath: ws })}`, [ws], () => false), file);
  });

  test('GitLab Workflow: a repository-relative path under the query root', () => {
    const gl = `gl-review:/tools/a.conf?${q({ commit: 'c', repositoryRoot: ws, projectId: 1, mrId: 2 })}`;
    assert.equal(reviewedPath(gl, [ws], () => false), `${ws}/tools/a.conf`);
  });

  test('percent-encoded paths are decoded', () => {
    assert.equal(reviewedPath(`git:${ws}/my%20dir/a.conf?${q({ ref: 'HEAD' })}`, [ws], () => false), `${ws}/my dir/a.conf`);
  });

  test('outside every folder: nothing, even where the folder exists; with no folder open, a file whose folder exists', () => {
    const outside = `git:/srv/other/a.conf?${q({ path: '/srv/other/a.conf', ref: 'HEAD' })}`;
    assert.equal(reviewedPath(outside, [ws], () => true), undefined);
    assert.equal(reviewedPath(outside, [], () => false), undefined);
    assert.equal(reviewedPath(outside, [], (d) => d === '/srv/other'), '/srv/other/a.conf');
  });

  test('a root-relative path that climbs out of the workspace is not taken', () => {
    const climbing = `pr:?${q({ fileName: '../../../etc/x.conf', rootPath: ws })}`;
    assert.deepEqual(candidatePaths(climbing), ['/etc/x.conf']);
    assert.equal(reviewedPath(climbing, [ws], () => true), undefined);
  });

  test('a candidate inside a workspace folder wins over one that merely exists', () => {
    const both = `gl-review:/a.conf?${q({ workspacePath: ws })}`;
    assert.equal(reviewedPath(both, [ws], () => true), `${ws}/a.conf`);
  });

  test('file:, untitled: and nonsense map to nothing, without throwing', () => {
    for (const u of [`file://${file}`, 'untitled:Untitled-1', '', 'git:', 'git:?%E0%A4%A', 'review:relative/a.conf?{"path":"b"}', '::::', 'pr:%zz?%zz', `git:${'/a'.repeat(10000)}`]) {
      assert.doesNotThrow(() => reviewedPath(u, [ws], () => false), u.slice(0, 40));
    }
    assert.equal(reviewedPath(`file://${file}`, [ws], () => true), undefined);
    assert.equal(reviewedPath('untitled:Untitled-1', [ws], () => true), undefined);
    assert.equal(reviewedPath('review:relative/a.conf?{"path":"b"}', [ws], () => false), undefined);
  });
});

describe('the files an analysis of a review document reads', () => {
  const disk: Record<string, string> = { [`${ws}/a.conf`]: 'CONFIG_A=y\n', [`${ws}/b.conf`]: 'CONFIG_B=y\n' };
  const base: FileSource = {
    read: (f) => disk[f],
    exists: (f) => f in disk,
    list: (d) => (d === ws ? ['a.conf', 'b.conf'] : undefined),
    fingerprint: (f) => (f in disk ? `disk:${f}` : undefined),
  };

  test('the reviewed file is the review text; every other file is the workspace', () => {
    const files = new ReviewFileSource(base, `${ws}/a.conf`, 'CONFIG_A=n\n');
    assert.equal(files.read(`${ws}/a.conf`), 'CONFIG_A=n\n');
    assert.equal(files.read(`${ws}/b.conf`), 'CONFIG_B=y\n');
    assert.match(files.fingerprint(`${ws}/a.conf`)!, /^review:/);
    assert.equal(files.fingerprint(`${ws}/b.conf`), `disk:${ws}/b.conf`);
    assert.deepEqual(files.list(ws), ['a.conf', 'b.conf']);
  });

  test('a file the change adds is listed and exists', () => {
    const files = new ReviewFileSource(base, `${ws}/0-new.conf`, 'CONFIG_N=y\n');
    assert.deepEqual(files.list(ws), ['0-new.conf', 'a.conf', 'b.conf']);
    assert.equal(files.exists(`${ws}/0-new.conf`), true);
    assert.equal(new ReviewFileSource(base, '/elsewhere/x.conf', '').list('/elsewhere')?.join(), 'x.conf');
  });

  test('two versions of one file are told apart by their fingerprints', () => {
    const a = new ReviewFileSource(base, `${ws}/a.conf`, 'one');
    const b = new ReviewFileSource(base, `${ws}/a.conf`, 'two');
    assert.notEqual(a.fingerprint(`${ws}/a.conf`), b.fingerprint(`${ws}/a.conf`));
  });
});

describe('problems moved onto the review document', () => {
  test('the file and related places in it become the review URI; fixes are dropped', () => {
    const target = `${ws}/a.conf`;
    const uri = `git:${target}?x`;
    const s = span(1, 0, 1, 10);
    const moved = ontoReviewDocument(
      [
        problem('kconfig-value-lost', 'error', 'lost', target, s, {
          related: [
            { location: { file: target, span: s }, message: 'here' },
            { location: { file: `${ws}/linux/Kconfig`, span: s }, message: 'defined' },
          ],
          fixes: [{ title: 'fix', edits: [{ file: target, span: s, newText: 'x' }] }],
        }),
      ],
      target,
      uri,
    );
    assert.equal(moved[0].file, uri);
    assert.deepEqual(moved[0].related?.map((r) => r.location.file), [uri, `${ws}/linux/Kconfig`]);
    assert.equal(moved[0].fixes, undefined);
    assert.equal(moved[0].code, 'kconfig-value-lost');
  });
});
