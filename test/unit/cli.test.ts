// The kata-kconfig command line on the example workspace: output formats, exit codes and messages.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { main } from '../../server/src/cli/main';

const repo = path.resolve(__dirname, '..', '..', '..');
const example = path.join(repo, 'examples', 'kata-workspace');
const linux = path.join(example, 'linux');
const kata = path.join(example, 'kata-containers');
const fragments = path.join(kata, 'tools', 'packaging', 'kernel', 'configs', 'fragments');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('kata-kconfig check', () => {
  test('JSON output has 1-based positions, the documented fields, and exit 1 for errors', async () => {
    const r = await run('check', '--tree', linux, '--kata-dir', kata, '--arch', 'x86_64', '--format', 'json', kata);
    assert.equal(r.code, 1);
    const problems = JSON.parse(r.out) as Record<string, unknown>[];
    const taprio = problems.find((p) => String(p.message).includes('CONFIG_NET_SCH_TAPRIO'));
    assert.deepEqual(Object.keys(taprio ?? {}).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity']);
    assert.equal(taprio?.line, 2);
    assert.equal(taprio?.column, 1);
    assert.equal(taprio?.severity, 'error');
    assert.equal(taprio?.code, 'kconfig-value-lost');
    assert.equal(taprio?.file, path.join(fragments, 'x86_64', 'tsn.conf'));
    // The whitelisted removed symbol is information, and the whitelist entry that hides more is a warning.
    assert.equal(problems.find((p) => String(p.message).startsWith('CONFIG_MEMCG_SWAP is not defined'))?.severity, 'information');
    assert.ok(problems.some((p) => p.code === 'kata-whitelist-hides-more'));
  });

  test('text output is file:line:col: severity: message [code]', async () => {
    const r = await run('check', '--tree', linux, '--arch', 'x86_64', path.join(fragments, 'x86_64', 'tsn.conf'));
    assert.equal(r.code, 1);
    assert.match(r.out, /tsn\.conf:2:1: error: CONFIG_NET_SCH_TAPRIO=y will not be in the final \.config .*\[kconfig-value-lost\]\n/);
    assert.match(r.err, /1 file\(s\) checked/);
  });

  test('a clean fragment exits 0', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-clean-'));
    const f = path.join(dir, 'ok.config');
    fs.writeFileSync(f, 'CONFIG_NET=y\nCONFIG_NET_SCHED=y\nCONFIG_NET_SCH_TAPRIO=y\n');
    const r = await run('check', '--tree', linux, '--arch', 'x86_64', f);
    assert.equal(r.out, '');
    assert.equal(r.code, 0);
  });

  test('usage and I/O errors exit 2 with a clear message', async () => {
    const missing = await run('check', '--tree', linux, '/nonexistent/fragment.conf');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /\/nonexistent\/fragment\.conf does not exist/);
    const badFormat = await run('check', '--format', 'xml', kata);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.err, /--format must be text, json, github or sarif/);
    const notTree = await run('check', '--tree', example, kata);
    assert.equal(notTree.code, 2);
    assert.match(notTree.err, /does not look like a kernel tree/);
    const unknown = await run('frobnicate');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown command 'frobnicate'/);
  });
});

describe('kata-kconfig merge and explain', () => {
  test('merge writes the .config and the script\'s own report on stderr', async () => {
    const r = await run('merge', '--tree', linux, '--arch', 'x86_64', path.join(fragments, 'common', 'base.conf'), path.join(fragments, 'x86_64', 'tsn.conf'));
    assert.equal(r.code, 0);
    assert.match(r.out, /^#\n# Automatically generated file; DO NOT EDIT\.\n# Linux\/x86_64 6\.1\.0-example Example Kernel Configuration\n#\n/);
    assert.match(r.out, /\nCONFIG_NET=y\n/);
    assert.match(r.out, /\nCONFIG_LOG_BUF_SHIFT=25\n/);
    assert.match(r.err, /Value of CONFIG_LOG_BUF_SHIFT is redefined by fragment .*tsn\.conf:/);
    assert.match(r.err, /Value requested for CONFIG_NET_SCH_TAPRIO not in final \.config\nRequested value:  CONFIG_NET_SCH_TAPRIO=y\nActual value:     \n/);
  });

  test('explain gives the chain of reasons down to the symbol nobody set', async () => {
    const r = await run('explain', '--tree', linux, '--arch', 'x86_64', path.join(fragments, 'x86_64', 'tsn.conf'), 'CONFIG_NET_SCH_TAPRIO');
    assert.equal(r.code, 1);
    assert.match(r.out, /^CONFIG_NET_SCH_TAPRIO = n {2}\(tristate; Linux 6\.1\.0-example, x86_64\)/);
    assert.match(r.out, /LOST: requested y, final n/);
    assert.match(r.out, /NET_SCHED = n\n\s+because the enclosing 'if' of NET_SCHED is not met/);
  });

  test('explain of an unknown symbol says so', async () => {
    const r = await run('explain', '--tree', linux, '--arch', 'x86_64', 'CONFIG_NO_SUCH_THING');
    assert.equal(r.code, 1);
    assert.match(r.out, /CONFIG_NO_SUCH_THING is not defined/);
  });
});

describe('kata-kconfig check on Kata and ptp4l files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-files-'));
  fs.writeFileSync(path.join(dir, 'configuration.toml'), '[hypervisor.dragonball]\nkernel = "/k"\nimage = "/i"\n\n[agent.kata]\ndial_timeout = 10\n');
  fs.writeFileSync(path.join(dir, 'ptp4l-eth0.cfg'), '[global]\nserverOnly 1\n');
  fs.writeFileSync(path.join(dir, 'switch.cfg'), '[global]\npriority1 = 1\ngmCapable 1\n');

  test('--kata-runtime chooses the runtime', async () => {
    const go = await run('check', '--no-path-check', '--kata-runtime', 'go', '--format', 'json', path.join(dir, 'configuration.toml'));
    const rs = await run('check', '--no-path-check', '--kata-runtime', 'runtime-rs', '--format', 'json', path.join(dir, 'configuration.toml'));
    assert.deepEqual(JSON.parse(go.out), [], 'the Go runtime reads dial_timeout');
    assert.deepEqual((JSON.parse(rs.out) as { code: string; line: number }[]).map((p) => `${p.line}:${p.code}`), ['6:kata-other-runtime-key']);
    assert.equal((await run('check', '--kata-runtime', 'java', dir)).code, 2);
  });

  test('--ptp4l-version chooses the linuxptp version; .cfg files are found by name or content', async () => {
    const old = await run('check', '--ptp4l-version', '3.1.1', '--format', 'json', path.join(dir, 'ptp4l-eth0.cfg'));
    assert.deepEqual((JSON.parse(old.out) as { code: string }[]).map((p) => p.code), ['ptp4l-option-other-version']);
    const now = await run('check', '--ptp4l-version', '4.2', '--format', 'json', path.join(dir, 'ptp4l-eth0.cfg'));
    assert.deepEqual(JSON.parse(now.out), []);
    const byContent = await run('check', '--ptp4l-version', '4.2', '--format', 'json', path.join(dir, 'switch.cfg'));
    assert.deepEqual((JSON.parse(byContent.out) as { code: string; line: number }[]).map((p) => `${p.line}:${p.code}`), ['2:ptp4l-malformed-value']);
    assert.equal((await run('check', '--ptp4l-version', 'latest', dir)).code, 2);
  });
});
