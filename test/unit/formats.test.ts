// The CI output formats of `kata-kconfig check`: GitHub workflow annotations (escaping, levels, paths
// relative to the repository) and SARIF 2.1.0 (rules, levels, regions, SRCROOT-relative locations).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { problem, type Problem } from '../../server/src/common/problem';
import { span } from '../../server/src/common/span';
import { formatGithub, formatSarif } from '../../server/src/cli/formats';

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
  const log = JSON.parse(formatSarif(problems, { base: '/repo', toolVersion: '1.2.3', ruleDescriptions: { 'kconfig-value-lost': 'A requested value is not in the final .config.' } }));
  const run = log.runs[0];

  it('is a SARIF 2.1.0 log with one run, a rule per code and a result per problem', () => {
    assert.equal(log.version, '2.1.0');
    assert.equal(run.tool.driver.name, 'kata-kconfig');
    assert.equal(run.tool.driver.version, '1.2.3');
    assert.deepEqual(
      run.tool.driver.rules.map((r: { id: string; shortDescription: { text: string } }) => [r.id, r.shortDescription.text]),
      [
        ['kata-path-missing', 'kata-path-missing'],
        ['kconfig-value-lost', 'A requested value is not in the final .config.'],
        ['ptp4l-gptp-profile', 'ptp4l-gptp-profile'],
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
