// Kconfig input of a depth no real tree has, which conf (in C) still goes through: chains of symbols each
// reading the next, entries with thousands of `depends on` lines, symbols selected thousands of times. The
// engines must give the kernel's answers without overflowing the stack. Also the pieces that make that so
// (walkDeep, balanced expressions) and the kernel's expression simplifications the dependency-loop check
// relies on. (test/conformance/depth.conformance.test.ts compares the same shapes with the real conf.)

import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { walkDeep } from '../../server/src/common/deep';
import { balanced, exprToString, newSymbol, type Expr, type KSymbol, type KconfigModel } from '../../server/src/languages/kconfig/model';
import { parseKconfig } from '../../server/src/languages/kconfig/parser';
import { Simplifier } from '../../server/src/languages/kconfig/simplify';
import { runConf } from '../../server/src/languages/kconfig/tree';
import { makeRng } from '../conformance/randomFragments';

function parse(text: string): KconfigModel {
  return parseKconfig({ srctree: '/t', env: {}, fs: { read: (p) => (p === '/t/Kconfig' ? text : undefined), list: () => [] }, shell: () => undefined });
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const settings = (config: string) => config.split('\n').filter((l) => l.startsWith('CONFIG_'));

function depth(e: Expr | undefined): number {
  let deepest = 0;
  const pending: [Expr, number][] = e ? [[e, 1]] : [];
  for (let top = pending.pop(); top; top = pending.pop()) {
    const [x, d] = top;
    deepest = Math.max(deepest, d);
    if (x.kind === 'and' || x.kind === 'or') pending.push([x.left, d + 1], [x.right, d + 1]);
    else if (x.kind === 'not') pending.push([x.operand, d + 1]);
  }
  return deepest;
}

describe('walkDeep', () => {
  test('a recursion 200,000 levels deep, each level using what the one below returned', () => {
    // The length of a linked list, written the recursive way.
    interface Cell {
      next?: Cell;
    }
    let list: Cell = {};
    for (let i = 1; i < 200_000; i++) list = { next: list };
    const length = walkDeep(function* (cell: Cell): Generator<Cell, number, number> {
      return cell.next ? 1 + (yield cell.next) : 1;
    }, list);
    assert.equal(length, 200_000);
  });

  test('an exception at any level ends the walk and reaches the caller', () => {
    assert.throws(
      () =>
        walkDeep(function* (n: number): Generator<number, number, number> {
          if (n === 5000) throw new Error('bottom');
          return yield n + 1;
        }, 0),
      /bottom/,
    );
  });
});

describe('balanced', () => {
  const symbols = range(6).map((i) => newSymbol(10 + i, `S${i}`, 'tristate', 0));
  const leaf = (s: KSymbol): Expr => ({ kind: 'symbol', sym: s });

  test('a chain of 10,000 operands built one at a time comes back shallow, same text, same operands in order', () => {
    const many = range(10_000).map((i) => newSymbol(100 + i, `D${i}`, 'bool', 0));
    let chain: Expr = leaf(many[0]);
    for (const s of many.slice(1)) chain = { kind: 'and', left: chain, right: leaf(s) };
    const result = balanced(chain)!;
    assert.ok(depth(result) <= 16, `depth ${depth(result)}`);
    assert.equal(exprToString(result), many.map((s) => s.name).join(' && '));
  });

  test('an expression without a long chain is returned as the same object', () => {
    const e: Expr = { kind: 'or', left: { kind: 'and', left: leaf(symbols[0]), right: { kind: 'not', operand: leaf(symbols[1]) } }, right: leaf(symbols[2]) };
    assert.equal(balanced(e), e);
  });

  test('values are kept: random expressions with long chains, under many assignments of their symbols', () => {
    const rng = makeRng(41);
    // Kconfig's three values as 0, 1, 2: && is the minimum, || the maximum, ! is 2 - x.
    const value = (e: Expr, of: Map<KSymbol, number>): number => {
      switch (e.kind) {
        case 'symbol':
          return of.get(e.sym)!;
        case 'not':
          return 2 - value(e.operand, of);
        case 'and':
          return Math.min(value(e.left, of), value(e.right, of));
        case 'or':
          return Math.max(value(e.left, of), value(e.right, of));
        default:
          throw new Error('no comparisons here');
      }
    };
    const random = (level: number): Expr => {
      if (level > 2 || (level > 0 && rng.chance(0.3))) return leaf(rng.pick(symbols));
      if (level > 0 && rng.chance(0.2)) return { kind: 'not', operand: random(level + 1) };
      // A chain of one operator built one operand at a time, long at the top (past what balanced keeps),
      // short below, with smaller expressions as operands.
      const kind = rng.pick(['and', 'or'] as const);
      let e = random(level + 1);
      for (let k = level === 0 ? rng.int(33, 80) : rng.int(1, 3); k > 0; k--) e = { kind, left: e, right: random(level + 1) };
      return e;
    };
    for (let i = 0; i < 40; i++) {
      const e = random(0);
      const b = balanced(e)!;
      assert.notEqual(b, e, 'a chain this long is regrouped');
      assert.equal(exprToString(b), exprToString(e));
      for (let k = 0; k < 100; k++) {
        const of = new Map(symbols.map((s) => [s, rng.int(0, 2)]));
        assert.equal(value(b, of), value(e, of));
      }
    }
  });
});

describe("the kernel's simplifications (expr_transform, expr_eliminate_dups)", () => {
  const model = parse('config A\n\tbool "a"\nconfig B\n\tbool "b"\nconfig T\n\ttristate "t"\n');
  const simplify = new Simplifier(model.yes, model.mod, model.no);
  const A = model.byName.get('A')!;
  const B = model.byName.get('B')!;
  const T = model.byName.get('T')!;
  const sym = (s: KSymbol): Expr => ({ kind: 'symbol', sym: s });
  const not = (e: Expr): Expr => ({ kind: 'not', operand: e });
  const and = (l: Expr, r: Expr): Expr => ({ kind: 'and', left: l, right: r });
  const or = (l: Expr, r: Expr): Expr => ({ kind: 'or', left: l, right: r });
  const cmp = (l: KSymbol, op: '=' | '!=', r: KSymbol): Expr => ({ kind: 'compare', op, left: l, right: r });
  const both = (e: Expr) => exprToString(simplify.eliminateDups(simplify.transform(e)));

  test('a bool compared with y, m or n becomes a plain test', () => {
    assert.equal(both(cmp(A, '=', model.yes)), 'A');
    assert.equal(both(cmp(A, '=', model.no)), '!A');
    assert.equal(both(cmp(A, '=', model.mod)), 'n');
    assert.equal(both(cmp(A, '!=', model.mod)), 'y');
    assert.equal(both(cmp(A, '!=', model.no)), 'A');
    // A tristate keeps its comparison.
    assert.equal(both(cmp(T, '=', model.mod)), 'T = m');
  });

  test('negations move inwards and double ones cancel', () => {
    assert.equal(both(not(and(sym(A), sym(B)))), '!A || !B');
    assert.equal(both(not(or(sym(A), sym(B)))), '!A && !B');
    assert.equal(both(not(not(sym(A)))), 'A');
    assert.equal(both(not(cmp(T, '=', model.yes))), 'T != y');
  });

  test('operands of one chain that say the same are joined', () => {
    assert.equal(both(or(sym(A), not(sym(A)))), 'y');
    assert.equal(both(and(sym(A), and(sym(B), sym(A)))), 'B && A');
    assert.equal(both(or(cmp(T, '=', model.yes), cmp(T, '=', model.mod))), 'T != n');
    // A tristate's `T || !T` is m when T is m, so it stays.
    assert.equal(both(or(sym(T), not(sym(T)))), 'T || !T');
  });

  test("a bool tested for m is warned about at its entry, as conf warns (and the test forced to n or y)", () => {
    const warned = parse('config A\n\tbool "a"\nconfig B\n\tbool "b"\n\tdepends on A = m\nconfig C\n\tbool "c" if A != m\nconfig D\n\ttristate "d"\n\tdepends on T = m\nconfig T\n\ttristate "t"\n');
    assert.deepEqual(
      warned.problems.map((p) => [p.code, p.span.start.line + 1, /test forced to '([ny])'/.exec(p.message)?.[1]]),
      [
        ['kconfig-definition-warning', 3, 'n'],
        ['kconfig-definition-warning', 7, 'y'],
      ],
    );
  });

  test('an expression the rules cannot touch is returned as the same object', () => {
    const e = and(sym(A), or(sym(B), cmp(T, '=', model.mod)));
    assert.equal(simplify.transform(e), e);
    assert.equal(simplify.eliminateDups(e), e);
  });
});

describe('dependency loops', () => {
  test('a loop is reported once, where conf reports it, with each link as a related location', () => {
    const model = parse('config A\n\tbool "a"\n\tdepends on B\n\nconfig B\n\tbool "b"\n\tdepends on A\n');
    const loops = model.problems.filter((p) => p.code === 'kconfig-recursive-dependency');
    assert.equal(loops.length, 1);
    assert.match(loops[0].message, /^recursive dependency detected: symbol B depends on A, symbol A depends on B;/);
    // conf: "Kconfig:5:error: recursive dependency detected!", then the links at lines 5 and 1.
    assert.equal(loops[0].span.start.line + 1, 5);
    assert.deepEqual(
      loops[0].related?.map((r) => [r.location.span.start.line + 1, r.message]),
      [
        [5, 'symbol B depends on A'],
        [1, 'symbol A depends on B'],
      ],
    );
    assert.ok(model.fatal, 'conf stops at a loop');
  });

  test('`depends on X || !X` of a bool X is no dependency to conf, so it closes no loop', () => {
    const model = parse('config A\n\tbool "a"\n\tselect B\n\nconfig B\n\tbool "b"\n\tdepends on !A || A\n');
    assert.deepEqual(model.problems.filter((p) => p.code === 'kconfig-recursive-dependency'), []);
  });

  test('a loop through 20,000 symbols is found, and its message names a few links and the count', () => {
    const n = 20_000;
    const model = parse(range(n).map((i) => `config L${i}\n\tbool "l"\n\tdepends on L${(i + 1) % n}\n`).join(''));
    const loops = model.problems.filter((p) => p.code === 'kconfig-recursive-dependency');
    assert.equal(loops.length, 1);
    assert.match(loops[0].message, /\.\.\. 19988 more \.\.\./);
    assert.equal(loops[0].related?.length, 100);
  });
});

describe('chains of 20,000 symbols', () => {
  const n = 20_000;

  test('each depending on the next, defined first to last: the values conf gives, no problem', () => {
    // R_i needs R_(i+1); every one is asked for but the middle one, so those before it cannot be y.
    const model = parse(range(n).map((i) => `config R${i}\n\tbool "r"\n${i < n - 1 ? `\tdepends on R${i + 1}\n` : ''}`).join(''));
    assert.deepEqual(model.problems, []);
    const fragment = range(n).filter((i) => i !== n / 2).map((i) => `CONFIG_R${i}=y\n`).join('');
    const yes = settings(runConf(model, 'allnoconfig', fragment).configText).filter((l) => l.endsWith('=y'));
    assert.deepEqual(yes, range(n).filter((i) => i > n / 2).map((i) => `CONFIG_R${i}=y`));
  });

  test('each selecting the one before, only the last asked for: all of them y', () => {
    const model = parse(range(n).map((i) => `config P${i}\n\tbool "p"\n${i ? `\tselect P${i - 1}\n` : ''}`).join(''));
    const yes = settings(runConf(model, 'allnoconfig', `CONFIG_P${n - 1}=y\n`).configText).filter((l) => l.endsWith('=y'));
    assert.equal(yes.length, n);
  });

  test('menuconfig entries each depending on the one before nest 20,000 deep as conf nests them', () => {
    const model = parse(range(n).map((i) => `menuconfig C${i}\n\tbool "c"\n${i ? `\tdepends on C${i - 1}\n` : ''}`).join(''));
    assert.deepEqual(model.problems, []);
    let levels = 0;
    for (let m = model.byName.get(`C${n - 1}`)!.definitions[0]; m.parent; m = m.parent) levels++;
    assert.equal(levels, n);
  });

  test('one entry with 20,000 `depends on` lines, one symbol selected 20,000 times', () => {
    const model = parse(
      range(n).map((i) => `config D${i}\n\tbool "d"\nconfig M${i}\n\tbool "m"\n\tselect T\n`).join('') + `config T\n\tbool\nconfig WIDE\n\tbool "wide"\n${range(n).map((i) => `\tdepends on D${i}\n`).join('')}`,
    );
    assert.deepEqual(model.problems, []);
    const wide = model.byName.get('WIDE')!;
    assert.ok(depth(wide.dirDep) < 40 && depth(model.byName.get('T')!.revDep) < 40);
    const config = runConf(model, 'allnoconfig', range(n).map((i) => `CONFIG_D${i}=y\n`).join('') + 'CONFIG_WIDE=y\nCONFIG_M7=y\n').configText;
    assert.ok(settings(config).includes('CONFIG_WIDE=y') && settings(config).includes('CONFIG_T=y'));
  });
});
