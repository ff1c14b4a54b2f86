// `check --format sarif` against the official SARIF 2.1.0 JSON Schema (rtm.5, the one code scanning uses), as
// Microsoft ships it in the npm package @microsoft/jest-sarif: fetched at test time with `npm pack` (sha256
// pinned), cached outside the clone, and validated with Ajv (draft-04, formats checked).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { main } from '../../server/src/cli/main';
import { defaultCacheDirectory } from '../../server/src/settings';

const PACKAGE = '@microsoft/jest-sarif@1.0.0-beta.0';
const TARBALL_SHA256 = '748e2c3d1a842e7bb258416685c7ea3a0da40005b72267b2052c2856d48ad102';
const SCHEMA_IN_TARBALL = 'package/lib/schemas/sarif-2.1.0-rtm.5.json';

/** The schema file, from the cache or fetched once; a reason when it cannot be had. */
function sarifSchema(): { file: string } | { skipped: string } {
  const dir = path.join(defaultCacheDirectory(), 'sarif-schema', TARBALL_SHA256.slice(0, 16));
  const file = path.join(dir, 'sarif-2.1.0-rtm.5.json');
  if (fs.existsSync(file)) return { file };
  fs.mkdirSync(dir, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sarif-schema-'));
  try {
    const packed = spawnSync('npm', ['pack', PACKAGE, '--silent', '--pack-destination', work], { encoding: 'utf8', timeout: 120_000 });
    const name = packed.stdout.trim().split('\n').pop();
    if (packed.status !== 0 || !name) return { skipped: `npm pack ${PACKAGE} failed: ${(packed.stderr || '').trim().split('\n')[0]}` };
    const tarball = path.join(work, name);
    const sha = createHash('sha256').update(fs.readFileSync(tarball)).digest('hex');
    assert.equal(sha, TARBALL_SHA256, `${PACKAGE} is not the tarball this test pins`);
    const unpacked = spawnSync('tar', ['-xzf', tarball, '-C', work, SCHEMA_IN_TARBALL], { encoding: 'utf8' });
    if (unpacked.status !== 0) return { skipped: `tar could not unpack ${SCHEMA_IN_TARBALL}: ${unpacked.stderr.trim()}` };
    fs.copyFileSync(path.join(work, SCHEMA_IN_TARBALL), file);
    return { file };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

test('check --format sarif is valid SARIF 2.1.0 by the official schema', async (t) => {
  const schema = sarifSchema();
  if ('skipped' in schema) {
    console.log(`# skipped: ${schema.skipped}`);
    t.skip(schema.skipped);
    return;
  }
  // The schema's language pattern (`...{2}]?$`) is only valid as a non-unicode regular expression.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schema.file, 'utf8')));

  // Files with problems of every severity, related locations, a path outside the folder checked from.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sarif-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'ptp4l-node.cfg'), '[global]\npriority1 300\nfoo 1\ntransportSpecific 1\n[eth0]\nlogSyncInterval -9\n');
  fs.writeFileSync(path.join(dir, 'ptp4l-switch.cfg'), '[global]\npriority1 128\n[sw0]\n[sw1]\n');
  fs.mkdirSync(path.join(dir, 'kata'));
  fs.writeFileSync(path.join(dir, 'kata', 'configuration.toml'), '[hypervisor.qemu]\ndefault_memory = "2048"\nenable_debugg = true\nkernel_params = "quiet\n');
  let out = '';
  const code = await main(['check', '--format', 'sarif', '--ptp4l-version', '4.2', '--no-path-check', dir], { out: (s) => (out += s), err: () => undefined });
  assert.equal(code, 1);
  const log = JSON.parse(out) as {
    runs: { tool: { driver: { rules: { id: string; fullDescription?: unknown; help?: unknown }[] } }; results: { level: string; relatedLocations?: unknown[] }[] }[];
  };
  const ok = validate(log);
  assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  // Every code here has a README row, so the rules validated carry descriptions, help and default levels.
  const undescribed = log.runs[0].tool.driver.rules.filter((r) => !r.fullDescription || !r.help).map((r) => r.id);
  assert.deepEqual(undescribed, []);
  const results = log.runs[0].results;
  const levels = [...new Set(results.map((r) => r.level))].sort();
  console.log(`sarif: ${results.length} results (${levels.join(', ')}), valid against sarif-2.1.0-rtm.5.json`);
  assert.deepEqual(levels, ['error', 'warning']);
  assert.ok(results.some((r) => (r.relatedLocations?.length ?? 0) > 0), 'some result carries related locations');
  // The same check of an invalid log fails: the validation can fail.
  assert.equal(validate({ version: '2.1.0', runs: [{ results: [] }] }), false);
});
