// Which fragments build-kernel.sh merges, in which order. The expected lists below were produced by running
// Kata's own get_kernel_frag_path (kata-containers 7c6ba40c) over a copy of test/fixtures/kata-checkout with
// LC_ALL=C and a merge_config.sh stub that recorded its arguments.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  assembleFragmentSet,
  detectScriptTraits,
  findKataKernelDir,
  kataVersionsFile,
  parseKataVersions,
  pinnedKernelVersion,
  sortBytewise,
  type FragmentSet,
  type KataBuildOptions,
  type ReadonlyFileSystem,
} from '../../server/src/languages/kconfig/kata';

const fixture = path.resolve(__dirname, '../../../test/fixtures/kata-checkout');
const kernelDir = path.join(fixture, 'tools/packaging/kernel');
const fragmentsDir = path.join(kernelDir, 'configs/fragments');

function relative(set: FragmentSet): string[] {
  return set.fragments.map((f) => path.relative(fragmentsDir, f));
}

function codes(set: FragmentSet): string[] {
  return set.problems.map((p) => p.code).sort();
}

const commonX86 = [
  'common/Zeta.conf', // upper case first: byte order
  'common/acpi.conf',
  'common/arm-only.conf',
  'common/base.conf',
  'common/mmu.conf',
  'common/net-extra.conf', // '-' (0x2d) sorts before '.' (0x2e)
  'common/net.conf',
];

test('plain x86_64: common/*.conf in byte order, then x86_64/*.conf', () => {
  const set = assembleFragmentSet(fixture, { arch: 'x86_64' });
  assert.deepEqual(relative(set), [...commonX86, 'common/virtio-rng.conf', 'x86_64/base.conf', 'x86_64/pci.conf']);
  assert.equal(set.kernelArch, 'x86_64');
  assert.equal(set.kernelDir, kernelDir);
  assert.deepEqual(set.excluded, []);
  assert.equal(set.stops, false);
  assert.equal(set.checksNotInFinal, true);
  // .hidden.conf and notes.txt never count; nested directories of common/ are not globbed.
  assert.ok(!set.fragments.some((f) => f.includes('.hidden') || f.includes('notes') || f.includes('confidential_containers')));
  assert.deepEqual(
    set.entries.map((e) => e.group),
    [...commonX86.map(() => 'common'), 'common', 'arch', 'arch'],
  );
});

test('a tag build-kernel.sh never greps for is reported, with the likely spelling', () => {
  const set = assembleFragmentSet(fixture, { arch: 'x86_64' });
  const tag = set.problems.find((p) => p.code === 'kata-fragment-unknown-tag');
  assert.ok(tag);
  assert.equal(tag.file, path.join(fragmentsDir, 'common/arm-only.conf'));
  assert.deepEqual(tag.span, { start: { line: 0, column: 2 }, end: { line: 0, column: 10 } });
  assert.match(tag.message, /"!aarch64" never excludes/);
  assert.equal(tag.fixes?.[0].edits[0].newText, '!arm64');
  // "!s390x" and "#!powerpc" are fine: the script greps for "!s390" and "!powerpc" as substrings.
  assert.equal(set.problems.filter((p) => p.code === 'kata-fragment-unknown-tag').length, 1);
});

test('everything on: gpu, -m, -x, signing, debug, in the script order', () => {
  const set = assembleFragmentSet(fixture, {
    arch: 'x86_64',
    confidential: true,
    gpuVendor: 'nvidia',
    measuredRootfs: true,
    moduleSigning: true,
    debug: true,
  });
  assert.deepEqual(relative(set), [
    ...commonX86,
    'x86_64/base.conf',
    'x86_64/pci.conf',
    'gpu/nvidia.x86_64.conf.in',
    'common/confidential_containers/cryptsetup.conf',
    'x86_64/confidential/snp.conf',
    'x86_64/confidential/tdx.conf',
    'common/confidential_containers/tmpfs.conf',
    'common/signing/module_signing.conf',
    'debug/debug.conf',
  ]);
  const gpu = set.entries.find((e) => e.group === 'gpu');
  assert.deepEqual(gpu?.template, { variables: ['CONF_GUEST_SUFFIX'] });
  assert.deepEqual(
    set.excluded.map((e) => [path.basename(e.file), e.reason]),
    [['virtio-rng.conf', 'contains "!confidential" (confidential guest build, -x)']],
  );
  assert.deepEqual(set.excluded[0].span, { start: { line: 0, column: 2 }, end: { line: 0, column: 15 } });
  // A tag outside common/ is ignored by the script.
  const ignored = set.problems.find((p) => p.code === 'kata-fragment-tag-ignored');
  assert.equal(ignored?.file, path.join(fragmentsDir, 'x86_64/confidential/snp.conf'));
  assert.equal(set.stops, false);
});

test('s390x: "!s390x" excludes for s390; a missing confidential directory is silently skipped by the script', () => {
  const set = assembleFragmentSet(fixture, { arch: 's390x', confidential: true });
  assert.equal(set.kernelArch, 's390');
  assert.deepEqual(relative(set), [
    'common/Zeta.conf',
    'common/arm-only.conf',
    'common/base.conf',
    'common/mmu.conf',
    'common/net-extra.conf',
    'common/net.conf',
    's390/base.conf',
    'common/confidential_containers/tmpfs.conf',
  ]);
  assert.deepEqual(set.excluded.map((e) => path.basename(e.file)), ['acpi.conf', 'virtio-rng.conf']);
  assert.match(set.excluded[0].reason, /"!s390"/);
  const missing = set.problems.find((p) => p.code === 'kata-fragment-missing-dir');
  assert.equal(missing?.severity, 'warning');
  assert.equal(missing?.file, path.join(fragmentsDir, 's390/confidential'));
  assert.equal(set.stops, false);
});

test('ppc64le: kernel name powerpc, "#!powerpc" with no space counts', () => {
  const set = assembleFragmentSet(fixture, { arch: 'ppc64le' });
  assert.equal(set.kernelArch, 'powerpc');
  assert.deepEqual(relative(set), [
    'common/Zeta.conf',
    'common/arm-only.conf',
    'common/base.conf',
    'common/net-extra.conf',
    'common/net.conf',
    'common/virtio-rng.conf',
    'powerpc/base.conf',
  ]);
  assert.deepEqual(set.excluded.map((e) => path.basename(e.file)), ['acpi.conf', 'mmu.conf']);
});

test('-e -t dragonball: build-type/dragonball-experimental, recursive, with a note that find order is the disk\'s', () => {
  const set = assembleFragmentSet(fixture, { arch: 'aarch64', confidential: true, experimental: true, hypervisor: 'dragonball' });
  assert.deepEqual(relative(set), [
    ...commonX86,
    'arm64/base.conf',
    'build-type/dragonball-experimental/extra/nested.conf',
    'build-type/dragonball-experimental/mm.conf',
    'build-type/dragonball-experimental/upcall.conf',
    'arm64/confidential/cca.conf',
    'common/confidential_containers/tmpfs.conf',
  ]);
  assert.ok(set.problems.some((p) => p.code === 'kata-fragment-order-unspecified' && p.severity === 'hint'));
  // versions.yaml writes `version: 6.10` unquoted; yq prints it as written, not as the number 6.1.
  assert.equal(set.kernelVersion, '6.10');
  assert.equal(set.kernelVersionSource, 'versions.yaml assets.kernel-dragonball-experimental.version');
});

test('-e without dragonball stops: there is no build-type/experimental', () => {
  const set = assembleFragmentSet(fixture, { arch: 'x86_64', experimental: true });
  assert.equal(set.stops, true);
  const p = set.problems.find((q) => q.code === 'kata-fragment-missing-dir' && q.severity === 'error');
  assert.match(p?.message ?? '', /No config fragments dir for experimental/);
});

test('a build type with no fragments stops the script', () => {
  const set = assembleFragmentSet(fixture, { arch: 'x86_64', buildType: 'no-fragments' });
  assert.equal(set.stops, true);
  assert.ok(set.problems.some((p) => p.code === 'kata-fragment-empty-dir' && p.severity === 'error'));
});

test('-g intel needs gpu/intel.x86_64.conf.in; gpu/intel.conf is never merged', () => {
  const set = assembleFragmentSet(fixture, { arch: 'x86_64', gpuVendor: 'intel' });
  assert.equal(set.stops, true);
  const p = set.problems.find((q) => q.code === 'kata-fragment-missing-file');
  assert.match(p?.message ?? '', /gpu\/intel\.x86_64\.conf\.in, which does not exist \(gpu\/ has intel\.conf/);
  assert.ok(!set.fragments.some((f) => f.includes('gpu/')));
});

test('an unknown GPU vendor or architecture stops the script', () => {
  assert.ok(assembleFragmentSet(fixture, { arch: 'x86_64', gpuVendor: 'amd' }).problems.some((p) => p.code === 'kata-fragment-unknown-gpu-vendor'));
  const mips = assembleFragmentSet(fixture, { arch: 'mips' });
  assert.equal(mips.stops, true);
  assert.deepEqual(codes(mips), ['kata-fragment-unknown-arch']);
  assert.deepEqual(mips.fragments, []);
});

test('no fragment directory for the arch: the script falls back to a whole config file', () => {
  const set = assembleFragmentSet(fixture, { arch: 'riscv64' });
  assert.equal(set.kernelArch, 'riscv');
  assert.deepEqual(set.fragments, []);
  const p = set.problems.find((q) => q.code === 'kata-fragment-missing-dir');
  assert.equal(p?.severity, 'error');
  assert.match(p?.message ?? '', /riscv_kata_kvm_6\.6\.x/);
  assert.equal(set.stops, true);
});

test('whitelists: whitelist.conf, then whitelist-<version>.conf when it exists', () => {
  const plain = assembleFragmentSet(fixture, { arch: 'x86_64' });
  assert.equal(plain.kernelVersion, '6.6.40');
  assert.equal(plain.kernelVersionSource, 'versions.yaml assets.kernel.version');
  assert.deepEqual(plain.whitelistFiles.map((f) => path.basename(f)), ['whitelist.conf', 'whitelist-6.6.40.conf']);

  const other = assembleFragmentSet(fixture, { arch: 'x86_64', kernelVersion: 'v6.1.0' });
  assert.equal(other.kernelVersion, '6.1.0');
  assert.equal(other.kernelVersionSource, '-v');
  assert.deepEqual(other.whitelistFiles.map((f) => path.basename(f)), ['whitelist.conf']);

  // -x without -v: the script's own key is missing; kata-deploy passes -v from the flavour's key.
  const nvidia = assembleFragmentSet(fixture, { arch: 'x86_64', confidential: true, gpuVendor: 'nvidia' });
  assert.equal(nvidia.kernelVersion, '6.12.9');
  assert.match(nvidia.kernelVersionSource ?? '', /assets\.kernel\.nvidia\.version/);
  assert.ok(nvidia.problems.some((p) => p.code === 'kata-versions-missing-key' && p.severity === 'information'));
});

test('-s switches the check off; -c skips the fragments', () => {
  assert.equal(assembleFragmentSet(fixture, { arch: 'x86_64', skipConfigChecks: true }).checksNotInFinal, false);
  const own = assembleFragmentSet(fixture, { arch: 'x86_64', configFile: 'my.config' });
  assert.deepEqual(own.fragments, []);
  assert.equal(own.configFile, path.join(fixture, 'my.config'));
  assert.equal(own.checksNotInFinal, false);
});

test('findKataKernelDir works from the checkout, from inside it, and fails outside', () => {
  assert.equal(findKataKernelDir(fixture), kernelDir);
  assert.equal(findKataKernelDir(path.join(fragmentsDir, 'common', 'base.conf')), kernelDir);
  assert.equal(findKataKernelDir(fragmentsDir), kernelDir);
  assert.equal(findKataKernelDir('/'), undefined);
  const none = assembleFragmentSet('/', { arch: 'x86_64' });
  assert.deepEqual(codes(none), ['kata-kernel-dir-not-found']);
  assert.equal(kataVersionsFile(kernelDir), path.join(fixture, 'versions.yaml'));
  assert.equal(kataVersionsFile('/old/packaging/kernel'), undefined);
});

/** An in-memory file system: keys are file paths, values their text; directories are implied. */
function memoryFs(files: Record<string, string>): ReadonlyFileSystem {
  return {
    read: (p) => files[p],
    list: (dir) => {
      const prefix = dir.endsWith('/') ? dir : `${dir}/`;
      const names = new Set<string>();
      for (const f of Object.keys(files)) if (f.startsWith(prefix)) names.add(f.slice(prefix.length).split('/')[0]);
      return names.size > 0 ? [...names] : undefined;
    },
  };
}

test('order is UTF-8 byte order (the C locale), not JavaScript\'s UTF-16 order', () => {
  const k = '/ck/tools/packaging/kernel/configs/fragments';
  const fs = memoryFs({
    [`${k}/whitelist.conf`]: '',
    [`${k}/common/\uff61.conf`]: 'CONFIG_A=y\n', // U+FF61: UTF-8 EF BD A1, UTF-16 FF61
    [`${k}/common/\u{1F600}.conf`]: 'CONFIG_B=y\n', // U+1F600: UTF-8 F0 9F 98 80, UTF-16 D83D DE00
    [`${k}/common/b.conf`]: 'CONFIG_C=y\n',
    [`${k}/x86_64/a.conf`]: 'CONFIG_D=y\n',
  });
  const set = assembleFragmentSet('/ck', { arch: 'x86_64' }, fs);
  assert.deepEqual(set.fragments.map((f) => path.basename(f)), ['b.conf', '\uff61.conf', '\u{1F600}.conf', 'a.conf']);
  assert.notDeepEqual(['\uff61', '\u{1F600}'].sort(), sortBytewise(['\uff61', '\u{1F600}']));
});

test('a checkout path with a space breaks the unquoted fragment list', () => {
  const k = '/my kata/tools/packaging/kernel/configs/fragments';
  const fs = memoryFs({ [`${k}/whitelist.conf`]: '', [`${k}/common/a.conf`]: '', [`${k}/x86_64/a.conf`]: '' });
  const set = assembleFragmentSet('/my kata', { arch: 'x86_64' }, fs);
  assert.ok(set.problems.some((p) => p.code === 'kata-fragment-path-has-space'));
  assert.equal(set.stops, true);
});

test('a missing whitelist.conf switches the check off (grep fails, the script ignores it)', () => {
  const k = '/ck/tools/packaging/kernel/configs/fragments';
  const fs = memoryFs({ [`${k}/common/a.conf`]: '', [`${k}/x86_64/a.conf`]: '' });
  const set = assembleFragmentSet('/ck', { arch: 'x86_64' }, fs);
  assert.deepEqual(set.whitelistFiles, []);
  assert.ok(set.problems.some((p) => p.code === 'kata-whitelist-missing' && p.severity === 'error'));
});

test('older scripts are recognised from their text', () => {
  // A 2024-style script: -x takes no type, "!<arch>" only, -D for DPUs, initramfs with -m.
  const script2024 = [
    'while getopts "a:b:c:dD:eEfg:hH:k:mp:st:u:v:x" opt; do',
    'local common_configs="$(grep "\\!${arch}" ${common_path}/*.conf -L)"',
    'build_type_dir=$(readlink -m "${arch_path}/../build-type/${build_type}")',
    'local gpu_subst_configs="${gpu_path}/${gpu_vendor}.${arch_target}.conf.in"',
    'local dpu_configs="${dpu_path}/${dpu_vendor}.conf"',
    'cryptsetup_configs="$(ls ${common_path}/confidential_containers/cryptsetup.conf)"',
    'initramfs_configs="$(ls ${common_path}/confidential_containers/initramfs.conf)"',
  ].join('\n');
  const traits = detectScriptTraits(script2024);
  assert.equal(traits.tagExclusion, 'arch');
  assert.equal(traits.dpu, true);
  assert.equal(traits.tmpfs, false);
  assert.equal(traits.versionedWhitelist, false);
  assert.equal(traits.debug, 'none');

  const k = '/old/tools/packaging/kernel';
  const f = `${k}/configs/fragments`;
  const fs = memoryFs({
    [`${k}/build-kernel.sh`]: script2024,
    [`${f}/whitelist.conf`]: '',
    [`${f}/whitelist-6.1.0.conf`]: '',
    [`${f}/common/a.conf`]: '# !confidential\n',
    [`${f}/common/confidential_containers/cryptsetup.conf`]: '',
    [`${f}/common/confidential_containers/initramfs.conf`]: '',
    [`${f}/common/confidential_containers/tmpfs.conf`]: '',
    [`${f}/x86_64/a.conf`]: '',
    [`${f}/x86_64/confidential/tdx.conf`]: '',
    [`${f}/dpu/nvidia.conf`]: '',
  });
  const set = assembleFragmentSet('/old', { arch: 'x86_64', confidential: true, measuredRootfs: true, dpuVendor: 'nvidia', kernelVersion: '6.1.0' }, fs);
  assert.deepEqual(
    set.fragments.map((p) => path.relative(f, p)),
    [
      'common/a.conf', // "!confidential" meant nothing before 2025-05
      'x86_64/a.conf',
      'dpu/nvidia.conf',
      'common/confidential_containers/cryptsetup.conf',
      'common/confidential_containers/initramfs.conf',
      'x86_64/confidential/tdx.conf',
    ],
  );
  assert.deepEqual(set.whitelistFiles.map((p) => path.basename(p)), ['whitelist.conf']);

  // Today's script has no -D.
  const today = memoryFs({
    [`${k}/build-kernel.sh`]: 'while getopts "a:b:c:defg:hH:k:mp:r:st:u:v:x" opt; do\nexclude_tags\n',
    [`${f}/whitelist.conf`]: '',
    [`${f}/common/a.conf`]: '',
    [`${f}/x86_64/a.conf`]: '',
  });
  const dpu = assembleFragmentSet('/old', { arch: 'x86_64', dpuVendor: 'nvidia' }, today);
  assert.ok(dpu.problems.some((p) => p.code === 'kata-build-option-unsupported' && /-D/.test(p.message)));
  assert.equal(dpu.stops, true);
});

test('versions.yaml: flavours, fallbacks, and numbers kept as written', () => {
  const text = [
    'assets:',
    '  kernel:',
    '    version: "v6.6.40"',
    '    nvidia:',
    '      version: "v6.12.9"',
    '  kernel-dragonball-experimental:',
    '    version: 6.10',
    '  kernel-arm-experimental:',
    '    version: ~',
  ].join('\n');
  const versions = parseKataVersions('/v/versions.yaml', text);
  assert.deepEqual(versions.problems, []);
  const kernel = pinnedKernelVersion(versions, 'kernel');
  assert.equal(kernel.pin?.value, 'v6.6.40');
  assert.equal(kernel.pin?.version, '6.6.40');
  assert.deepEqual(kernel.pin?.span, { start: { line: 2, column: 13 }, end: { line: 2, column: 22 } });
  assert.equal(pinnedKernelVersion(versions, 'nvidia-gpu').pin?.version, '6.12.9');
  assert.equal(pinnedKernelVersion(versions, 'dragonball').pin?.version, '6.10');

  const confidential = pinnedKernelVersion(versions, 'confidential');
  assert.equal(confidential.pin?.key, 'assets.kernel.version');
  assert.ok(confidential.fallback);
  assert.deepEqual(confidential.problems.map((p) => [p.code, p.severity]), [['kata-versions-fallback', 'information']]);

  const arm = pinnedKernelVersion(versions, 'arm-experimental');
  assert.equal(arm.pin, undefined);
  assert.deepEqual(arm.problems.map((p) => p.code), ['kata-versions-missing-key']);

  assert.deepEqual(pinnedKernelVersion(versions, 'no-such').problems.map((p) => p.code), ['kata-versions-unknown-flavour']);
});

test('versions.yaml: older layouts (TEE kernels) still resolve', () => {
  const versions = parseKataVersions(
    'v',
    'assets:\n  kernel:\n    version: "v5.19.2"\n    sev:\n      version: "v5.19.2"\n    tdx:\n      tag: "5.15-plus-TDX"\n  kernel-experimental:\n    tag: "v5.13.10"\n',
  );
  assert.equal(pinnedKernelVersion(versions, 'tdx').pin?.value, '5.15-plus-TDX');
  assert.equal(pinnedKernelVersion(versions, 'sev').pin?.version, '5.19.2');
  assert.equal(pinnedKernelVersion(versions, 'experimental').pin?.version, '5.13.10');
});

test('versions.yaml: broken input gives problems, never an exception', () => {
  const broken = parseKataVersions('v', 'assets:\n  kernel:\n    version: "v1"\n    version: "v2"\n  x: [\n');
  assert.ok(broken.problems.some((p) => p.code === 'kata-versions-syntax' && p.severity === 'error'));
  for (const garbage of ['\u0000\u0001\u0002', ': : :', '- a\n- b', 'assets: 3', 'assets:\n  kernel: [1, 2]', '&a [*a]', '']) {
    const v = parseKataVersions('v', garbage);
    pinnedKernelVersion(v, 'kernel');
  }
});

test('the fixture checkout itself needs no other problems than the ones it was built to show', () => {
  const set = assembleFragmentSet(fixture, { arch: 'x86_64' } satisfies KataBuildOptions);
  assert.deepEqual(codes(set), ['kata-fragment-unknown-tag']);
});
