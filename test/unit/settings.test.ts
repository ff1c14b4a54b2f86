// Settings have one home: package.json declares them, settings.ts reads them, and the two must agree.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  defaultCacheDirectory,
  hostArch,
  readSettings,
  resolveSettingPath,
  settingSpecs,
  SETTINGS_SECTION,
  shellAllowed,
  type SettingSpec,
} from '../../server/src/settings';

interface Declared {
  type?: string;
  default?: unknown;
  enum?: unknown[];
  enumDescriptions?: unknown[];
  enumItemLabels?: unknown[];
  description?: string;
  markdownDescription?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const declared: Record<string, Declared> = manifest.contributes.configuration.properties;
const specs: SettingSpec[] = Object.values(settingSpecs);

describe('settings declared in package.json and read by settings.ts', () => {
  it('are the same set of keys', () => {
    const inManifest = Object.keys(declared).sort();
    const inCode = specs.map((s) => `${SETTINGS_SECTION}.${s.key}`).sort();
    assert.deepEqual(inManifest, inCode);
  });

  for (const spec of specs) {
    const key = `${SETTINGS_SECTION}.${spec.key}`;
    it(`${key} has the same type, default and choices on both sides`, () => {
      const d = declared[key];
      assert.ok(d, `${key} is read by settings.ts but not declared in package.json`);
      assert.equal(d.type, spec.type === 'enum' ? 'string' : spec.type);
      assert.deepEqual(d.default, spec.default);
      if (spec.type === 'enum') {
        assert.deepEqual(d.enum, [...spec.values]);
        if (d.enumDescriptions) assert.equal(d.enumDescriptions.length, spec.values.length, 'one description per choice');
        if (d.enumItemLabels) assert.equal(d.enumItemLabels.length, spec.values.length, 'one label per choice');
      } else {
        assert.equal(d.enum, undefined);
      }
      const text = d.markdownDescription ?? d.description ?? '';
      assert.ok(text.length >= 20, `${key} needs a description people can act on`);
    });
  }

  it('are all listed in the README', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    assert.deepEqual(Object.keys(declared).filter((key) => !readme.includes(`| \`${key}\` |`)), []);
  });

  it('reading nothing gives every default', () => {
    const s = readSettings(undefined, { homedir: '/home/u', env: {}, host: { arch: 'arm64', platform: 'linux' } });
    assert.deepEqual(s, {
      kernelTree: undefined,
      arch: 'arm64',
      kataCheckout: undefined,
      kernel: { confidential: false, gpuVendor: undefined, debug: false },
      kconfig: { shell: 'trusted' },
      kata: { runtime: 'auto', tomlSyntax: 'auto' },
      ptp4l: {},
      cacheDirectory: '/home/u/.cache/kata-guest-toolkit',
      trace: { server: 'off' },
      tasks: { hypervisor: undefined, kernelVersion: undefined, distro: 'ubuntu', agentInit: false, asset: 'kernel', suite: 'cri-containerd' },
    });
  });
});

describe('readSettings', () => {
  const base = { homedir: '/home/u', env: { KERNELS: '/srv/kernels' }, host: { arch: 'x64', platform: 'linux' } } as const;

  it('reads nested and flat keys, and the section or a whole settings object', () => {
    const nested = readSettings({ kernel: { confidential: true, gpuVendor: 'intel' }, kconfig: { shell: 'never' } }, base);
    assert.equal(nested.kernel.confidential, true);
    assert.equal(nested.kernel.gpuVendor, 'intel');
    // A vendor build-kernel.sh's -g does not take (older versions of this setting offered "amd") falls back to none.
    assert.equal(readSettings({ kernel: { gpuVendor: 'amd' } }, base).kernel.gpuVendor, undefined);
    assert.equal(nested.kconfig.shell, 'never');
    const flat = readSettings({ 'kernel.debug': true, 'trace.server': 'verbose' }, base);
    assert.equal(flat.kernel.debug, true);
    assert.equal(flat.trace.server, 'verbose');
    const whole = readSettings({ kataToolkit: { arch: 'ppc64le' }, editor: { tabSize: 2 } }, base);
    assert.equal(whole.arch, 'ppc64le');
  });

  it('replaces each bad value by its default with one warning naming the setting, and never throws', () => {
    const warnings: string[] = [];
    const s = readSettings(
      {
        kernelTree: 42,
        arch: 'sparc64',
        kernel: { confidential: 'yes', gpuVendor: ['nvidia'], debug: null },
        kconfig: { shell: 'always' },
        cacheDirectory: { path: '/x' },
        trace: 'verbose',
      },
      { ...base, warn: (m) => warnings.push(m) },
    );
    assert.equal(s.kernelTree, undefined);
    assert.equal(s.arch, 'x86_64');
    assert.equal(s.kernel.confidential, false);
    assert.equal(s.kernel.gpuVendor, undefined);
    assert.equal(s.kernel.debug, false);
    assert.equal(s.kconfig.shell, 'trusted');
    assert.equal(s.cacheDirectory, '/home/u/.cache/kata-guest-toolkit');
    assert.equal(s.trace.server, 'off');
    const named = (key: string): boolean => warnings.some((w) => w.startsWith(`kataToolkit.${key} `));
    for (const key of ['kernelTree', 'arch', 'kernel.confidential', 'kernel.gpuVendor', 'kconfig.shell', 'cacheDirectory']) {
      assert.ok(named(key), `no warning for ${key}: ${warnings.join(' | ')}`);
    }
    assert.ok(!named('kernel.debug'), 'null means "not set", not a mistake');
    for (const junk of [null, 7, 'text', [], [1, 2], () => 1]) readSettings(junk, base);
  });

  it('accepts the other common spellings of an architecture', () => {
    assert.equal(readSettings({ arch: 'aarch64' }, base).arch, 'arm64');
    assert.equal(readSettings({ arch: 'amd64' }, base).arch, 'x86_64');
    assert.equal(readSettings({ arch: 'ppc64el' }, base).arch, 'ppc64le');
    assert.equal(readSettings({ arch: ' s390x ' }, base).arch, 's390x');
  });

  it('takes the default architecture from the host', () => {
    assert.equal(hostArch({ host: { arch: 'x64' } }), 'x86_64');
    assert.equal(hostArch({ host: { arch: 'arm64' } }), 'arm64');
    assert.equal(hostArch({ host: { arch: 's390x' } }), 's390x');
    assert.equal(hostArch({ host: { arch: 'ppc64', endianness: 'LE' } }), 'ppc64le');
    assert.equal(hostArch({ host: { arch: 'riscv64' } }), 'riscv64');
    assert.equal(hostArch({ host: { arch: 'mips' } }), 'x86_64');
  });

  it('expands and resolves paths against the workspace folder', () => {
    const opts = { ...base, folder: '/ws' };
    assert.equal(readSettings({ kernelTree: '~/src/linux' }, opts).kernelTree, '/home/u/src/linux');
    assert.equal(readSettings({ kernelTree: 'linux' }, opts).kernelTree, '/ws/linux');
    assert.equal(readSettings({ kernelTree: '${workspaceFolder}/../linux' }, opts).kernelTree, '/linux');
    assert.equal(readSettings({ kataCheckout: '${env:KERNELS}/kata' }, opts).kataCheckout, '/srv/kernels/kata');
    assert.equal(readSettings({ cacheDirectory: '${userHome}/c' }, opts).cacheDirectory, '/home/u/c');
    assert.equal(readSettings({ kernelTree: '   ' }, opts).kernelTree, undefined);
    assert.equal(resolveSettingPath('rel', { homedir: '/home/u' }), '/home/u/rel');
  });

  it('follows the OS convention for the cache directory', () => {
    assert.equal(
      defaultCacheDirectory({ homedir: '/home/u', env: { XDG_CACHE_HOME: '/xdg' }, host: { platform: 'linux' } }),
      '/xdg/kata-guest-toolkit',
    );
    assert.equal(
      defaultCacheDirectory({ homedir: '/Users/u', env: {}, host: { platform: 'darwin' } }),
      '/Users/u/Library/Caches/kata-guest-toolkit',
    );
  });

  it('lets $(shell,...) run only when the policy allows and the workspace is trusted', () => {
    const trustedPolicy = readSettings({}, base);
    const never = readSettings({ kconfig: { shell: 'never' } }, base);
    assert.equal(shellAllowed(trustedPolicy, true), true);
    assert.equal(shellAllowed(trustedPolicy, false), false);
    assert.equal(shellAllowed(never, true), false);
  });
});
