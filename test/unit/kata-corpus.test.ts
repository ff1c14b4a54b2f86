// Kata configuration checks on whole files: every template Kata ships, as its build generates it for each
// architecture (values from the generated schema), gives no error; and a corpus of configurations, each
// with one mistake injected, gives exactly that problem at that line. Plus the user documents' setups.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeKata } from '../../server/src/languages/kata/analysis';
import { kataSchema } from '../../server/src/languages/kata/schema';
import type { KataTemplate } from '../../server/src/languages/kata/schema/types';
import { tomlLiteral } from '../../server/src/languages/kata/schema/templates';
import type { Problem } from '../../server/src/common/problem';

const noFiles = { read: () => undefined, exists: () => true, list: () => undefined };
const ARCH_OF: Record<string, string> = { amd64: 'x86_64', x86_64: 'x86_64', arm64: 'arm64', aarch64: 'arm64', s390x: 's390x', ppc64le: 'ppc64le', powerpc64le: 'ppc64le', riscv64: 'riscv64', riscv64gc: 'riscv64' };

/** A template's generated configuration on one architecture, written back as TOML (one table after another). */
function render(t: KataTemplate, arch: string): string {
  const values = { ...t.values, ...(t.archValues[arch] ?? {}) };
  const byTable = new Map<string, [string, unknown][]>();
  for (const [path, v] of Object.entries(values)) {
    const parts = path.split('.');
    const table = parts.slice(0, -1).join('.');
    if (!byTable.has(table)) byTable.set(table, []);
    byTable.get(table)!.push([parts[parts.length - 1], v]);
  }
  const lines = [`# kata-runtime: ${t.runtime}`];
  for (const [table, entries] of byTable) {
    if (table) lines.push('', `[${table}]`);
    for (const [k, v] of entries) lines.push(`${k} = ${tomlLiteral(v)}`);
  }
  return lines.join('\n') + '\n';
}

function check(text: string, name: string, arch = 'x86_64'): Problem[] {
  return analyzeKata({ file: `/corpus/${name}`, text, runtime: 'auto', arch, files: noFiles, checkPaths: false }).problems;
}

const errors = (ps: readonly Problem[]) => ps.filter((p) => p.severity === 'error');

/**
 * Errors Kata's own generated files really have. The IBM Z Secure Execution templates are generated for every
 * architecture, but only s390x boots without an image or initrd; elsewhere Kata itself refuses them
 * (Go: "Missing image and initrd path"; runtime-rs: "Both guest boot image and initrd for qemu are empty").
 */
function expectedErrors(t: KataTemplate, arch: string): string[] {
  if (/^configuration-qemu-se(-runtime-rs)?\.toml$/.test(t.installedName) && arch !== 's390x') return [`${arch}: kata-no-image-or-initrd`];
  return [];
}

describe('Kata templates as Kata generates them', () => {
  it('are all in the schema, for both runtimes', () => {
    assert.ok(kataSchema.templates.filter((t) => t.runtime === 'go').length >= 10);
    assert.ok(kataSchema.templates.filter((t) => t.runtime === 'rs').length >= 10);
  });
  for (const t of kataSchema.templates) {
    it(`${t.path}: no error on any architecture it ships for`, () => {
      for (const arch of t.arches) {
        const found = errors(check(render(t, arch), t.installedName, ARCH_OF[arch] ?? arch));
        assert.deepEqual(
          found.map((p) => `${arch}: ${p.code}`),
          expectedErrors(t, arch),
          found.map((p) => `${arch} line ${p.span.start.line + 1}: ${p.code}: ${p.message}`).join('\n'),
        );
      }
    });
  }
});

interface Mutation {
  readonly name: string;
  readonly code: string;
  /** Returns the new text and the 0-based line the problem must be on, or undefined when it does not apply. */
  apply(text: string, t: KataTemplate): { text: string; line: number } | undefined;
}

/** Replace the first line matching `re` (in the hypervisor table unless said otherwise). */
function replaceLine(re: RegExp, by: (line: string) => string) {
  return (text: string): { text: string; line: number } | undefined => {
    const lines = text.split('\n');
    const i = lines.findIndex((l) => re.test(l));
    if (i < 0) return undefined;
    lines[i] = by(lines[i]);
    return { text: lines.join('\n'), line: i };
  };
}

/** Add a line right after the header of the table whose name matches `re`. */
function addAfterHeader(re: RegExp, line: string) {
  return (text: string): { text: string; line: number } | undefined => {
    const lines = text.split('\n');
    const i = lines.findIndex((l) => re.test(l));
    if (i < 0) return undefined;
    lines.splice(i + 1, 0, line);
    return { text: lines.join('\n'), line: i + 1 };
  };
}

const HV = /^\[hypervisor\.[a-z]+\]$/;
const MUTATIONS: readonly Mutation[] = [
  { name: 'misspelled key', code: 'kata-unknown-key', apply: replaceLine(/^default_memory = /, (l) => l.replace('default_memory', 'default_memroy')) },
  { name: 'string for an integer', code: 'kata-type-mismatch', apply: replaceLine(/^default_memory = /, () => 'default_memory = "2048M"') },
  { name: 'negative unsigned', code: 'kata-value-out-of-range', apply: replaceLine(/^default_maxvcpus = /, () => 'default_maxvcpus = -1') },
  { name: 'quoted boolean', code: 'kata-type-mismatch', apply: replaceLine(/^enable_debug = (true|false)$/, (l) => l.replace(/= (\w+)$/, '= "$1"')) },
  { name: 'shared_fs spelled virtiofs', code: 'kata-invalid-value', apply: replaceLine(/^shared_fs = /, () => 'shared_fs = "virtiofs"') },
  { name: 'block driver typo', code: 'kata-invalid-value', apply: replaceLine(/^block_device_driver = /, () => 'block_device_driver = "virtio-blok"') },
  { name: 'internetworking_model bridged', code: 'kata-invalid-value', apply: replaceLine(/^internetworking_model = /, () => 'internetworking_model = "bridged"') },
  { name: 'emptydir_mode typo', code: 'kata-invalid-value', apply: replaceLine(/^emptydir_mode = /, () => 'emptydir_mode = "shared_fs"') },
  { name: 'agent key under the hypervisor', code: 'kata-key-in-wrong-table', apply: addAfterHeader(HV, 'debug_console_enabled = true') },
  { name: 'syntax error', code: 'kata-toml-syntax', apply: replaceLine(/^default_vcpus = /, () => 'default_vcpus = ') },
  {
    name: 'removed hotplug_vfio_on_root_bus',
    code: 'kata-renamed-key',
    apply: (text, t) => (t.runtime === 'go' ? addAfterHeader(HV, 'hotplug_vfio_on_root_bus = true')(text) : undefined),
  },
  {
    name: 'Go key in runtime-rs agent table',
    code: 'kata-other-runtime-key',
    apply: (text, t) => (t.runtime === 'rs' ? addAfterHeader(/^\[agent\.kata\]$/, 'dial_timeout = 45')(text) : undefined),
  },
  {
    name: 'runtime-rs key in Go agent table',
    code: 'kata-other-runtime-key',
    apply: (text, t) => (t.runtime === 'go' ? addAfterHeader(/^\[agent\.kata\]$/, 'dial_timeout_ms = 45000')(text) : undefined),
  },
  {
    name: 'Go experimental feature',
    code: 'kata-invalid-value',
    apply: (text, t) => (t.runtime === 'go' ? replaceLine(/^experimental = /, () => 'experimental = ["newstore"]')(text) : undefined),
  },
  {
    name: 'disable_new_netns with tcfilter',
    code: 'kata-disable-new-netns-needs-none',
    apply: (text, t) => (t.runtime === 'go' && /internetworking_model = "tcfilter"/.test(text) ? replaceLine(/^disable_new_netns = /, () => 'disable_new_netns = true')(text) : undefined),
  },
  { name: 'virtio_fs_cache none', code: 'kata-deprecated-value', apply: replaceLine(/^virtio_fs_cache = /, () => 'virtio_fs_cache = "none"') },
  {
    name: 'legacy -o xattr',
    code: 'kata-virtiofsd-legacy-arg',
    apply: (text) => (/^shared_fs = "virtio-fs"$/m.test(text) ? replaceLine(/^virtio_fs_extra_args = /, () => 'virtio_fs_extra_args = ["-o", "cache=none"]')(text) : undefined),
  },
  {
    name: 'a directory as a daemon argument',
    code: 'kata-virtiofsd-bad-arg',
    apply: (text) => (/^shared_fs = "virtio-fs"$/m.test(text) ? replaceLine(/^virtio_fs_extra_args = /, () => 'virtio_fs_extra_args = ["--thread-pool-size=1", "/opt/kata-instance"]')(text) : undefined),
  },
  {
    name: 'both hot and cold plug ports',
    code: 'kata-vfio-hot-and-cold-plug',
    apply: (text, t) =>
      t.runtime === 'go' && t.hypervisor === 'qemu' && /^cold_plug_vfio = "no-port"$/m.test(text) && /^hot_plug_vfio = /m.test(text)
        ? (() => {
            const a = replaceLine(/^cold_plug_vfio = /, () => 'cold_plug_vfio = "root-port"')(text)!;
            return replaceLine(/^hot_plug_vfio = /, () => 'hot_plug_vfio = "bridge-port"')(a.text);
          })()
        : undefined,
  },
  { name: 'unknown hypervisor', code: 'kata-unknown-hypervisor', apply: replaceLine(HV, (l) => l.replace(/\.([a-z]+)\]/, '.$1x]')) },
];

describe('Kata configurations with one injected mistake', () => {
  let cases = 0;
  for (const t of kataSchema.templates) {
    const arch = t.arches[0];
    const base = render(t, arch);
    const kernelArch = ARCH_OF[arch] ?? arch;
    const before = check(base, t.installedName, kernelArch);
    for (const m of MUTATIONS) {
      const mutated = m.apply(base, t);
      if (!mutated) continue;
      cases++;
      it(`${t.installedName} (${arch}): ${m.name} gives ${m.code} at line ${mutated.line + 1}`, () => {
        const after = check(mutated.text, t.installedName, kernelArch);
        // What is new: problems of the mutated file not in the base file (same code and message).
        const pool = before.map((p) => `${p.code}\0${p.message}`);
        const fresh = after.filter((p) => {
          const i = pool.indexOf(`${p.code}\0${p.message}`);
          if (i >= 0) pool.splice(i, 1);
          return i < 0 && p.severity !== 'hint';
        });
        assert.deepEqual(
          fresh.map((p) => `${p.code}@${p.span.start.line}`),
          [`${m.code}@${mutated.line}`],
          fresh.map((p) => `${p.span.start.line + 1}: ${p.code}: ${p.message}`).join('\n'),
        );
      });
    }
  }
  it('has at least 100 cases', () => {
    assert.ok(cases >= 100, `only ${cases} cases`);
    console.log(`# kata corpus: ${cases} single-mistake configurations`);
  });
});
