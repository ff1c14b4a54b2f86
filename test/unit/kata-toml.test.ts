// The position-keeping TOML reader (server/src/languages/kata/toml.ts): structure and spans, comments above
// keys, Kata's @PLACEHOLDER@ values, recovery after broken lines, and agreement with @iarna/toml (the parser
// that decides validity) on the values of files both accept.

import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import * as TOML from '@iarna/toml';
import { runtimeOfTemplate, templateStructure } from '../../server/src/languages/kata/schema/templates';
import { allEntries, readToml, type TomlValue } from '../../server/src/languages/kata/toml';

const KATA_LIKE = `# Copyright and a description of the file.

[hypervisor.qemu]
path = "/usr/bin/qemu-system-x86_64"
# The kernel the guest boots.
# Several lines of comment.
kernel = "/usr/share/kata-containers/vmlinux.container"
machine_type = 'q35'
default_vcpus = 1
default_memory = 2048
enable_iommu = false
kernel_params = ""
virtio_fs_extra_args = ["--thread-pool-size=1", "--announce-submounts"]
valid_hypervisor_paths = [
  "/usr/bin/qemu-system-x86_64", # the usual place
  "/opt/kata/bin/qemu-system-x86_64",
]

[agent.kata]
debug_console_enabled = true
kernel_modules = []

[runtime]
internetworking_model = "tcfilter"
experimental = []
"quoted.key" = 1.5
dotted.part = 0x1F
`;

/** A value as @iarna/toml gives it, for comparison. */
function plain(v: TomlValue): unknown {
  if (v.kind === 'array') return v.items!.map(plain);
  if (v.kind === 'inline-table') return Object.fromEntries(v.entries!.map((e) => [e.key.join('.'), plain(e.value)]));
  return v.value;
}

/** The document as nested objects, built from our entries. */
function asObject(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { entry } of allEntries(readToml(text))) {
    let node = out;
    for (const part of entry.path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[entry.path[entry.path.length - 1]] = plain(entry.value);
  }
  return out;
}

describe('TOML reader', () => {
  test('tables, keys and values with their spans', () => {
    const doc = readToml(KATA_LIKE);
    assert.deepEqual(doc.problems, []);
    assert.deepEqual(doc.tables.map((t) => t.path.join('.')), ['', 'hypervisor.qemu', 'agent.kata', 'runtime']);
    const qemu = doc.tables[1];
    assert.deepEqual(qemu.headerSpan, { start: { line: 2, column: 0 }, end: { line: 2, column: 17 } });
    assert.deepEqual(qemu.nameSpan, { start: { line: 2, column: 1 }, end: { line: 2, column: 16 } });
    const kernel = qemu.entries.find((e) => e.key[0] === 'kernel')!;
    assert.deepEqual(kernel.keySpan, { start: { line: 6, column: 0 }, end: { line: 6, column: 6 } });
    assert.deepEqual(kernel.value.span, { start: { line: 6, column: 9 }, end: { line: 6, column: 55 } });
    assert.equal(kernel.value.value, '/usr/share/kata-containers/vmlinux.container');
    assert.deepEqual(kernel.path, ['hypervisor', 'qemu', 'kernel']);
    const paths = qemu.entries.find((e) => e.key[0] === 'valid_hypervisor_paths')!;
    assert.equal(paths.value.kind, 'array');
    assert.deepEqual(paths.value.span, { start: { line: 13, column: 25 }, end: { line: 16, column: 1 } });
    assert.deepEqual(paths.value.items!.map((i) => i.span.start.line), [14, 15]);
    assert.equal(qemu.endLine, 17);
    const runtime = doc.tables[3];
    assert.deepEqual(runtime.entries.map((e) => [e.key, e.value.kind]), [
      [['internetworking_model'], 'string'],
      [['experimental'], 'array'],
      [['quoted.key'], 'float'],
      [['dotted', 'part'], 'integer'],
    ]);
  });

  test('the comment lines right above a key (a blank line in between cuts them off)', () => {
    const doc = readToml(KATA_LIKE);
    const qemu = doc.tables[1];
    assert.deepEqual(qemu.entries.find((e) => e.key[0] === 'kernel')!.comments, ['The kernel the guest boots.', 'Several lines of comment.']);
    assert.deepEqual(qemu.entries.find((e) => e.key[0] === 'path')!.comments, []);
    assert.deepEqual(readToml('# about a\n\nb = 1\n').tables[0].entries[0].comments, []);
  });

  test('agrees with @iarna/toml on the values of a valid file', () => {
    const samples = [
      KATA_LIKE,
      'a = "tab\\there \\u00e9 \\U0001F600"\nb = \'C:\\\\path\'\nc = """\nline one\nline two"""\nd = \'\'\'\nraw \\n\'\'\'\n',
      'n = [1, [2, 3], {x = 1, y = "z"}]\nf = -1_000.5e2\ng = +inf\nh = 0o17\ni = 0b101\nj = 1979-05-27T07:32:00Z\n',
      'e = """a \\\n    b"""\nq = """two ""quotes"" in"""\n',
    ];
    for (const text of samples) {
      const theirs = JSON.parse(JSON.stringify(TOML.parse(text), (_k, v) => (v instanceof Date ? v.toISOString() : v)));
      const ours = JSON.parse(JSON.stringify(asObject(text), (_k, v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? new Date(v).toISOString() : v)));
      assert.deepEqual(ours, theirs, text);
    }
  });

  test("Kata's @PLACEHOLDER@ values in templates, quoted or not", () => {
    const text = 'path = "@QEMUPATH@"\ndefault_vcpus = @DEFVCPUS@\nlist = [@A@, "@B@"]\n';
    const doc = readToml(text, { placeholders: true });
    assert.deepEqual(doc.problems, []);
    assert.deepEqual(readToml('[agent.@PROJECT_TYPE@]\nx = 1\n', { placeholders: true }).tables[1].path, ['agent', '@PROJECT_TYPE@']);
    assert.deepEqual(doc.tables[0].entries.map((e) => [e.key[0], e.value.kind, e.value.value]), [
      ['path', 'placeholder', '@QEMUPATH@'],
      ['default_vcpus', 'placeholder', '@DEFVCPUS@'],
      ['list', 'array', undefined],
    ]);
    // Without the option an unquoted placeholder is an error, as it is for TOML.
    assert.equal(readToml(text).problems.length, 2);
  });

  test('a broken line is reported at its place and the rest is still read', () => {
    const text = '[runtime]\nshared_fs = virtio-fs\nbad line\nname = "unclosed\n[hypervisor.qemu\nok = 1\narr = [1, 2\nlast = true\n';
    const doc = readToml(text);
    assert.deepEqual(
      doc.problems.map((p) => [p.span.start.line, p.message]),
      [
        [1, "'virtio-fs' is not a valid value (strings need quotes)"],
        [2, "expected '=' after the key 'bad'"],
        [3, 'a string is not closed on its line'],
        [4, "expected ']' to close the table header"],
        [7, "expected ',' or ']' in an array, found 'l'"],
      ],
    );
    // The unclosed header is dropped, so `ok` still belongs to [runtime]; `last` was swallowed by the array.
    assert.deepEqual(allEntries(doc).map(({ table, entry }) => `${table.path.join('.')}:${entry.key.join('.')}`), ['runtime:shared_fs', 'runtime:ok']);
  });

  test('never throws, whatever the input', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = ['[', ']', '[[', ']]', '"', "'", '"""', "'''", '=', ',', '{', '}', '#', '\n', '\r\n', ' ', 'a', '.', '@X@', '1', '\\', 'true', '-'];
    for (let i = 0; i < 3000; i++) {
      let text = '';
      const len = rand(60);
      for (let k = 0; k < len; k++) text += pieces[rand(pieces.length)];
      readToml(text, { placeholders: rand(2) === 0 });
    }
    readToml('a = ' + '['.repeat(10000));
    readToml('a = ' + '{b = '.repeat(10000));
  });

  test('a problem at the end of a line marks its last character, never one past the end (found by FUZZ_SEED=1:1)', () => {
    const text = 'name = "unclosed\nbad\n[t\nx = \n\n';
    const lines = text.split('\n');
    const doc = readToml(text);
    assert.deepEqual(
      doc.problems.map((p) => [p.span.start.line, p.span.start.column, p.span.end.column, p.message]),
      [
        [0, 15, 16, 'a string is not closed on its line'],
        [1, 2, 3, "expected '=' after the key 'bad'"],
        [2, 1, 2, "expected ']' to close the table header"],
        [3, 3, 4, 'expected a value'],
      ],
    );
    for (const p of doc.problems) assert.ok(p.span.end.column <= lines[p.span.end.line].length);
    // An empty line has no character to mark: the span is empty.
    assert.deepEqual(readToml('a = [\n').problems.map((p) => [p.span.start.line, p.span.start.column, p.span.end.column]), [[1, 0, 0]]);
  });
});

describe('Kata template structure', () => {
  test('tables, keys, kinds, values and placeholders of a template', () => {
    const text = [
      '# A made-up template in the shape of Kata\'s.',
      '[hypervisor.qemu]',
      'path = "@QEMUPATH@"',
      'rootfs_type = @DEFROOTFSTYPE@',
      'default_vcpus = 1',
      'kernel_params = "@KERNELPARAMS@ quiet"',
      'valid_hypervisor_paths = @QEMUVALIDHYPERVISORPATHS@',
      'virtio_fs_extra_args = ["--thread-pool-size=1", "@EXTRA@"]',
      '',
      '[agent.@PROJECT_TYPE@]',
      'debug_console_enabled = false',
      '',
      '[runtime]',
      'experimental = []',
      '',
    ].join('\n');
    const s = templateStructure(text);
    assert.deepEqual(s.problems, []);
    assert.deepEqual([...s.tables.keys()], ['hypervisor.qemu', 'agent.@PROJECT_TYPE@', 'runtime']);
    const qemu = s.tables.get('hypervisor.qemu')!;
    assert.deepEqual(Object.fromEntries([...qemu].map(([k, v]) => [k, [v.kind, v.value, v.placeholders, v.line]])), {
      path: ['placeholder', '@QEMUPATH@', ['QEMUPATH'], 3],
      rootfs_type: ['placeholder', '@DEFROOTFSTYPE@', ['DEFROOTFSTYPE'], 4],
      default_vcpus: ['integer', 1, [], 5],
      kernel_params: ['string', '@KERNELPARAMS@ quiet', ['KERNELPARAMS'], 6],
      valid_hypervisor_paths: ['placeholder', '@QEMUVALIDHYPERVISORPATHS@', ['QEMUVALIDHYPERVISORPATHS'], 7],
      virtio_fs_extra_args: ['array', ['--thread-pool-size=1', '@EXTRA@'], ['EXTRA'], 8],
    });
    assert.deepEqual(qemu.get('virtio_fs_extra_args')!.elementKinds, ['string', 'placeholder']);
    assert.deepEqual(s.tables.get('runtime')!.get('experimental')!.elementKinds, []);
  });

  test('the runtime a template belongs to, by its place in the tree', () => {
    assert.equal(runtimeOfTemplate('src/runtime/config/configuration-qemu.toml.in'), 'go');
    assert.equal(runtimeOfTemplate('/x/kata/src/runtime-rs/config/configuration-dragonball.toml.in'), 'rs');
    assert.equal(runtimeOfTemplate('tools/other/configuration.toml.in'), undefined);
  });
});
