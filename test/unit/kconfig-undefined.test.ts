// References to symbols no Kconfig file defines (checks/undefinedSymbols.ts), the way the kernel's
// scripts/checkkconfigsymbols.py finds them: by the `config` lines of the whole tree.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { kconfigDefinitionsInTree, symbolsDefinedIn, undefinedReferences } from '../../server/src/languages/kconfig/checks/undefinedSymbols';

const TEXT = `config A
\tbool "a" if COND_MISSING
\tdepends on B && (GONE || !A) # NOT_A_REF in a comment
\tselect C if ALSO_GONE
\tdefault "NOT_REF" if B
\tdefault $(shell,echo MACRO_WORD)
\trange 0x10 LIMIT
\thelp
\t  HELP_WORD is not a reference.
menuconfig B
\tbool "b"
\tdefault y if m
config C
\tint "c"
\tdefault 42
`;

describe('undefined symbols', () => {
  test('words of conditions, selects, defaults and ranges that nothing defines', () => {
    const defined = new Set(symbolsDefinedIn(TEXT));
    assert.deepEqual([...defined], ['A', 'B', 'C']);
    const found = undefinedReferences('/t/Kconfig', TEXT, defined).map((p) => `${p.span.start.line}:${p.span.start.column} ${p.message.split(' ')[0]}`);
    assert.deepEqual(found, ['1:13 COND_MISSING', '2:18 GONE', '3:13 ALSO_GONE', '6:12 LIMIT']);
  });

  test('a symbol of another architecture counts as defined: the whole tree is read', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-undef-'));
    try {
      fs.mkdirSync(path.join(dir, 'arch', 'arm64'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'drivers', '.hidden'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'Kconfig'), 'config TOP\n\tbool\n');
      fs.writeFileSync(path.join(dir, 'arch', 'arm64', 'Kconfig'), 'config ARM64\n\tdef_bool y\n');
      fs.writeFileSync(path.join(dir, 'drivers', 'Kconfig.debug'), 'menuconfig DRV_DEBUG\n\tbool "d"\n');
      fs.writeFileSync(path.join(dir, 'drivers', 'notes.txt'), 'config NOT_KCONFIG\n');
      fs.writeFileSync(path.join(dir, 'drivers', '.hidden', 'Kconfig'), 'config HIDDEN_DIR\n');
      const byFile = kconfigDefinitionsInTree(dir);
      const names = new Set([...byFile.values()].flat());
      assert.deepEqual([...names].sort(), ['ARM64', 'DRV_DEBUG', 'TOP']);
      assert.deepEqual(undefinedReferences('/x', 'config X\n\tdepends on ARM64 || NOWHERE\n', names).map((p) => p.message.split(' ')[0]), ['NOWHERE']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
