// linuxptp's option table read from its config.c: items, scopes, types, defaults and ranges with C
// constants resolved, enumeration tables, deprecated names; on a stand-in config.c written for this test.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { evaluate, readOptionTable } from '../../server/tools/ptp4lOptions/configC';

function fixture(): Map<string, string> {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const d = path.join(dir, 'test', 'fixtures', 'ptp4l-mini');
    if (fs.existsSync(d)) return new Map(fs.readdirSync(d).map((f) => [f, fs.readFileSync(path.join(d, f), 'utf8')]));
    if (path.dirname(dir) === dir) throw new Error('fixture not found');
  }
}

describe('linuxptp option table reader', () => {
  const t = readOptionTable(fixture());
  const byName = new Map(t.options.map((o) => [o.name, o]));

  it('reads every item with scope, type, default and range', () => {
    assert.deepEqual({ ...byName.get('alpha') }, { name: 'alpha', scope: 'global', type: 'int', default: 3, min: 1, max: 255, line: 17 });
    assert.deepEqual({ ...byName.get('beta') }, { name: 'beta', scope: 'port', type: 'double', default: 1e-9, min: 0, max: 1.7976931348623157e308, line: 18 });
    assert.deepEqual(byName.get('gamma')?.values, ['fast', 'slow', 'both']);
    assert.equal(byName.get('gamma')?.default, 'slow');
    assert.equal(byName.get('delta')?.default, '01:1B:19:00:00:00');
    assert.equal(byName.get('epsilon')?.default, null);
    assert.equal(byName.get('file_mode')?.default, 0o600, 'a #define of system permission bits');
    assert.equal(byName.get('file_mode')?.max, 0o777, 'an octal literal');
    assert.deepEqual([byName.get('limit')?.default, byName.get('limit')?.min], [42, -16]);
    // An int item's default lives in a C int: 0xFFFFFFFF is -1 there, as ptp4l sees it.
    assert.equal(byName.get('unknown')?.default, -1);
    assert.ok(byName.has('oldName'), 'an item followed by a comment');
  });

  it('reports what it cannot resolve and goes on', () => {
    assert.ok(!byName.has('broken'));
    assert.deepEqual(t.problems, ['config.c:25 broken: unknown constant NO_SUCH_CONSTANT', 'config.c: item broken was not read']);
  });

  it('reads the deprecated names ptp4l rewrites', () => {
    assert.deepEqual(t.deprecated, [{ from: 'oldName', to: 'newName', line: 33 }]);
  });

  it('evaluates C constant expressions and refuses the rest', () => {
    const c = new Map([['A', 4]]);
    assert.equal(evaluate('(A << 2) | 1', c), 17);
    assert.equal(evaluate('-(int)A', new Map([['A', 4]])), -4);
    assert.equal(evaluate('0x10', c), 16);
    assert.throws(() => evaluate('A +', c));
    assert.throws(() => evaluate('B', c));
  });

  it('never throws on broken sources', () => {
    const src = fixture().get('config.c')!;
    for (let i = 0; i < src.length; i += 7) assert.doesNotThrow(() => readOptionTable(new Map([['config.c', src.slice(0, i)]])));
    assert.deepEqual(readOptionTable(new Map()).problems, ['config.c not found']);
  });
});
