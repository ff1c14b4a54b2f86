// Kconfig's macro language ($(VAR), user functions, $(shell,...)) as scripts/kconfig/preprocess.c runs it, Linux 5.4-6.18.
//
// Where the kernel stops with an error, we report a message of kind 'error' and carry on:
// the offending reference expands to '' and so does every later reference in the same
// top-level expansion (the kernel would never have reached them, and an editor should not
// run their `$(shell,...)` commands either). `$(error-if,y,...)` is the exception: it is a
// deliberate user check, so it is reported and expansion goes on normally.
//
// When the ShellRunner declines to run a command (an untrusted workspace, a timeout), we guess:
// a command shaped like Kconfig.include's `if-success`,
//   { CMD; } >/dev/null 2>&1 && echo "THEN" || echo "ELSE"
// yields ELSE, i.e. we assume the toolchain lacks the feature being probed; any other command
// yields ''. `usedShellFallback` then tells callers that results may be wrong, and
// `lastExpansionUncertain` and `MacroMessage.uncertain` say which ones: a guess taints the
// expansion it happens in and any `:=` variable it flows into. (Kconfig.include's
// `$(error-if,$(failure,command -v $(CC)),...)` fires on a guess, for instance.)

export interface MacroLocation {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
}

export type MacroMessageKind = 'info' | 'warning' | 'error';

export interface MacroMessage {
  readonly kind: MacroMessageKind;
  readonly text: string;
  readonly location: MacroLocation;
  /** Set when the text or the decision to report it depends on a `$(shell,...)` that was not run. */
  readonly uncertain?: true;
}

/**
 * Runs a `$(shell,...)` command and returns its raw stdout, or undefined when the command was
 * not run (running commands is not allowed, or it could not finish). `guessed` is true when the
 * command's text may depend on the guessed output of a command that was not run.
 */
export type ShellRunner = (command: string, guessed?: boolean) => string | undefined;

export type VariableFlavor = '=' | ':=' | '+=';

export interface MacroOptions {
  /** Environment lookup (ARCH, SRCARCH, CC, LD, srctree, ...). */
  readonly env: (name: string) => string | undefined;
  readonly shell: ShellRunner;
  readonly onMessage: (message: MacroMessage) => void;
}

/** A macro variable as stored: recursive ones keep their text unexpanded. */
export interface MacroVariable {
  readonly flavor: 'recursive' | 'simple';
  readonly value: string;
}

/** The kernel's FUNCTION_MAX_ARGS: the name plus at most 15 arguments. */
const MAX_CLAUSE_PIECES = 16;
/** The kernel refuses to nest one variable's expansion more than this many times. */
const MAX_NESTED_EXPANSIONS_OF_ONE_VARIABLE = 1000;
/**
 * Our own bound on nested references of any kind (mutual recursion, `$($($(...)))` in the text),
 * kept well inside Node's default stack.
 */
const MAX_NESTING = 1500;
/** Our own bounds per top-level expansion, so that an exponential macro cannot hang the server. */
const MAX_REFERENCES_PER_EXPANSION = 200_000;
const MAX_RESULT_LENGTH = 1 << 20;
const MAX_SHELL_CALLS_PER_EXPANSION = 100;
/** do_shell reads into a 4096-byte buffer and keeps at most 4095 bytes (256/255 before 5.4.y stable). */
const SHELL_OUTPUT_BUFFER_BYTES = 4096;

const DOLLAR = 0x24;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const COMMA = 0x2c;

/** A reference `$(N)` names the Nth argument exactly when strtoul(text, &end, 10) consumes all of it. */
const ARGUMENT_REFERENCE = /^[ \t\n\v\f\r]*\+?([0-9]+)$/;

const IF_SUCCESS_SHAPE =
  /^\s*\{\s*[\s\S]*?;?\s*\}\s*>\s*\/dev\/null\s+2>&1\s*&&\s*echo\s+"([^"]*)"\s*\|\|\s*echo\s+"([^"]*)"\s*$/;

/**
 * What we assume `$(shell,command)` printed when the command was not run: the "else" text of
 * an `if-success`-shaped command (the probed feature is missing), otherwise nothing.
 */
export function shellFallbackOutput(command: string): string {
  const match = IF_SUCCESS_SHAPE.exec(command);
  return match ? match[2] : '';
}

/** Post-processing do_shell applies to a command's stdout: truncate, drop trailing newlines, newlines to spaces. */
export function normalizeShellOutput(stdout: string): string {
  let text = stdout;
  // Only pay for UTF-8 encoding when the text could possibly exceed the buffer.
  if (text.length * 3 >= SHELL_OUTPUT_BUFFER_BYTES) {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length >= SHELL_OUTPUT_BUFFER_BYTES) {
      text = bytes.subarray(0, SHELL_OUTPUT_BUFFER_BYTES - 1).toString('utf8');
    }
  }
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x0a) end--;
  text = text.slice(0, end).replace(/\n/g, ' ');
  // The kernel copies the buffer as a C string, so output stops at the first NUL byte.
  const nul = text.indexOf('\0');
  return nul < 0 ? text : text.slice(0, nul);
}

function isTokenCharacter(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || // 0-9
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) || // a-z
    code === 0x5f || // _
    code === 0x2d // -
  );
}

/** Texts shorter than this find their closing parentheses by scanning; longer ones build a table once. */
const PAREN_TABLE_THRESHOLD = 256;

/**
 * A text being expanded, addressed by index ranges rather than sliced, so that deeply nested
 * references in a long line cost linear time, not quadratic.
 */
class MacroText {
  private closers: Int32Array | undefined;

  constructor(readonly text: string) {}

  /** Index of the ')' that closes the '(' at `open` (the kernel's nesting count), or -1 when there is none. */
  closingParen(open: number): number {
    const text = this.text;
    if (text.length < PAREN_TABLE_THRESHOLD) {
      let nest = 0;
      for (let i = open + 1; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code === OPEN_PAREN) nest++;
        else if (code === CLOSE_PAREN && nest-- === 0) return i;
      }
      return -1;
    }
    this.closers ??= matchParens(text);
    return this.closers[open];
  }
}

/** For each '(' the index of its matching ')', else -1; identical to scanning forward with a nesting count. */
function matchParens(text: string): Int32Array {
  const closers = new Int32Array(text.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === OPEN_PAREN) open.push(i);
    else if (code === CLOSE_PAREN && open.length > 0) closers[open.pop() as number] = i;
  }
  return closers;
}

interface StoredVariable {
  flavor: 'recursive' | 'simple';
  value: string;
  /** The value as a text to expand (recursive variables). */
  body: MacroText | undefined;
  /** How many expansions of this variable are in progress (the kernel's exp_count). */
  activeExpansions: number;
  /** A simple variable whose value came partly from a guessed $(shell,...). */
  uncertain: boolean;
}

interface Builtin {
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly run: (args: readonly string[]) => string;
}

/** Bookkeeping for one top-level call (expandString, expandDollar, expandOneToken, assign). */
interface ExpansionState {
  aborted: boolean;
  nesting: number;
  references: number;
  shellCalls: number;
  /** `:=` assignment whose right-hand side is being expanded; see assign(). */
  reassigning: { readonly name: string; readonly wasDefined: boolean } | undefined;
  /** The kernel expands assignment values one line late; see assign(). */
  linenoOffset: number;
  /** A $(shell,...) was guessed, or a simple variable holding a guess was used. */
  usedFallback: boolean;
}

/** Where a region of text stops: at its limit, or (for a token) at a character that cannot be part of a word. */
type EndTest = (text: string, index: number, limit: number) => boolean;

const endOfRegion: EndTest = (_text, index, limit) => index >= limit;
const endOfToken: EndTest = (text, index, limit) => index >= limit || !isTokenCharacter(text.charCodeAt(index));

const NO_ARGS: readonly string[] = [];

export class MacroProcessor {
  private readonly options: MacroOptions;
  private readonly variables = new Map<string, StoredVariable>();
  private readonly builtins: ReadonlyMap<string, Builtin>;
  private readonly environment = new Map<string, string>();
  private location: MacroLocation = { file: '', line: 1 };
  private shellFallbackUsed = false;
  private lastUncertain = false;
  private state: ExpansionState = MacroProcessor.freshState();

  constructor(options: MacroOptions) {
    this.options = options;
    this.builtins = new Map<string, Builtin>([
      ['error-if', { minArgs: 2, maxArgs: 2, run: (args) => this.errorIf(args) }],
      ['filename', { minArgs: 0, maxArgs: 0, run: () => this.location.file }],
      ['info', { minArgs: 1, maxArgs: 1, run: (args) => this.info(args) }],
      ['lineno', { minArgs: 0, maxArgs: 0, run: () => String(this.location.line + this.state.linenoOffset) }],
      ['shell', { minArgs: 1, maxArgs: 1, run: (args) => this.shell(args[0]) }],
      ['warning-if', { minArgs: 2, maxArgs: 2, run: (args) => this.warningIf(args) }],
    ]);
  }

  /** Environment variables that were referenced, with the value seen (the kernel records these as dependencies). */
  get environmentUsed(): ReadonlyMap<string, string> {
    return this.environment;
  }

  /** True once any $(shell,...) was not run: results depending on it are guesses. */
  get usedShellFallback(): boolean {
    return this.shellFallbackUsed;
  }

  /** True when the result of the latest expand*() or assign() call depends on a $(shell,...) that was not run. */
  get lastExpansionUncertain(): boolean {
    return this.lastUncertain;
  }

  /** Where the lexer currently is; used by $(filename), $(lineno) and for messages. */
  setLocation(location: MacroLocation): void {
    this.location = { file: location.file, line: location.line };
  }

  /** A defined variable or user function, for hover and completion. */
  lookupVariable(name: string): MacroVariable | undefined {
    const variable = this.variables.get(name);
    return variable ? { flavor: variable.flavor, value: variable.value } : undefined;
  }

  /** Names of all defined variables and user functions, in definition order. */
  variableNames(): string[] {
    return [...this.variables.keys()];
  }

  /**
   * A variable assignment line: `NAME = rhs`, `NAME := rhs`, `NAME += rhs` (rhs is the raw text
   * after the operator, leading blanks already stripped). NAME may contain $(...) and is expanded first.
   *
   * Call setLocation with the assignment's own line. The kernel expands a `:=` (or a `+=` onto a
   * simple variable) only after the lexer has read the line's newline, so `$(lineno)` there says
   * the next line; we reproduce that value, while messages still point at the assignment line.
   */
  assign(name: string, flavor: VariableFlavor, rhs: string): void {
    this.topLevel(undefined, () => {
      // The kernel's lexer has already expanded the name token; it is used as it stands.
      const variableName = name;
      if (this.state.aborted) return;
      if (variableName === '') {
        this.report('error', `the variable name '${name}' expands to nothing, so this assignment is ignored`);
        return;
      }
      const existing = this.variables.get(variableName);
      if (flavor === '+=') {
        if (!existing) {
          // Appending to an undefined variable defines a recursive one.
          this.define(variableName, 'recursive', rhs);
        } else if (existing.flavor === 'recursive') {
          this.define(variableName, 'recursive', existing.value + ' ' + rhs);
        } else {
          const addition = this.expandAssignedValue(rhs, undefined);
          if (existing.uncertain) this.state.usedFallback = true;
          this.define(variableName, 'simple', existing.value + ' ' + addition);
        }
      } else if (flavor === '=') {
        this.define(variableName, 'recursive', rhs);
      } else {
        const reassigning = { name: variableName, wasDefined: existing !== undefined };
        this.define(variableName, 'simple', this.expandAssignedValue(rhs, reassigning));
      }
    });
  }

  /** Expand every $(...) in text (used for a whole string). */
  expandString(text: string): string {
    return this.topLevel('', () => this.expandWhole(text, NO_ARGS));
  }

  /**
   * text[start] is the character just after a '$'. Expands that one reference; returns the value
   * and the index just past its closing ')'. A '$' not followed by '(' is a literal '$' (end = start).
   */
  expandDollar(text: string, start: number): { value: string; end: number } {
    return this.topLevel({ value: '', end: text.length }, () =>
      this.expandReference(new MacroText(text), start, NO_ARGS),
    );
  }

  /**
   * Expands one word token that contains '$' (text is the rest of the line from the token's start);
   * returns the expansion and the index where the token ended: at a character outside
   * [A-Za-z0-9_-] that is not part of a $(...) reference, or at the end of text.
   */
  expandOneToken(text: string, start: number): { value: string; end: number } {
    return this.topLevel({ value: '', end: text.length }, () =>
      this.expandText(new MacroText(text), start, text.length, endOfToken, NO_ARGS),
    );
  }

  private static freshState(): ExpansionState {
    return {
      aborted: false,
      nesting: 0,
      references: 0,
      shellCalls: 0,
      reassigning: undefined,
      linenoOffset: 0,
      usedFallback: false,
    };
  }

  /** Runs one top-level operation with fresh limits (restoring the outer ones if a callback re-enters us). */
  private topLevel<T>(onStackExhausted: T, operation: () => T): T {
    const outer = this.state;
    this.state = MacroProcessor.freshState();
    try {
      return operation();
    } catch (error) {
      // Our own bounds should make this unreachable (stack overflow, a string too long for V8);
      // it is the last line of defence, so that a Kconfig file can never crash the server.
      if (!(error instanceof RangeError)) throw error;
      const tooDeep = /call stack/i.test(error.message);
      this.report('error', tooDeep ? 'Too deep recursive expansion' : 'the macro expansion is too large');
      return onStackExhausted;
    } finally {
      this.lastUncertain = this.state.usedFallback;
      this.state = outer;
    }
  }

  private define(name: string, flavor: StoredVariable['flavor'], value: string): void {
    const existing = this.variables.get(name);
    // A recursive value is expanded afresh at each use, so only a simple one carries the guess along.
    const uncertain = flavor === 'simple' && this.state.usedFallback;
    if (existing) {
      existing.flavor = flavor;
      existing.value = value;
      existing.body = undefined;
      existing.uncertain = uncertain;
    } else {
      this.variables.set(name, { flavor, value, body: undefined, activeExpansions: 0, uncertain });
    }
  }

  private expandWhole(text: string, args: readonly string[]): string {
    return this.expandText(new MacroText(text), 0, text.length, endOfRegion, args).value;
  }

  private expandAssignedValue(rhs: string, reassigning: ExpansionState['reassigning']): string {
    this.state.reassigning = reassigning;
    this.state.linenoOffset = 1;
    try {
      return this.expandWhole(rhs, NO_ARGS);
    } finally {
      this.state.reassigning = undefined;
      this.state.linenoOffset = 0;
    }
  }

  /**
   * Copies source.text from start, replacing each $(...) by its expansion, until isEnd says stop
   * (never inside a reference, which may run past `limit` only at the top level).
   */
  private expandText(
    source: MacroText,
    start: number,
    limit: number,
    isEnd: EndTest,
    args: readonly string[],
  ): { value: string; end: number } {
    const text = source.text;
    let out = '';
    let copyFrom = start;
    let index = start;
    for (;;) {
      if (index < limit && text.charCodeAt(index) === DOLLAR) {
        out += text.slice(copyFrom, index);
        const reference = this.expandReference(source, index + 1, args);
        out += reference.value;
        index = reference.end;
        copyFrom = index;
        if (out.length > MAX_RESULT_LENGTH) {
          this.fail(`the macro expansion is longer than ${MAX_RESULT_LENGTH} characters; giving up`);
          out = out.slice(0, MAX_RESULT_LENGTH);
        }
        continue;
      }
      if (isEnd(text, index, limit)) break;
      index++;
    }
    out += text.slice(copyFrom, index);
    return { value: out, end: index };
  }

  /** source.text[start] follows a '$'. */
  private expandReference(source: MacroText, start: number, args: readonly string[]): { value: string; end: number } {
    const text = source.text;
    if (start >= text.length || text.charCodeAt(start) !== OPEN_PAREN) return { value: '$', end: start };
    const close = source.closingParen(start);
    if (close < 0) {
      this.fail(`unterminated reference to '${text.slice(start + 1)}': missing ')'`);
      return { value: '', end: text.length };
    }
    return { value: this.evaluateClause(source, start + 1, close, args), end: close + 1 };
  }

  /**
   * The text between "$(" and its ")", source.text[start, end): an argument of the enclosing
   * user function, a variable, a function call or an environment variable.
   */
  private evaluateClause(source: MacroText, start: number, end: number, args: readonly string[]): string {
    const state = this.state;
    if (state.aborted) return '';
    if (++state.references > MAX_REFERENCES_PER_EXPANSION) {
      this.fail(`the macro expansion needs more than ${MAX_REFERENCES_PER_EXPANSION} references; giving up`);
      return '';
    }

    if (args.length > 0 && end - start <= 32) {
      const argument = ARGUMENT_REFERENCE.exec(source.text.slice(start, end));
      if (argument) {
        const n = Number(argument[1]);
        if (n > 0 && n <= args.length) return args[n - 1];
      }
    }

    const pieces = splitTopLevelCommas(source, start, end);
    if (pieces.length > MAX_CLAUSE_PIECES * 2) {
      this.fail('too many function arguments');
      return '';
    }
    if (state.nesting >= MAX_NESTING) {
      this.fail('Too deep recursive expansion');
      return '';
    }
    state.nesting++;
    try {
      const name = this.expandText(source, pieces[0], pieces[1], endOfRegion, args).value;
      const callArgs: string[] = [];
      for (let i = 2; i < pieces.length; i += 2) {
        callArgs.push(this.expandText(source, pieces[i], pieces[i + 1], endOfRegion, args).value);
      }
      if (state.aborted) return '';

      if (state.reassigning?.name === name) return this.selfReferenceInSimpleAssignment(state.reassigning);
      const variable = this.variables.get(name);
      if (variable) return this.expandVariable(name, variable, callArgs);

      const builtin = this.builtins.get(name);
      if (builtin) {
        if (callArgs.length < builtin.minArgs) {
          this.fail(`too few function arguments passed to '${name}'`);
          return '';
        }
        if (callArgs.length > builtin.maxArgs) {
          this.fail(`too many function arguments passed to '${name}'`);
          return '';
        }
        return builtin.run(callArgs);
      }

      if (callArgs.length === 0) return this.environmentValue(name) ?? '';
      return '';
    } finally {
      state.nesting--;
    }
  }

  private expandVariable(name: string, variable: StoredVariable, args: readonly string[]): string {
    if (args.length === 0 && variable.activeExpansions > 0) {
      this.fail(`Recursive variable '${name}' references itself (eventually)`);
      return '';
    }
    if (variable.activeExpansions > MAX_NESTED_EXPANSIONS_OF_ONE_VARIABLE) {
      this.fail('Too deep recursive expansion');
      return '';
    }
    if (variable.flavor === 'simple') {
      if (variable.uncertain) this.state.usedFallback = true;
      return variable.value;
    }
    variable.activeExpansions++;
    try {
      variable.body ??= new MacroText(variable.value);
      return this.expandText(variable.body, 0, variable.value.length, endOfRegion, args).value;
    } finally {
      variable.activeExpansions--;
    }
  }

  /**
   * `X := ...$(X)...`: the kernel has already freed X's old value (or never set one) when it expands
   * the right-hand side, so it reads garbage (in practice usually '') or crashes. Make would use the old value.
   */
  private selfReferenceInSimpleAssignment(reassigning: NonNullable<ExpansionState['reassigning']>): string {
    const name = reassigning.name;
    if (reassigning.wasDefined) {
      this.report(
        'warning',
        `'${name}' refers to itself in its own ':=' assignment, where kconfig reads a freed value ` +
          `(usually empty); use '${name} += ...' to append`,
      );
    } else {
      this.report(
        'error',
        `'${name}' refers to itself in its own ':=' assignment before it is defined; kconfig crashes here`,
      );
    }
    return '';
  }

  /** The kernel remembers the first value it saw for each environment variable and reuses it. */
  private environmentValue(name: string): string | undefined {
    if (name === '') return undefined;
    const seen = this.environment.get(name);
    if (seen !== undefined) return seen;
    const value = this.options.env(name);
    if (value === undefined) return undefined;
    this.environment.set(name, value);
    return value;
  }

  private shell(command: string): string {
    if (++this.state.shellCalls > MAX_SHELL_CALLS_PER_EXPANSION) {
      this.fail(`more than ${MAX_SHELL_CALLS_PER_EXPANSION} $(shell,...) calls in one expansion; giving up`);
      return '';
    }
    const stdout = this.options.shell(command, this.state.usedFallback);
    if (stdout === undefined) {
      this.shellFallbackUsed = true;
      this.state.usedFallback = true;
      return shellFallbackOutput(command);
    }
    return normalizeShellOutput(stdout);
  }

  private info(args: readonly string[]): string {
    this.report('info', args[0]);
    return '';
  }

  private warningIf(args: readonly string[]): string {
    if (args[0] === 'y') this.report('warning', args[1]);
    return '';
  }

  private errorIf(args: readonly string[]): string {
    if (args[0] === 'y') this.report('error', args[1]);
    return '';
  }

  /** A kernel pperror: report it, and abandon the rest of this top-level expansion. */
  private fail(text: string): void {
    if (this.state.aborted) return;
    this.state.aborted = true;
    this.report('error', text);
  }

  private report(kind: MacroMessageKind, text: string): void {
    const location = { file: this.location.file, line: this.location.line };
    this.options.onMessage(this.state.usedFallback ? { kind, text, location, uncertain: true } : { kind, text, location });
  }
}

/**
 * Splits "name,arg1,arg2" at commas outside parentheses; returns [start, end) pairs, flattened.
 * The clause is balanced, so a '(' can be skipped to its closing ')' in one step.
 */
function splitTopLevelCommas(source: MacroText, start: number, end: number): number[] {
  const text = source.text;
  const bounds: number[] = [start];
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === COMMA) {
      bounds.push(i, i + 1);
    } else if (code === OPEN_PAREN) {
      const close = source.closingParen(i);
      if (close > i && close < end) i = close;
    }
  }
  bounds.push(end);
  return bounds;
}
