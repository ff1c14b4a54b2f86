// The CI output formats of `kata-kconfig check`: GitHub workflow annotations (escaping, levels, paths
// relative to the repository) and SARIF 2.1.0 (rules described by the README's Problem codes rows, levels,
// regions, SRCROOT-relative locations).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { problem, type Problem } from '../../server/src/common/problem';
import { span } from '../../server/src/common/span';
import { firstSentence, formatGithub, formatSarif, plainText, type CodeDocumentation } from '../../server/src/cli/formats';
import { main } from '../../server/src/cli/main';

const problems: Problem[] = [
  problem('kconfig-value-lost', 'error', 'CONFIG_X=y is lost: 50% of it, a:b, c\nnext line', '/repo/frag/x.conf', span(2, 0, 2, 10), {
    related: [{ location: { file: '/repo/linux/net/Kconfig', span: span(6, 0, 6, 4) }, message: 'the if it sits in' }],
  }),
  problem('ptp4l-gptp-profile', 'warning', 'gPTP needs L2', '/repo/ptp4l.cfg', span(4, 3, 4, 8)),
  problem('kata-path-missing', 'information', 'not on this machine', '/elsewhere/configuration.toml', span(0, 0, 1, 2), { uncertain: true }),
];

describe('--format github', () => {
  it('writes one workflow command per problem, escaped, with paths relative to the repository', () => {
    assert.equal(
      formatGithub(problems, '/repo'),
      [
        '::error file=frag/x.conf,line=3,col=1,endLine=3,endColumn=11,title=kconfig-value-lost::CONFIG_X=y is lost: 50%25 of it, a:b, c%0Anext line',
        '::warning file=ptp4l.cfg,line=5,col=4,endLine=5,endColumn=9,title=ptp4l-gptp-profile::gPTP needs L2',
        '::notice file=/elsewhere/configuration.toml,line=1,col=1,endLine=2,title=kata-path-missing::not on this machine (uncertain: depends on $(shell,...) results that were guessed)',
        '',
      ].join('\n'),
    );
  });
});

describe('--format sarif', () => {
  const codes: Record<string, CodeDocumentation> = {
    'kconfig-value-lost': {
      severity: 'error',
      meaning: 'A requested value will not be in the final `.config`; the message says why (unmet `depends on`, ...) and where. See [the table](#conformance) for **more**.',
    },
    'ptp4l-gptp-profile': { severity: 'warning / error', meaning: 'A setting gPTP peers refuse.' },
    'kconfig-unused': { severity: 'information / hint', meaning: 'Never used here.' },
  };
  const log = JSON.parse(formatSarif(problems, { base: '/repo', toolVersion: '1.2.3', codes }));
  const run = log.runs[0];

  it('is a SARIF 2.1.0 log with one run, a rule per code and a result per problem', () => {
    assert.equal(log.version, '2.1.0');
    assert.equal(run.tool.driver.name, 'kata-kconfig');
    assert.equal(run.tool.driver.version, '1.2.3');
    assert.deepEqual(
      run.tool.driver.rules.map((r: { id: string; shortDescription: { text: string } }) => [r.id, r.shortDescription.text]),
      [
        ['kata-path-missing', 'kata-path-missing'],
        ['kconfig-value-lost', 'A requested value will not be in the final .config; the message says why (unmet depends on, ...) and where.'],
        ['ptp4l-gptp-profile', 'A setting gPTP peers refuse.'],
      ],
    );
    assert.deepEqual(run.results.map((r: { ruleId: string; ruleIndex: number; level: string }) => [r.ruleId, r.ruleIndex, r.level]), [
      ['kconfig-value-lost', 1, 'error'],
      ['ptp4l-gptp-profile', 2, 'warning'],
      ['kata-path-missing', 0, 'note'],
    ]);
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.deepEqual(run.originalUriBaseIds, { SRCROOT: { uri: 'file:///repo/' } });
  });

  it("describes a code by its README row: the first sentence, the whole meaning as text and Markdown, the row's one level", () => {
    const [missing, lost, gptp] = run.tool.driver.rules;
    assert.deepEqual(lost, {
      id: 'kconfig-value-lost',
      shortDescription: { text: 'A requested value will not be in the final .config; the message says why (unmet depends on, ...) and where.' },
      fullDescription: { text: 'A requested value will not be in the final .config; the message says why (unmet depends on, ...) and where. See the table for more.' },
      help: {
        text: 'A requested value will not be in the final .config; the message says why (unmet depends on, ...) and where. See the table for more.',
        markdown: codes['kconfig-value-lost'].meaning,
      },
      defaultConfiguration: { level: 'error' },
    });
    assert.equal(gptp.defaultConfiguration, undefined, 'a severity that varies gives no default level');
    assert.deepEqual(missing, { id: 'kata-path-missing', shortDescription: { text: 'kata-path-missing' } }, 'a code without a row is described by its name');
    const note = JSON.parse(formatSarif([problem('kconfig-unused', 'hint', 'x', '/repo/a', span(0, 0, 0, 1))], { base: '/repo', toolVersion: '1', codes }));
    assert.deepEqual(note.runs[0].tool.driver.rules[0].defaultConfiguration, { level: 'note' }, 'information and hint are both note');
  });

  it('takes the rules from the README through server/data/problem-codes.json, bundled with the command line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sarif-rules-'));
    try {
      fs.writeFileSync(path.join(dir, 'ptp4l.cfg'), '[global]\nfoo 1\n');
      let out = '';
      const code = await main(['check', '--format', 'sarif', '--ptp4l-version', '4.2', dir], { out: (s) => (out += s), err: () => undefined });
      assert.equal(code, 1);
      const rules = JSON.parse(out).runs[0].tool.driver.rules as { id: string; shortDescription: { text: string }; help: { markdown: string }; defaultConfiguration?: { level: string } }[];
      const unknown = rules.find((r) => r.id === 'ptp4l-unknown-option');
      assert.ok(unknown, JSON.stringify(rules));
      assert.equal(unknown.shortDescription.text, 'Not an option of this version (names are case-sensitive); nearest names offered.');
      assert.match(unknown.help.markdown, /^Not an option of this version/);
      assert.deepEqual(unknown.defaultConfiguration, { level: 'error' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('places results by 1-based regions, relative to SRCROOT inside the repository and as file URIs outside it', () => {
    const [first, , third] = run.results;
    assert.deepEqual(first.locations[0].physicalLocation, { artifactLocation: { uri: 'frag/x.conf', uriBaseId: 'SRCROOT' }, region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 11 } });
    assert.deepEqual(first.relatedLocations[0].physicalLocation.artifactLocation, { uri: 'linux/net/Kconfig', uriBaseId: 'SRCROOT' });
    assert.equal(first.relatedLocations[0].message.text, 'the if it sits in');
    assert.equal(first.message.text, 'CONFIG_X=y is lost: 50% of it, a:b, c\nnext line');
    assert.deepEqual(third.locations[0].physicalLocation.artifactLocation, { uri: 'file:///elsewhere/configuration.toml' });
    assert.match(third.message.text, /\(uncertain: /);
  });

  it('is an empty run when there is nothing to say', () => {
    const empty = JSON.parse(formatSarif([], { base: '/repo', toolVersion: '1' }));
    assert.deepEqual(empty.runs[0].results, []);
    assert.deepEqual(empty.runs[0].tool.driver.rules, []);
  });
});

describe('rule descriptions from Markdown', () => {
  it('ends the first sentence outside code spans and parentheses, and not at an ellipsis', () => {
    assert.equal(firstSentence('Not in `.config` (see `merge_config.sh`. Really.) yet. Second.'), 'Not in `.config` (see `merge_config.sh`. Really.) yet.');
    assert.equal(firstSentence('Every "CONFIG_... not in final .config" line. Then more.'), 'Every "CONFIG_... not in final .config" line.');
    assert.equal(firstSentence('Use a tag, e.g. `!arm64`, here. Next.'), 'Use a tag, e.g. `!arm64`, here.');
    assert.equal(firstSentence('No full stop at all'), 'No full stop at all');
    assert.equal(firstSentence('Ends at the end.'), 'Ends at the end.');
  });

  it('gives plain text: code spans, links and bold keep their text', () => {
    assert.equal(plainText('`CONFIG_X=y` in **`a`** and [b](#c), x86_64 and 2 * 3'), 'CONFIG_X=y in a and b, x86_64 and 2 * 3');
  });
});
