// The Kconfig macro language and the $(shell,...) runner, checked against what the real `conf` does.
//
// Cases marked "conf:" were run through the kernel's own scripts/kconfig/conf (Linux 6.1, built
// from the tree's sources) with `$(warning-if,y,...)` printing the result; the expected values
// here are what it printed.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';

import {
  MacroMessage,
  MacroProcessor,
  ShellRunner,
  normalizeShellOutput,
  shellFallbackOutput,
} from '../../server/src/languages/kconfig/macro';
import { createShellRunner } from '../../server/src/languages/kconfig/shell';

interface Harness {
  readonly macros: MacroProcessor;
  readonly messages: MacroMessage[];
  readonly commands: string[];
}

/** A processor with a fixed environment; the shell records each command and answers from `answers`. */
function harness(
  options: { env?: Record<string, string>; answers?: Record<string, string | undefined>; shell?: ShellRunner } = {},
): Harness {
  const messages: MacroMessage[] = [];
  const commands: string[] = [];
  const env = options.env ?? {};
  const answers = options.answers ?? {};
  const shell: ShellRunner =
    options.shell ??
    ((command) => {
      commands.push(command);
      return command in answers ? answers[command] : '';
    });
  const macros = new MacroProcessor({
    env: (name) => (Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined),
    shell,
    onMessage: (message) => messages.push(message),
  });
  macros.setLocation({ file: 'Kconfig', line: 1 });
  return { macros, messages, commands };
}

/** Feeds `NAME op value` lines to assign(), each at its own line number. */
function define(macros: MacroProcessor, ...lines: string[]): void {
  lines.forEach((line, index) => {
    const match = /^(\S+?)\s*(:=|\+=|=)\s*(.*)$/.exec(line);
    assert.ok(match, `not an assignment: ${line}`);
    macros.setLocation({ file: 'Kconfig', line: index + 1 });
    // As in the kernel, the lexer expands a name token with '$' before the assignment sees it.
    const name = match[1].includes('$') ? macros.expandOneToken(match[1], 0).value : match[1];
    macros.assign(name, match[2] as '=' | ':=' | '+=', match[3]);
  });
}

function texts(messages: readonly MacroMessage[], kind?: MacroMessage['kind']): string[] {
  return messages.filter((m) => kind === undefined || m.kind === kind).map((m) => m.text);
}

function temporaryDirectory(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-macro-test-'));
}

/** The helpers of scripts/Kconfig.include, written out here for the tests. */
const KCONFIG_INCLUDE = [
  'comma := ,',
  'if-success = $(shell,{ $(1); } >/dev/null 2>&1 && echo "$(2)" || echo "$(3)")',
  'success = $(if-success,$(1),y,n)',
  'failure = $(if-success,$(1),n,y)',
  'cc-option = $(success,trap "rm -rf .tmp_$$" EXIT; mkdir .tmp_$$; $(CC) -Werror $(CLANG_FLAGS) $(1) -c -x c /dev/null -o .tmp_$$/tmp.o)',
  'cc-option-bit = $(if-success,$(CC) -Werror $(1) -E -x c /dev/null -o /dev/null,$(1))',
];

describe('variables', () => {
  test('conf: a := captures the value at assignment, an = sees later changes', () => {
    const { macros } = harness();
    define(macros, 'X := 1', 'SIMPLE := $(X)', 'RECURSIVE = $(X)', 'X := 2');
    assert.equal(macros.expandString('$(SIMPLE)'), '1');
    assert.equal(macros.expandString('$(RECURSIVE)'), '2');
    assert.deepEqual(macros.lookupVariable('RECURSIVE'), { flavor: 'recursive', value: '$(X)' });
    assert.deepEqual(macros.lookupVariable('SIMPLE'), { flavor: 'simple', value: '1' });
  });

  test('conf: += expands now for a simple variable and later for a recursive one', () => {
    const { macros } = harness();
    define(macros, 'X := 1', 'SIMPLE := $(X)', 'RECURSIVE = $(X)', 'X := 2');
    define(macros, 'Y := 3', 'SIMPLE += $(Y)', 'RECURSIVE += $(Y)', 'Y := 4');
    assert.equal(macros.expandString('$(SIMPLE)'), '1 3');
    assert.equal(macros.expandString('$(RECURSIVE)'), '2 4');
  });

  test('conf: += onto an undefined variable makes a recursive one, without a leading space', () => {
    const { macros } = harness();
    define(macros, 'Y := 3', 'UNDEFINED += $(Y)', 'Y := 4');
    assert.equal(macros.expandString('$(UNDEFINED)'), '4');
    assert.equal(macros.lookupVariable('UNDEFINED')?.flavor, 'recursive');
  });

  test('conf: += onto an empty variable still adds the separating space', () => {
    const { macros } = harness();
    define(macros, 'E :=', 'E += a', 'R =', 'R += b');
    assert.equal(macros.expandString('[$(E)][$(R)]'), '[ a][ b]');
  });

  test('+= keeps appending onto the flavour the variable has', () => {
    const { macros } = harness();
    define(macros, 'V = a', 'V := b', 'V += $(W)', 'W := c');
    // V became simple at `V :=`, so `+= $(W)` was expanded at once, while W was still undefined.
    assert.deepEqual(macros.lookupVariable('V'), { flavor: 'simple', value: 'b ' });
    assert.equal(macros.expandString('[$(V)]'), '[b ]');
  });

  test('conf: the name of an assignment is expanded first', () => {
    const { macros } = harness();
    define(macros, 'X := A', 'Y := B', '$(X)$(Y) := 5');
    assert.equal(macros.expandString('AB = $(AB)'), 'AB = 5');
    assert.ok(macros.variableNames().includes('AB'));
  });

  test('an assignment with an empty name is reported and ignored', () => {
    const { macros, messages } = harness();
    macros.assign('', ':=', 'x');
    assert.deepEqual(macros.variableNames(), []);
    assert.equal(messages.length, 1);
    assert.equal(messages[0].kind, 'error');
  });

  test('conf: a variable refers to itself in its own := (the kernel reads freed memory; we warn and use "")', () => {
    // conf printed "X=[ two]" for `X := one` then `X := $(X) two`, and crashed when X was undefined.
    const { macros, messages } = harness();
    define(macros, 'X := one', 'X := $(X) two');
    assert.equal(macros.expandString('$(X)'), ' two');
    assert.deepEqual(
      messages.map((m) => m.kind),
      ['warning'],
    );
    define(macros, 'Z := $(Z) two');
    assert.equal(messages[1].kind, 'error');
    assert.equal(macros.expandString('$(Z)'), ' two');
    // Appending is the supported way, and sees the old value.
    define(macros, 'S := a', 'S += $(S)');
    assert.equal(macros.expandString('$(S)'), 'a a');
    assert.equal(messages.length, 2);
  });

  test('conf: variables take precedence over built-in functions', () => {
    const { macros, commands } = harness();
    define(macros, 'shell = overridden');
    assert.equal(macros.expandString('$(shell,echo hi)'), 'overridden');
    assert.deepEqual(commands, []);
  });

  test('conf: spaces are part of names: $(X ) and $( info,x) are unknown and empty', () => {
    const { macros, messages } = harness();
    define(macros, 'X = x');
    assert.equal(macros.expandString('<$(X )><$( info,x)><$(,)><$()>'), '<><><><>');
    assert.deepEqual(messages, []);
  });
});

describe('environment', () => {
  test('an undefined name falls back to the environment and is recorded, then to ""', () => {
    const { macros } = harness({ env: { ARCH: 'x86', srctree: '/src' } });
    assert.equal(macros.expandString('$(ARCH)-$(srctree)-$(NOPE)'), 'x86-/src-');
    assert.deepEqual([...macros.environmentUsed], [
      ['ARCH', 'x86'],
      ['srctree', '/src'],
    ]);
  });

  test('conf: the environment is not consulted for a reference with arguments', () => {
    const { macros } = harness({ env: { HOME: '/root' } });
    assert.equal(macros.expandString('[$(HOME)][$(HOME,x)]'), '[/root][]');
  });

  test('a variable hides the environment variable of the same name', () => {
    const { macros } = harness({ env: { CC: 'gcc' } });
    define(macros, 'CC := clang');
    assert.equal(macros.expandString('$(CC)'), 'clang');
    assert.equal(macros.environmentUsed.size, 0);
  });

  test('the first value seen for an environment variable is the one used from then on', () => {
    const env: Record<string, string> = { ARCH: 'arm64' };
    const macros = new MacroProcessor({ env: (name) => env[name], shell: () => '', onMessage: () => {} });
    assert.equal(macros.expandString('$(ARCH)'), 'arm64');
    env.ARCH = 'riscv';
    assert.equal(macros.expandString('$(ARCH)'), 'arm64');
    assert.equal(macros.environmentUsed.get('ARCH'), 'arm64');
  });
});

describe('user-defined functions', () => {
  test('conf: arguments $(1)..$(N); missing ones are empty, extra ones ignored', () => {
    const { macros } = harness();
    define(macros, 'greeting = $(1), my name is $(2).');
    assert.equal(macros.expandString('$(greeting,Hello,John)'), 'Hello, my name is John.');
    assert.equal(macros.expandString('$(greeting,Hello)'), 'Hello, my name is .');
    assert.equal(macros.expandString('$(greeting,Hello,John,ignored,ignored)'), 'Hello, my name is John.');
  });

  test('conf: $(0) is not the function name; argument numbers are read like strtoul', () => {
    const { macros } = harness();
    define(macros, 'f = <$(0)|$(1)|$( 1)|$(+1)|$(01)|$(1 )|$(2)|$(3)>');
    assert.equal(macros.expandString('$(f,a,b)'), '<|a|a|a|a||b|>');
  });

  test('conf: commas split arguments only outside parentheses, and blanks are kept', () => {
    const { macros } = harness();
    define(macros, 'f = [$(1)][$(2)]', 'comma := ,');
    assert.equal(macros.expandString('$(f,(a,b),c)'), '[(a,b)][c]');
    assert.equal(macros.expandString('$(f, a ,b )'), '[ a ][b ]');
    assert.equal(macros.expandString('$(f,a$(comma)b,c)'), '[a,b][c]');
  });

  test('conf: nested calls, and arguments are expanded in the caller before the call', () => {
    const { macros } = harness({ answers: { 'echo hello | tr a-z A-Z': 'HELLO\n' } });
    define(macros, 'cat = $(1)$(2)', 'upper = $(shell,echo $(1) | tr a-z A-Z)', 'twice = $(cat,$(1),$(1))');
    assert.equal(macros.expandString('$(cat,$(cat,a,b),$(cat,c,d))'), 'abcd');
    assert.equal(macros.expandString('$(upper,hello)'), 'HELLO');
    assert.equal(macros.expandString('$(twice,$(cat,x,y))'), 'xyxy');
  });

  test('an argument is substituted as text and never expanded again', () => {
    const { macros } = harness();
    define(macros, 'dollar := $', 'X := expanded', 'id = $(1)');
    assert.equal(macros.expandString('$(id,$(dollar)(X))'), '$(X)');
  });

  test('a function name can itself be computed', () => {
    const { macros } = harness();
    define(macros, 'pick-a = A$(1)', 'pick-b = B$(1)', 'pick = $(pick-$(1),$(2))');
    assert.equal(macros.expandString('$(pick,a,1) $(pick,b,2)'), 'A1 B2');
  });

  test('conf: 15 arguments are accepted, 16 are "too many function arguments"', () => {
    const { macros, messages } = harness();
    define(macros, 'f = x');
    const args = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1)).join(',');
    assert.equal(macros.expandString(`$(f,${args(15)})`), 'x');
    assert.deepEqual(messages, []);
    assert.equal(macros.expandString(`[$(f,${args(16)})]`), '[]');
    assert.deepEqual(texts(messages), ['too many function arguments']);
  });
});

describe('built-in functions', () => {
  test('conf: info reports its text and expands to nothing', () => {
    const { macros, messages } = harness();
    assert.equal(macros.expandString('a$(info,hello world 0)b'), 'ab');
    assert.deepEqual(messages, [{ kind: 'info', text: 'hello world 0', location: { file: 'Kconfig', line: 1 } }]);
  });

  test('conf: warning-if warns only when the condition is exactly "y"', () => {
    const { macros, messages } = harness();
    macros.setLocation({ file: 'arch/x86/Kconfig', line: 8 });
    assert.equal(macros.expandString('$(warning-if,y,hello world 1)'), '');
    for (const condition of ['y ', 'Y', 'yes', 'n', '']) {
      assert.equal(macros.expandString(`$(warning-if,${condition},no)`), '');
    }
    assert.deepEqual(messages, [
      { kind: 'warning', text: 'hello world 1', location: { file: 'arch/x86/Kconfig', line: 8 } },
    ]);
  });

  test('conf: a warning with an empty text is still a warning', () => {
    const { macros, messages } = harness();
    define(macros, 'w = $(warning-if,y,$(1))');
    macros.expandString('$(w,$(w,nested))');
    assert.deepEqual(texts(messages, 'warning'), ['nested', '']);
  });

  test('error-if reports an error when "y" and expansion goes on (the kernel would stop)', () => {
    const { macros, messages } = harness();
    assert.equal(macros.expandString('a$(error-if,y,boom)b$(info,after)c'), 'abc');
    assert.deepEqual(messages.map((m) => [m.kind, m.text]), [
      ['error', 'boom'],
      ['info', 'after'],
    ]);
    assert.equal(macros.expandString('$(error-if,n,boom)'), '');
    assert.equal(messages.length, 2);
  });

  test('conf: filename and lineno give the current location', () => {
    const { macros } = harness();
    macros.setLocation({ file: 'init/Kconfig', line: 27 });
    assert.equal(macros.expandString('$(filename):$(lineno)'), 'init/Kconfig:27');
  });

  test('conf: $(lineno) in a := value says the next line; in a recursive value, the line where it is used', () => {
    // conf, lines 13-16: `L := $(lineno)`, `$(w,L=$(L))` printed L=14; `M = $(lineno)`, `$(w,M=$(M))` printed M=16.
    const { macros } = harness();
    macros.setLocation({ file: 'Kconfig', line: 13 });
    macros.assign('L', ':=', '$(lineno)');
    macros.setLocation({ file: 'Kconfig', line: 15 });
    macros.assign('M', '=', '$(lineno)');
    macros.setLocation({ file: 'Kconfig', line: 16 });
    assert.equal(macros.expandString('L=$(L) M=$(M)'), 'L=14 M=16');
  });

  test('messages from a := value still point at the assignment line', () => {
    const { macros, messages } = harness();
    macros.setLocation({ file: 'Kconfig', line: 5 });
    macros.assign('y', ':=', '$(info,from-assign)');
    assert.deepEqual(messages, [{ kind: 'info', text: 'from-assign', location: { file: 'Kconfig', line: 5 } }]);
  });

  test('conf: shell passes the expanded command and cleans up its output', () => {
    const { macros, commands } = harness({
      answers: {
        'echo hello world 3': 'hello world 3\n',
        "printf 'hello\\nworld\\n\\n4\\n\\n\\n'": 'hello\nworld\n\n4\n\n\n',
      },
    });
    define(macros, 'greeting := hello');
    assert.equal(macros.expandString('$(shell,echo $(greeting) world 3)'), 'hello world 3');
    assert.equal(macros.expandString("$(shell,printf 'hello\\nworld\\n\\n4\\n\\n\\n')"), 'hello world  4');
    assert.deepEqual(commands, ['echo hello world 3', "printf 'hello\\nworld\\n\\n4\\n\\n\\n'"]);
  });

  test('conf: shell output keeps 4095 bytes, turns every newline into a space and stops at NUL', () => {
    assert.equal(normalizeShellOutput('a'.repeat(5000)).length, 4095);
    assert.equal(normalizeShellOutput('a'.repeat(4095)).length, 4095);
    assert.equal(normalizeShellOutput('\n\na\n\nb\n\n'), '  a  b');
    assert.equal(normalizeShellOutput('a\r\nb\tc\0d'), 'a\r b\tc');
    // Trailing newlines are dropped before the text is cut at NUL.
    assert.equal(normalizeShellOutput('a\n\0b'), 'a ');
    assert.equal(normalizeShellOutput(''), '');
  });

  test('conf: wrong argument counts for built-ins are errors', () => {
    const cases: [string, string][] = [
      ['$(info)', "too few function arguments passed to 'info'"],
      ['$(info,a,b)', "too many function arguments passed to 'info'"],
      ['$(filename,x)', "too many function arguments passed to 'filename'"],
      ['$(lineno,)', "too many function arguments passed to 'lineno'"],
      ['$(shell,a,b)', "too many function arguments passed to 'shell'"],
      ['$(shell)', "too few function arguments passed to 'shell'"],
      ['$(error-if,y)', "too few function arguments passed to 'error-if'"],
      ['$(warning-if,y,a,b)', "too many function arguments passed to 'warning-if'"],
    ];
    for (const [text, error] of cases) {
      const { macros, messages, commands } = harness();
      assert.equal(macros.expandString(text), '', text);
      assert.deepEqual(messages.map((m) => [m.kind, m.text]), [['error', error]], text);
      assert.deepEqual(commands, []);
    }
  });
});

describe('escapes (the kernel test suite scripts/kconfig/tests/preprocess/escape)', () => {
  test('conf: a "$" not followed by "(" is literal, and tricks for $( and unbalanced parentheses', () => {
    const { macros, messages } = harness();
    define(macros, 'comma := ,', 'dollar := $', 'left_paren := (', '$ := 1');
    assert.equal(macros.expandString('hello$(comma) world'), 'hello, world');
    assert.equal(macros.expandString(`  ' " '"   ' ''' "'"`), `  ' " '"   ' ''' "'"`);
    assert.equal(macros.expandString('$'), '$');
    assert.equal(macros.expandString('$$'), '$$');
    assert.equal(macros.expandString('$($)'), '1');
    assert.equal(macros.expandString('$(dollar)(X)'), '$(X)');
    assert.equal(macros.expandString('$(left_paren)'), '(');
    define(macros, 'Y := $(dollar)(X)');
    assert.equal(macros.expandString('$(Y)'), '$(X)');
    define(macros, 'Y = $(dollar)(X)');
    assert.equal(macros.expandString('$(Y)'), '$(X)');
    define(macros, 'unterminated := $(dollar)(');
    assert.equal(macros.expandString('$(unterminated)'), '$(');
    assert.deepEqual(messages, []);
  });
});

describe('errors are reported, never thrown', () => {
  test('conf: an unterminated reference names the rest of the text', () => {
    const { macros, messages, commands } = harness();
    assert.equal(macros.expandString('x$(info,$(shell,echo a'), 'x');
    assert.deepEqual(texts(messages, 'error'), ["unterminated reference to 'info,$(shell,echo a': missing ')'"]);
    assert.deepEqual(commands, []);
  });

  test('conf: a recursive variable that refers to itself', () => {
    const { macros, messages } = harness();
    define(macros, 'X = $(X)');
    assert.equal(macros.expandString('a$(X)b'), 'ab');
    assert.deepEqual(texts(messages), ["Recursive variable 'X' references itself (eventually)"]);
  });

  test('conf: a cycle through two variables names the one expanded first', () => {
    const { macros, messages } = harness();
    define(macros, 'X = $(Y)', 'Y = $(X)');
    macros.expandString('$(info,$(Y))');
    assert.deepEqual(texts(messages), ["Recursive variable 'Y' references itself (eventually)"]);
  });

  test('after an error the rest of that expansion is skipped: no cascades, no commands', () => {
    const { macros, messages, commands } = harness();
    define(macros, 'X = $(X)');
    assert.equal(macros.expandString('$(X)$(X)$(shell,echo hi)$(info,x)tail'), 'tail');
    assert.equal(messages.length, 1);
    assert.deepEqual(commands, []);
    // The next expansion starts afresh.
    assert.equal(macros.expandString('$(info,again)'), '');
    assert.deepEqual(texts(messages, 'info'), ['again']);
  });

  test('conf: a function that calls itself forever stops with "Too deep recursive expansion", promptly', () => {
    const { macros, messages } = harness();
    define(macros, 'f = $(f,$(1))', 'g = $(h,$(1))', 'h = $(g,$(1))', 'X = $(X,a)');
    for (const text of ['$(f,a)', '$(g,a)', '$(X)']) {
      messages.length = 0;
      const started = Date.now();
      assert.equal(macros.expandString(text), '');
      assert.deepEqual(texts(messages), ['Too deep recursive expansion'], text);
      assert.ok(Date.now() - started < 2000, `${text} took ${Date.now() - started} ms`);
    }
  });

  test('exponential macros and absurd nesting end promptly with one error', () => {
    const { macros, messages } = harness();
    define(macros, 'a = $(a,1)$(a,2)', 'l0 = xy');
    for (let i = 1; i < 40; i++) define(macros, `l${i} = $(l${i - 1})$(l${i - 1})`);
    const deep = '$('.repeat(100_000) + 'x' + ')'.repeat(100_000);
    for (const text of ['$(a)', '$(l39)', deep]) {
      messages.length = 0;
      const started = Date.now();
      macros.expandString(text);
      assert.equal(messages.length, 1, text.slice(0, 20));
      assert.equal(messages[0].kind, 'error');
      assert.ok(Date.now() - started < 3000, `${text.slice(0, 20)} took ${Date.now() - started} ms`);
    }
  });

  test('a runaway $(shell,...) loop is cut off', () => {
    const { macros, messages, commands } = harness();
    define(macros, 'f = $(shell,echo $(1))$(f,$(1)x)');
    macros.expandString('$(f,a)');
    assert.equal(commands.length, 100);
    assert.equal(messages.length, 1);
  });

  test('deep callers still get an answer even when the stack is nearly used up', () => {
    const { macros, messages } = harness();
    define(macros, 'g = $(h,$(1))', 'h = $(g,$(1))');
    const nested = (depth: number): string => (depth === 0 ? macros.expandString('$(g,a)') : nested(depth - 1));
    assert.equal(nested(5000), '');
    assert.equal(messages.length, 1);
  });
});

describe('token and dollar boundaries', () => {
  test('expandOneToken stops at the first character that cannot be part of a word', () => {
    const { macros } = harness();
    define(macros, 'X := 1', 'cat = $(1)$(2)');
    assert.deepEqual(macros.expandOneToken('$(X)abc def', 0), { value: '1abc', end: 7 });
    assert.deepEqual(macros.expandOneToken('config A$(X)-b_c+d', 7), { value: 'A1-b_c', end: 16 });
    // Inside a reference, blanks and other characters do not end the token.
    assert.deepEqual(macros.expandOneToken('$(cat, a, b)z if Y', 0), { value: ' a bz', end: 13 });
    assert.deepEqual(macros.expandOneToken('$A=', 0), { value: '$A', end: 2 });
    assert.deepEqual(macros.expandOneToken('X$(X)', 0), { value: 'X1', end: 5 });
    assert.deepEqual(macros.expandOneToken('$(X)"quoted"', 0), { value: '1', end: 4 });
  });

  test('long lines (matched through a table) give the same answers as short ones', () => {
    const { macros, messages } = harness();
    define(macros, 'X := 1', 'cat = $(1)$(2)');
    const padding = ' '.repeat(300);
    assert.deepEqual(macros.expandOneToken('$(cat, a, b)z if Y' + padding, 0), { value: ' a bz', end: 13 });
    assert.deepEqual(macros.expandOneToken('$(cat,(x,$(X)),y))' + padding, 0), { value: '(x,1)y', end: 17 });
    assert.equal(macros.expandString(padding + '$(cat,$(cat,a,b),$(cat,c,d))' + padding), padding + 'abcd' + padding);
    assert.deepEqual(macros.expandDollar(') $(' + padding, 3), { value: '', end: 304 });
    assert.deepEqual(texts(messages), [`unterminated reference to '${padding}': missing ')'`]);
  });

  test('expandOneToken on an unterminated reference consumes the line', () => {
    const { macros, messages } = harness();
    const line = 'default $(Y if X';
    assert.deepEqual(macros.expandOneToken(line, 8), { value: '', end: line.length });
    assert.deepEqual(texts(messages), ["unterminated reference to 'Y if X': missing ')'"]);
  });

  test('expandDollar expands one reference from just after the "$"', () => {
    const { macros, messages } = harness();
    define(macros, 'A := a', 'B := b', 'ab := AB');
    const text = '"$($(A)$(B)))tail"';
    assert.deepEqual(macros.expandDollar(text, 2), { value: 'AB', end: 12 });
    assert.deepEqual(macros.expandDollar('$notparen', 1), { value: '$', end: 1 });
    assert.deepEqual(macros.expandDollar('$', 1), { value: '$', end: 1 });
    assert.deepEqual(messages, []);
    // conf: `bool "$(shell,echo hi) $(nope" ` → unterminated reference to 'nope" ': missing ')'
    const prompt = 'bool "$(nope" ';
    assert.deepEqual(macros.expandDollar(prompt, 7), { value: '', end: prompt.length });
    assert.deepEqual(texts(messages), ["unterminated reference to 'nope\" ': missing ')'"]);
  });
});

describe('shell fallback when commands may not run', () => {
  test('an if-success command yields its "else" text; anything else yields ""', () => {
    const probe = '{ gcc -Werror -mfoo -c -x c /dev/null; } >/dev/null 2>&1 && echo "y" || echo "n"';
    assert.equal(shellFallbackOutput(probe), 'n');
    assert.equal(shellFallbackOutput('{ command -v gcc; } >/dev/null 2>&1 && echo "n" || echo "y"'), 'y');
    assert.equal(shellFallbackOutput('{ gcc -m32 -E; } >/dev/null 2>&1 && echo "-m32" || echo ""'), '');
    assert.equal(shellFallbackOutput('gcc --version'), '');
  });

  test('the Kconfig.include helpers fall back to "feature missing" and the processor says so', () => {
    const { macros, messages } = harness({ env: { CC: 'gcc' }, shell: () => undefined });
    define(macros, ...KCONFIG_INCLUDE);
    assert.equal(macros.usedShellFallback, false);
    define(macros, 'm64-flag := $(cc-option-bit,-m64)');
    assert.equal(macros.usedShellFallback, true);
    assert.equal(macros.expandString('$(success,true)'), 'n');
    assert.equal(macros.usedShellFallback, true);
    assert.equal(macros.expandString('$(failure,true)'), 'y');
    assert.equal(macros.expandString('$(cc-option,-Wall)'), 'n');
    assert.equal(macros.expandString('[$(m64-flag)]'), '[]');
    assert.equal(macros.expandString('[$(shell,echo hi)]'), '[]');
    assert.deepEqual(messages, []);
  });

  test('messages and values that depend on a guess are marked uncertain, also through := variables', () => {
    const { macros, messages } = harness({ env: { CC: 'gcc' }, shell: () => undefined });
    define(macros, ...KCONFIG_INCLUDE);
    // Kconfig.include's compiler check fires on the guess: it must not be shown as a certain error.
    macros.setLocation({ file: 'scripts/Kconfig.include', line: 40 });
    macros.expandString("$(error-if,$(failure,command -v $(CC)),C compiler '$(CC)' not found)");
    assert.deepEqual(messages, [
      {
        kind: 'error',
        text: "C compiler 'gcc' not found",
        location: { file: 'scripts/Kconfig.include', line: 40 },
        uncertain: true,
      },
    ]);
    assert.equal(macros.lastExpansionUncertain, true);
    define(macros, 'cc-info := $(shell,scripts/cc-version.sh $(CC))', 'plain := text', 'derived := <$(cc-info)>');
    assert.equal(macros.expandString('$(plain)'), 'text');
    assert.equal(macros.lastExpansionUncertain, false);
    assert.equal(macros.expandString('$(derived)'), '<>');
    assert.equal(macros.lastExpansionUncertain, true);
    macros.expandString('$(info,$(plain))$(info,$(cc-info))');
    assert.equal(messages[1].uncertain, undefined);
    assert.equal(messages[2].uncertain, true);
  });

  test('with a runner that is not allowed, nothing runs', () => {
    const dir = temporaryDirectory();
    const runner = createShellRunner({ cwd: dir, env: { PATH: process.env.PATH ?? '' }, allowed: false });
    const { macros } = harness({ shell: runner });
    define(macros, ...KCONFIG_INCLUDE);
    assert.equal(macros.expandString(`$(success,touch ${path.join(dir, 'ran')})`), 'n');
    assert.equal(fs.existsSync(path.join(dir, 'ran')), false);
    assert.deepEqual(runner.stats, { executed: 0, cached: 0 });
  });
});

describe('shell runner', () => {
  const baseEnv = (): Record<string, string> => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', CC: 'gcc', LD: 'ld' });

  test('the Kconfig.include helpers with a real shell', () => {
    const dir = temporaryDirectory();
    const runner = createShellRunner({ cwd: dir, env: baseEnv(), allowed: true });
    const { macros, messages } = harness({ env: { CC: 'gcc' }, shell: runner });
    define(macros, ...KCONFIG_INCLUDE);
    assert.equal(macros.expandString('$(success,true)'), 'y');
    assert.equal(macros.expandString('$(success,false)'), 'n');
    assert.equal(macros.expandString('$(failure,false)'), 'y');
    assert.equal(macros.expandString('$(if-success,test -d /,yes,no)'), 'yes');
    assert.equal(macros.expandString('$(shell,printf "a\\nb\\n\\n")'), 'a b');
    assert.equal(macros.usedShellFallback, false);
    assert.deepEqual(messages, []);
  });

  test('cc-option asks the real compiler (when gcc is installed)', (t) => {
    const dir = temporaryDirectory();
    const runner = createShellRunner({ cwd: dir, env: baseEnv(), allowed: true });
    if (runner('command -v gcc') === '') {
      t.skip('gcc is not installed');
      return;
    }
    const { macros } = harness({ env: { CC: 'gcc' }, shell: runner });
    define(macros, ...KCONFIG_INCLUDE);
    assert.equal(macros.expandString('$(cc-option,-Wall)'), 'y');
    assert.equal(macros.expandString('$(cc-option,-fno-such-option-anywhere)'), 'n');
    // The probe cleans up after itself in the working directory.
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  test('runs in cwd with exactly the given environment, and drops stderr', () => {
    const dir = temporaryDirectory();
    const runner = createShellRunner({ cwd: dir, env: { ...baseEnv(), ARCH: 'arm64' }, allowed: true });
    assert.equal(runner('pwd'), fs.realpathSync(dir) + '\n');
    assert.equal(runner('echo "$ARCH${HOME:-no-home}"; echo oops >&2; exit 3'), 'arm64no-home\n');
    assert.deepEqual(runner.stats, { executed: 2, cached: 0 });
    runner('pwd');
    assert.deepEqual(runner.stats, { executed: 2, cached: 1 });
  });

  test('a command that hangs is stopped at the timeout and reported as not run', () => {
    const dir = temporaryDirectory();
    const runner = createShellRunner({ cwd: dir, env: baseEnv(), allowed: true, timeoutMs: 300 });
    const started = Date.now();
    assert.equal(runner('sleep 5; echo late'), undefined);
    assert.ok(Date.now() - started < 3000);
  });

  test('the disk cache serves a runner that may not execute, and misses when the toolchain changes', () => {
    const dir = temporaryDirectory();
    const cacheFile = path.join(dir, 'nested', 'dir', 'shell-cache.json');
    const command = 'echo $$'; // the shell's pid: a second run would print something else
    const first = createShellRunner({ cwd: dir, env: baseEnv(), allowed: true, cacheFile });
    const output = first(command);
    assert.match(output ?? '', /^\d+\n$/);
    first.flush();
    assert.ok(fs.existsSync(cacheFile));
    assert.deepEqual(
      fs.readdirSync(path.dirname(cacheFile)).filter((name) => name.endsWith('.tmp')),
      [],
    );

    const reader = createShellRunner({ cwd: dir, env: baseEnv(), allowed: false, cacheFile });
    assert.equal(reader(command), output);
    assert.deepEqual(reader.stats, { executed: 0, cached: 1 });
    assert.equal(reader('echo never-run'), undefined);

    const changes: Record<string, string>[] = [{ CC: 'clang' }, { LD: 'ld.lld' }, { ARCH: 'riscv' }, { CLANG_FLAGS: '-x' }];
    for (const change of changes) {
      const changed = createShellRunner({ cwd: dir, env: { ...baseEnv(), ...change }, allowed: false, cacheFile });
      assert.equal(changed(command), undefined, JSON.stringify(change));
    }
  });

  test('a compiler replaced on disk (same name, new size) invalidates cached results', () => {
    const dir = temporaryDirectory();
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    const compiler = path.join(bin, 'fake-cc');
    fs.writeFileSync(compiler, '#!/bin/sh\necho 1.0\n', { mode: 0o755 });
    const cacheFile = path.join(dir, 'cache.json');
    const env = { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, CC: 'fake-cc', LD: 'ld' };

    const first = createShellRunner({ cwd: dir, env, allowed: true, cacheFile });
    assert.equal(first('$CC'), '1.0\n');
    first.flush();
    fs.writeFileSync(compiler, '#!/bin/sh\necho 2.0.0\n', { mode: 0o755 });

    const reader = createShellRunner({ cwd: dir, env, allowed: false, cacheFile });
    assert.equal(reader('$CC'), undefined);
    const second = createShellRunner({ cwd: dir, env, allowed: true, cacheFile });
    assert.equal(second('$CC'), '2.0.0\n');
    assert.equal(second.stats.executed, 1);
  });

  test('flush merges with what another runner wrote meanwhile', () => {
    const dir = temporaryDirectory();
    const cacheFile = path.join(dir, 'cache.json');
    const a = createShellRunner({ cwd: dir, env: baseEnv(), allowed: true, cacheFile });
    const b = createShellRunner({ cwd: dir, env: baseEnv(), allowed: true, cacheFile });
    a('echo a');
    b('echo b');
    a.flush();
    b.flush();
    const reader = createShellRunner({ cwd: dir, env: baseEnv(), allowed: false, cacheFile });
    assert.equal(reader('echo a'), 'a\n');
    assert.equal(reader('echo b'), 'b\n');
  });

  test('a corrupt, missing or unwritable cache file never throws', () => {
    const dir = temporaryDirectory();
    for (const contents of ['not json', '[]', '{"format":1,"entries":{"k":{"command":1}}}', '{"format":99}']) {
      const cacheFile = path.join(dir, 'corrupt.json');
      fs.writeFileSync(cacheFile, contents);
      const runner = createShellRunner({ cwd: dir, env: baseEnv(), allowed: true, cacheFile });
      assert.equal(runner('echo ok'), 'ok\n');
      runner.flush();
      const reader = createShellRunner({ cwd: dir, env: baseEnv(), allowed: false, cacheFile });
      assert.equal(reader('echo ok'), 'ok\n');
    }
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, '');
    const unwritable = createShellRunner({
      cwd: dir,
      env: baseEnv(),
      allowed: true,
      cacheFile: path.join(blocker, 'cache.json'),
    });
    assert.equal(unwritable('echo ok'), 'ok\n');
    assert.doesNotThrow(() => unwritable.flush());
    const missingFile = path.join(dir, 'none.json');
    const missing = createShellRunner({ cwd: dir, env: baseEnv(), allowed: false, cacheFile: missingFile });
    assert.equal(missing('echo ok'), undefined);
  });
});
