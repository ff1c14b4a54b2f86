// The parsed Kconfig model kept on disk between sessions, so that a fresh process skips reading and
// parsing ~1,500 Kconfig files when nothing they were made from has changed.
//
// A snapshot is used only when it is certainly the model a parse would give now: it records everything
// the parse read — the code that parsed, the tree, the architecture, the `$(shell,...)` policy, the whole
// environment handed to the Kconfig files, every command's answer, and the fingerprint of every file read
// or looked for — and each is checked again before the model is taken. Anything else (a missing,
// damaged or foreign file included) means a normal parse, after which the snapshot is written afresh.
//
// The model is a graph of plain objects (symbols, properties, menu entries, expressions) with cycles.
// It is written as numbered tables of integers, strings and file texts, and read back through the same
// constructors the parser uses, so that a loaded model has the parser's object shapes and sharing.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import type { Problem } from '../../common/problem';
import { writeFileAtomically } from '../../common/atomicFile';
import { toolkitVersion } from '../../common/toolkitVersion';
import { Evaluation, type ReaderIndex, type UnmetDependency, type Value } from './evaluate';
import type { SelectIndex } from './explain';
import type { HelpSource } from './lexer';
import {
  newMenuNode,
  newProperty,
  newSymbol,
  type CompareOp,
  type Expr,
  type KSymbol,
  type KconfigModel,
  type MenuKind,
  type MenuNode,
  type Property,
  type PropertyKind,
  type SourcedFile,
  type SymbolType,
} from './model';
import type { KconfigFileSystem } from './parser';
import type { ConfigRun } from './tree';

/** Raised whenever the encoding below changes; a snapshot of another format is never read. */
export const SNAPSHOT_FORMAT = 1;
/** 20 bytes: with the three numbers after it, the header starts at byte 32. */
const MAGIC = 'kata-toolkit-model\n\n';
/** Snapshots kept per cache directory (one per tree, architecture and `$(shell,...)` policy); older ones go first. */
const MAX_SNAPSHOTS = 8;
/**
 * A file modified this shortly before the parse read it may be modified again within the same tick of the
 * file system's clock, leaving its fingerprint unchanged (coarse timestamps; 2 s on some file systems):
 * such a model is not kept, the next load parses again.
 */
const RACY_MS = 2000;
/** A temporary file this old was left by a writer that died. */
const STALE_TEMPORARY_MS = 10 * 60 * 1000;

/**
 * What is kept with a model because a fresh process needs it at once and it takes long to compute cold:
 * allnoconfig without a fragment (the run a first check continues from), which symbol reads which, and
 * which selects or implies which (for the reasons of a lost value).
 */
export interface DerivedData {
  readonly allnoconfig: ConfigRun;
  readonly readers: ReaderIndex;
  readonly selects: SelectIndex;
}

/** What a model is made from besides the files: all must be equal for a snapshot to be used. */
export interface SnapshotInputs {
  readonly dir: string;
  readonly arch: string;
  readonly allowShell: boolean;
  /** The environment handed to the Kconfig files (kernelEnvironment). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** How a load fingerprints a file; undefined when it does not exist. Only `disk:` fingerprints go into a snapshot. */
export type Fingerprint = (file: string) => string | undefined;

/**
 * The fingerprint of a file on disk (modification time and size), in the form the editor's FileSource gives
 * it; a file that cannot be looked at gets one that is not `disk:` (no snapshot then).
 */
export function diskFingerprint(file: string): string | undefined {
  try {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    return st ? `disk:${st.mtimeMs}:${st.size}` : undefined;
  } catch (e) {
    return `unknown:${(e as NodeJS.ErrnoException).code ?? 'error'}`;
  }
}

/** Where the snapshot for a tree, architecture and policy lives: one file per such triple. */
export function snapshotPath(cacheDir: string, inputs: Pick<SnapshotInputs, 'dir' | 'arch' | 'allowShell'>): string {
  const key = createHash('sha256').update(`${inputs.dir}\0${inputs.arch}\0${inputs.allowShell ? 'shell' : 'no-shell'}`).digest('hex').slice(0, 16);
  return path.join(cacheDir, 'models', `${key}.bin`);
}

/**
 * A file system that notes every file read or looked for, with its fingerprint taken before the read
 * (a change during the parse then shows as a change afterwards), and every directory listed.
 */
export class RecordingFileSystem implements KconfigFileSystem {
  readonly fingerprints = new Map<string, string | undefined>();
  readonly listings = new Map<string, string | undefined>();
  readonly list?: (dir: string) => readonly string[] | undefined;
  readonly realPath?: (file: string) => string | undefined;

  constructor(
    private readonly inner: KconfigFileSystem,
    private readonly fingerprint: Fingerprint,
  ) {
    if (inner.list) {
      const list = inner.list.bind(inner);
      this.list = (dir) => {
        const names = list(dir);
        if (!this.listings.has(dir)) this.listings.set(dir, names === undefined ? undefined : names.join('\n'));
        return names;
      };
    }
    if (inner.realPath) this.realPath = inner.realPath.bind(inner);
  }

  read(file: string): string | undefined {
    if (!this.fingerprints.has(file)) this.fingerprints.set(file, this.fingerprint(file));
    return this.inner.read(file);
  }
}

/** What a parse read, as a snapshot records it. */
export interface ParseRecord {
  readonly fingerprints: ReadonlyMap<string, string | undefined>;
  readonly listings: ReadonlyMap<string, string | undefined>;
  readonly shellAnswers: ReadonlyMap<string, string | undefined>;
  /** When the parse started (milliseconds since the epoch). */
  readonly parsedAt: number;
}

interface Header {
  readonly format: number;
  readonly code: string;
  readonly dir: string;
  readonly arch: string;
  readonly allowShell: boolean;
  readonly env: string;
  readonly files: readonly (readonly [string, string | null])[];
  readonly listings: readonly (readonly [string, string | null])[];
  readonly shell: readonly (readonly [string, string | null])[];
}

/**
 * Whether a model parsed from these reads may be kept: only what the disk holds (no editor buffer; every
 * file the model was read from is on disk), none of it modified just before the parse, and no command
 * left unanswered that could run.
 */
export function snapshotWorthy(model: KconfigModel, record: ParseRecord, allowShell: boolean): boolean {
  for (const f of record.fingerprints.values()) {
    if (f === undefined) continue;
    const m = /^disk:([0-9.]+):/.exec(f);
    if (!m || Number(m[1]) > record.parsedAt - RACY_MS) return false;
  }
  for (const f of model.files) if (record.fingerprints.get(f.path) === undefined) return false;
  if (allowShell) for (const a of record.shellAnswers.values()) if (a === undefined) return false;
  return true;
}

/**
 * Writes the snapshot of a freshly parsed model, through a temporary file and a rename so that readers
 * never see half a file; removes older snapshots beyond the few kept. False when nothing was written.
 * Never throws.
 */
export function writeSnapshot(file: string, model: KconfigModel, derived: DerivedData, inputs: SnapshotInputs, record: ParseRecord): boolean {
  if (!snapshotWorthy(model, record, inputs.allowShell)) return false;
  let bytes: Buffer;
  try {
    const header: Header = {
      format: SNAPSHOT_FORMAT,
      code: CODE_IDENTITY,
      dir: inputs.dir,
      arch: inputs.arch,
      allowShell: inputs.allowShell,
      env: environmentKey(inputs.env),
      files: [...record.fingerprints].map(([f, s]) => [f, s ?? null] as const),
      listings: [...record.listings].map(([d, n]) => [d, n ?? null] as const),
      shell: [...record.shellAnswers].map(([c, a]) => [c, a ?? null] as const),
    };
    // Padded with spaces to a multiple of 4 bytes, so that the body is aligned for the checksum.
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const headerBytes = Buffer.concat([json, Buffer.alloc((4 - (json.length % 4)) % 4, ' ')]);
    const body = packBody(encodeModel(model, derived));
    const prefix = Buffer.alloc(MAGIC.length + 12);
    prefix.write(MAGIC, 0, 'latin1');
    prefix.writeUInt32LE(SNAPSHOT_FORMAT, MAGIC.length);
    prefix.writeUInt32LE(headerBytes.length, MAGIC.length + 4);
    prefix.writeUInt32LE(checksum(body), MAGIC.length + 8);
    bytes = Buffer.concat([prefix, headerBytes, body]);
  } catch {
    return false;
  }
  if (!writeFileAtomically(file, bytes)) return false;
  removeOldSnapshots(path.dirname(file), file);
  return true;
}

export interface SnapshotChecks {
  readonly inputs: SnapshotInputs;
  /** The fingerprint of a file now (an editor buffer gives one that is not `disk:`, so the snapshot is not used). */
  readonly fingerprint: Fingerprint;
  /** The `$(shell,...)` answer the cache holds for a command, running nothing. */
  readonly cachedAnswer: (command: string) => string | undefined;
  /** For the glob forms of `source`: the entries of a directory now. */
  readonly list?: (dir: string) => readonly string[] | undefined;
}

export interface LoadedSnapshot {
  readonly model: KconfigModel;
  readonly derived: DerivedData;
  /** The fingerprints checked: every file the parse read or looked for. */
  readonly fingerprints: ReadonlyMap<string, string | undefined>;
  readonly shellAnswers: number;
}

/** The model a snapshot holds, when it is certainly what a parse would give now; undefined otherwise. Never throws. */
export function readSnapshot(file: string, checks: SnapshotChecks): LoadedSnapshot | undefined {
  try {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      return undefined;
    }
    const start = MAGIC.length + 12;
    if (bytes.length < start || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
    if (bytes.readUInt32LE(MAGIC.length) !== SNAPSHOT_FORMAT) return undefined;
    const headerLength = bytes.readUInt32LE(MAGIC.length + 4);
    if (start + headerLength > bytes.length) return undefined;
    const header = JSON.parse(bytes.toString('utf8', start, start + headerLength)) as Header;
    const fingerprints = stillHolds(header, checks);
    if (!fingerprints) return undefined;
    const body = bytes.subarray(start + headerLength);
    if (checksum(body) !== bytes.readUInt32LE(MAGIC.length + 8)) return undefined;
    const { model, derived } = decodeModel(unpackBody(body));
    return { model, derived, fingerprints, shellAnswers: header.shell.length };
  } catch {
    return undefined;
  }
}

/** The fingerprints of the files, when everything the header records is as it was; undefined otherwise. */
function stillHolds(header: Header, checks: SnapshotChecks): Map<string, string | undefined> | undefined {
  const { inputs } = checks;
  if (header.format !== SNAPSHOT_FORMAT || header.dir !== inputs.dir || header.arch !== inputs.arch || header.allowShell !== inputs.allowShell) return undefined;
  if (!Array.isArray(header.files) || !Array.isArray(header.listings) || !Array.isArray(header.shell)) return undefined;
  if (header.env !== environmentKey(inputs.env) || header.code !== CODE_IDENTITY) return undefined;
  for (const [command, answer] of header.shell) {
    // An answer the parse could not get would be asked for again (and might run) now: only a guess that is still a guess holds.
    if (answer === null ? inputs.allowShell || checks.cachedAnswer(command) !== undefined : checks.cachedAnswer(command) !== answer) return undefined;
  }
  for (const [dir, names] of header.listings) {
    const now = checks.list?.(dir);
    if ((now === undefined ? null : now.join('\n')) !== names) return undefined;
  }
  const fingerprints = new Map<string, string | undefined>();
  for (const [f, stamp] of header.files) {
    const now = checks.fingerprint(f);
    if ((now ?? null) !== stamp) return undefined;
    fingerprints.set(f, now);
  }
  return fingerprints;
}

/** The environment as one string: every variable, in name order. */
function environmentKey(env: Readonly<Record<string, string | undefined>>): string {
  const entries = Object.entries(env)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex');
}

/**
 * The code that parses: the toolkit's version and the size and modification time of the scripts beside
 * this one (the bundles in dist/, the engine's modules when run from out/), so that a rebuilt toolkit
 * never takes a model an older parser made. Taken when this module loads: a build made while a server
 * runs is not the code that server runs.
 */
const CODE_IDENTITY = codeIdentity();

function codeIdentity(): string {
  const parts = [`format ${SNAPSHOT_FORMAT}`, `toolkit ${toolkitVersion()}`, `${os.endianness()}`];
  try {
    for (const name of fs.readdirSync(__dirname).filter((n) => n.endsWith('.js')).sort()) {
      const st = fs.statSync(path.join(__dirname, name));
      parts.push(`${name} ${st.size} ${st.mtimeMs}`);
    }
  } catch {
    // Unknown code: a time no snapshot was written with.
    parts.push(`unknown ${Date.now()} ${process.pid}`);
  }
  return parts.join('\n');
}

/** A cheap 32-bit sum over the body (FNV-1a over 32-bit words), against a damaged file. */
function checksum(bytes: Buffer): number {
  let hash = 0x811c9dc5 | 0;
  const words = bytes.length >>> 2;
  const view = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteOffset % 4 === 0 ? words : 0);
  if (view.length === words) {
    for (let i = 0; i < words; i++) hash = Math.imul(hash ^ view[i], 0x01000193);
  } else {
    for (let i = 0; i < words; i++) hash = Math.imul(hash ^ bytes.readInt32LE(i * 4), 0x01000193);
  }
  for (let i = words * 4; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return hash >>> 0;
}

/** Snapshots beyond the newest few, and temporary files their writers left behind. */
function removeOldSnapshots(dir: string, keep: string): void {
  const now = Date.now();
  const snapshots: { file: string; mtime: number }[] = [];
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st) continue;
    if (name.endsWith('.tmp')) {
      if (now - st.mtimeMs > STALE_TEMPORARY_MS) fs.rmSync(file, { force: true });
    } else if (name.endsWith('.bin') && file !== keep) {
      snapshots.push({ file, mtime: st.mtimeMs });
    }
  }
  snapshots.sort((a, b) => b.mtime - a.mtime);
  for (const s of snapshots.slice(MAX_SNAPSHOTS - 1)) fs.rmSync(s.file, { force: true });
}

// ---- the model as tables -------------------------------------------------------------------------

const SYMBOL_TYPES: readonly SymbolType[] = ['unknown', 'bool', 'tristate', 'int', 'hex', 'string'];
const PROPERTY_KINDS: readonly PropertyKind[] = ['symbol', 'prompt', 'menu', 'comment', 'default', 'select', 'imply', 'range', 'choice', 'env'];
const MENU_KINDS: readonly MenuKind[] = ['root', 'config', 'menuconfig', 'choice', 'menu', 'if', 'comment'];
const COMPARE_OPS: readonly CompareOp[] = ['=', '!=', '<', '<=', '>', '>='];
const EXPR_SYMBOL = 0;
const EXPR_AND = 1;
const EXPR_OR = 2;
const EXPR_NOT = 3;
const EXPR_COMPARE = 4;
/** An absent reference or value. */
const NONE = -1;

/**
 * The model as tables: integers (numbered objects and their fields; strings and texts by number), the
 * strings, the texts of the files help blocks were read from (HelpSource.fileText), and the problems.
 */
interface EncodedModel {
  readonly ints: Int32Array;
  readonly strings: readonly string[];
  readonly texts: readonly string[];
  readonly problems: readonly Problem[];
  /** Arrays by symbol or property id, kept as they lie in memory. */
  readonly int32Arrays: readonly Int32Array[];
  readonly byteArrays: readonly Uint8Array[];
}

// The body of the file: the integers as they lie in memory, then each list of strings as its lengths and
// all of it in one piece (one byte per character where it fits), then the problems (v8 serialization),
// then the arrays by id; each part after its length (little-endian) and padded to a multiple of 4 bytes.
// Arrays are written in the machine's byte order, which the code identity records.

function packBody(encoded: EncodedModel): Buffer {
  const parts: Buffer[] = [];
  const count = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    parts.push(b);
  };
  const int32s = (ints: Int32Array) => {
    count(ints.length);
    parts.push(Buffer.from(ints.buffer, ints.byteOffset, ints.byteLength));
  };
  const bytes = (data: Buffer) => {
    count(data.length);
    parts.push(data, Buffer.alloc((4 - (data.length % 4)) % 4));
  };
  const strings = (list: readonly string[]) => {
    // Most Kconfig text fits one byte per character; the few strings that do not are kept apart, with
    // their length negated.
    const wide = list.map((x) => /[^\u0000-\u00ff]/.test(x));
    int32s(Int32Array.from(list, (x, i) => (wide[i] ? -x.length : x.length)));
    bytes(Buffer.from(list.filter((_, i) => !wide[i]).join(''), 'latin1'));
    bytes(Buffer.from(list.filter((_, i) => wide[i]).join(''), 'utf16le'));
  };
  int32s(encoded.ints);
  strings(encoded.strings);
  strings(encoded.texts);
  bytes(v8.serialize(encoded.problems));
  count(encoded.int32Arrays.length);
  count(encoded.byteArrays.length);
  for (const a of encoded.int32Arrays) int32s(a);
  for (const a of encoded.byteArrays) bytes(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  return Buffer.concat(parts);
}

/** Reads the parts packBody wrote; the integers are not copied when the buffer lies aligned. */
function unpackBody(body: Buffer): EncodedModel {
  let at = 0;
  const int32 = () => {
    if (at + 4 > body.length) throw new Error('snapshot ends early');
    const n = body.readInt32LE(at);
    at += 4;
    return n;
  };
  const int32s = () => {
    const n = int32();
    if (n < 0 || at + n * 4 > body.length) throw new Error('snapshot ends early');
    const start = body.byteOffset + at;
    at += n * 4;
    return start % 4 === 0 ? new Int32Array(body.buffer, start, n) : new Int32Array(body.buffer.slice(start, start + n * 4));
  };
  const bytes = () => {
    const n = int32();
    if (n < 0 || at + n > body.length) throw new Error('snapshot ends early');
    // A plain view (a Buffer's slice() would not copy).
    const data = new Uint8Array(body.buffer, body.byteOffset + at, n);
    at += n + ((4 - (n % 4)) % 4);
    return data;
  };
  const strings = () => {
    const lengths = int32s();
    const text = (data: Uint8Array, encoding: 'latin1' | 'utf16le') => Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString(encoding);
    const narrow = text(bytes(), 'latin1');
    const wide = text(bytes(), 'utf16le');
    const list = new Array<string>(lengths.length);
    let fromNarrow = 0;
    let fromWide = 0;
    for (let i = 0; i < lengths.length; i++) {
      const n = lengths[i];
      if (n >= 0) {
        if (fromNarrow + n > narrow.length) throw new Error('snapshot ends early');
        list[i] = narrow.slice(fromNarrow, (fromNarrow += n));
      } else {
        if (fromWide - n > wide.length) throw new Error('snapshot ends early');
        list[i] = wide.slice(fromWide, (fromWide -= n));
      }
    }
    return list;
  };
  const ints = int32s();
  const stringList = strings();
  const texts = strings();
  const problems = v8.deserialize(bytes()) as Problem[];
  const int32Arrays: Int32Array[] = [];
  const byteArrays: Uint8Array[] = [];
  const int32Count = int32();
  const byteCount = int32();
  for (let i = 0; i < int32Count && at < body.length; i++) int32Arrays.push(int32s());
  for (let i = 0; i < byteCount && at < body.length; i++) byteArrays.push(bytes());
  if (at !== body.length || int32Arrays.length !== int32Count || byteArrays.length !== byteCount || !Array.isArray(problems)) throw new Error('not a snapshot body');
  return { ints, strings: stringList, texts, problems, int32Arrays, byteArrays };
}

interface Numbering<T> {
  readonly order: T[];
  /** Numbers `x` if it is new; true when it was. */
  add(x: T): boolean;
  has(x: T): boolean;
  /** The number of `x`; NONE for undefined. */
  of(x: T | undefined): number;
}

/** Numbers objects in the order they are first met. */
class MapNumbering<T> implements Numbering<T> {
  readonly order: T[] = [];
  private readonly numbers = new Map<T, number>();

  add(x: T): boolean {
    if (this.numbers.get(x) !== undefined) return false;
    this.numbers.set(x, this.order.length);
    this.order.push(x);
    return true;
  }

  has(x: T): boolean {
    return this.numbers.get(x) !== undefined;
  }

  of(x: T | undefined): number {
    if (x === undefined) return NONE;
    const n = this.numbers.get(x);
    if (n === undefined) throw new Error('an object was not numbered');
    return n;
  }
}

/** The same for symbols and properties, through their ids (unique below the model's counts), without a map. */
class IdNumbering<T extends { readonly id: number }> implements Numbering<T> {
  readonly order: T[] = [];
  private readonly numbers: Int32Array;

  constructor(size: number) {
    this.numbers = new Int32Array(size).fill(NONE);
  }

  private slot(x: T): number {
    if (!(x.id >= 0 && x.id < this.numbers.length)) throw new Error('an id out of range');
    const n = this.numbers[x.id];
    if (n !== NONE && this.order[n] !== x) throw new Error('two objects with one id');
    return n;
  }

  add(x: T): boolean {
    if (this.slot(x) !== NONE) return false;
    this.numbers[x.id] = this.order.length;
    this.order.push(x);
    return true;
  }

  has(x: T): boolean {
    return this.slot(x) !== NONE;
  }

  of(x: T | undefined): number {
    if (x === undefined) return NONE;
    const n = this.slot(x);
    if (n === NONE) throw new Error('an object was not numbered');
    return n;
  }
}

/** Expressions: the one that stands for a symbol (its asExpr, most of them) by the symbol's id, the rest in a map. */
class ExprNumbering implements Numbering<Expr> {
  readonly order: Expr[] = [];
  private readonly bySymbol: Int32Array;
  private readonly numbers = new Map<Expr, number>();

  constructor(symbolCount: number) {
    this.bySymbol = new Int32Array(symbolCount).fill(NONE);
  }

  private get(e: Expr): number | undefined {
    if (e.kind === 'symbol' && e.sym.asExpr === e && e.sym.id >= 0 && e.sym.id < this.bySymbol.length) {
      const n = this.bySymbol[e.sym.id];
      return n === NONE ? undefined : n;
    }
    return this.numbers.get(e);
  }

  add(e: Expr): boolean {
    if (this.get(e) !== undefined) return false;
    if (e.kind === 'symbol' && e.sym.asExpr === e && e.sym.id >= 0 && e.sym.id < this.bySymbol.length) this.bySymbol[e.sym.id] = this.order.length;
    else this.numbers.set(e, this.order.length);
    this.order.push(e);
    return true;
  }

  has(e: Expr): boolean {
    return this.get(e) !== undefined;
  }

  of(e: Expr | undefined): number {
    if (e === undefined) return NONE;
    const n = this.get(e);
    if (n === undefined) throw new Error('an expression was not numbered');
    return n;
  }
}

class IntWriter {
  private buffer = new Int32Array(1 << 16);
  private length = 0;

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const bigger = new Int32Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[this.length++] = value;
  }

  done(): Int32Array {
    return this.buffer.slice(0, this.length);
  }
}

function encodeModel(model: KconfigModel, derived: DerivedData): EncodedModel {
  const symbols = new IdNumbering<KSymbol>(model.symbolCount);
  const menus = new MapNumbering<MenuNode>();
  const props = new IdNumbering<Property>(model.propertyCount);
  const exprs = new ExprNumbering(model.symbolCount);
  const strings = new MapNumbering<string>();
  const texts = new MapNumbering<string>();

  // Every object reachable from the model, numbered; expressions after their operands.
  const symbolQueue: KSymbol[] = [];
  const menuQueue: MenuNode[] = [];
  const propQueue: Property[] = [];
  const symbol = (s: KSymbol | undefined) => {
    if (s && symbols.add(s)) symbolQueue.push(s);
  };
  const menu = (m: MenuNode | undefined) => {
    if (m && menus.add(m)) menuQueue.push(m);
  };
  const prop = (p: Property | undefined) => {
    if (p && props.add(p)) propQueue.push(p);
  };
  const expr = (root: Expr | undefined) => {
    if (!root || exprs.has(root)) return;
    const stack: Expr[] = [root];
    while (stack.length > 0) {
      const e = stack[stack.length - 1];
      if (exprs.has(e)) {
        stack.pop();
        continue;
      }
      let ready = true;
      if (e.kind === 'and' || e.kind === 'or') {
        if (!exprs.has(e.right)) {
          stack.push(e.right);
          ready = false;
        }
        if (!exprs.has(e.left)) {
          stack.push(e.left);
          ready = false;
        }
      } else if (e.kind === 'not' && !exprs.has(e.operand)) {
        stack.push(e.operand);
        ready = false;
      }
      if (!ready) continue;
      stack.pop();
      if (e.kind === 'symbol') symbol(e.sym);
      else if (e.kind === 'compare') {
        symbol(e.left);
        symbol(e.right);
      }
      exprs.add(e);
    }
  };

  for (const s of [model.yes, model.mod, model.no, ...model.symbolsInHashOrder, model.modules]) symbol(s);
  menu(model.root);
  while (symbolQueue.length + menuQueue.length + propQueue.length > 0) {
    const s = symbolQueue.pop();
    if (s) {
      s.props.forEach(prop);
      s.definitions.forEach(menu);
      expr(s.dirDep);
      expr(s.revDep);
      expr(s.implied);
      expr(s.asExpr);
      continue;
    }
    const m = menuQueue.pop();
    if (m) {
      symbol(m.sym);
      prop(m.prompt);
      expr(m.dep);
      expr(m.writtenDep);
      expr(m.visibility);
      menu(m.parent);
      menu(m.enclosing);
      menu(m.list);
      menu(m.next);
      continue;
    }
    const p = propQueue.pop()!;
    expr(p.expr);
    expr(p.visible);
    expr(p.written);
    menu(p.menu);
    p.choiceValues?.forEach(symbol);
  }

  const out = new IntWriter();
  const str = (s: string | undefined) => {
    if (s === undefined) return NONE;
    strings.add(s);
    return strings.of(s);
  };
  const code = <T>(table: readonly T[], value: T) => {
    const n = table.indexOf(value);
    if (n < 0) throw new Error(`unknown value ${String(value)}`);
    return n;
  };
  const list = <T>(numbering: Numbering<T>, xs: readonly T[]) => {
    out.push(xs.length);
    for (const x of xs) out.push(numbering.of(x));
  };
  const optionalNumber = (n: number | undefined) => {
    out.push(n === undefined ? 0 : 1);
    out.push(n ?? 0);
  };

  out.push(symbols.order.length);
  out.push(exprs.order.length);
  out.push(menus.order.length);
  out.push(props.order.length);
  out.push(model.symbolCount);
  out.push(model.propertyCount);
  for (const s of symbols.order) {
    out.push(s.id);
    out.push(str(s.name));
    out.push(code(SYMBOL_TYPES, s.type));
    out.push(s.flags);
  }
  for (const e of exprs.order) {
    switch (e.kind) {
      case 'symbol':
        out.push(EXPR_SYMBOL);
        out.push(symbols.of(e.sym));
        out.push(NONE);
        out.push(NONE);
        break;
      case 'and':
      case 'or':
        out.push(e.kind === 'and' ? EXPR_AND : EXPR_OR);
        out.push(exprs.of(e.left));
        out.push(exprs.of(e.right));
        out.push(NONE);
        break;
      case 'not':
        out.push(EXPR_NOT);
        out.push(exprs.of(e.operand));
        out.push(NONE);
        out.push(NONE);
        break;
      case 'compare':
        out.push(EXPR_COMPARE);
        out.push(code(COMPARE_OPS, e.op));
        out.push(symbols.of(e.left));
        out.push(symbols.of(e.right));
        break;
    }
  }
  for (const m of menus.order) {
    out.push(code(MENU_KINDS, m.kind));
    out.push(symbols.of(m.sym));
    out.push(str(m.file));
    out.push(m.line);
  }
  for (const p of props.order) {
    out.push(p.id);
    out.push(code(PROPERTY_KINDS, p.kind));
    out.push(exprs.of(p.expr));
    out.push(exprs.of(p.written));
    out.push(exprs.of(p.visible));
    out.push(str(p.text));
    out.push(menus.of(p.menu));
    out.push(str(p.file));
    out.push(p.line);
    if (p.choiceValues === undefined) out.push(NONE);
    else list(symbols, p.choiceValues);
  }
  for (const s of symbols.order) {
    out.push(exprs.of(s.dirDep));
    out.push(exprs.of(s.revDep));
    out.push(exprs.of(s.implied));
    out.push(exprs.of(s.asExpr));
    list(props, s.props);
    list(menus, s.definitions);
  }
  for (const m of menus.order) {
    out.push(props.of(m.prompt));
    out.push(exprs.of(m.dep));
    out.push(exprs.of(m.writtenDep));
    out.push(exprs.of(m.visibility));
    out.push(menus.of(m.parent));
    out.push(menus.of(m.enclosing));
    out.push(menus.of(m.list));
    out.push(menus.of(m.next));
    if (m.help === undefined) {
      out.push(NONE);
    } else {
      texts.add(m.help.fileText);
      out.push(texts.of(m.help.fileText));
      out.push(m.help.start);
      out.push(m.help.blank ? 1 : 0);
    }
    optionalNumber(m.helpLines?.start);
    optionalNumber(m.helpLines?.end);
    optionalNumber(m.endLine);
  }
  out.push(menus.of(model.root));
  out.push(symbols.of(model.yes));
  out.push(symbols.of(model.mod));
  out.push(symbols.of(model.no));
  out.push(symbols.of(model.modules));
  list(symbols, model.symbolsInHashOrder);
  out.push(model.byName.size);
  for (const [name, s] of model.byName) {
    out.push(str(name));
    out.push(symbols.of(s));
  }
  out.push(model.files.length);
  for (const f of model.files) {
    out.push(str(f.path));
    out.push(f.from ? str(f.from.file) : NONE);
    out.push(f.from ? f.from.line : 0);
  }
  out.push(model.environmentUsed.size);
  for (const [name, value] of model.environmentUsed) {
    out.push(str(name));
    out.push(str(value));
  }
  out.push(model.fatal ? 1 : 0);
  out.push(model.shellFallback ? 1 : 0);
  out.push(str(model.mainmenu));

  // The allnoconfig run: its arrays by id as they are, its values by number.
  const run = derived.allnoconfig;
  if (run.evaluation.model !== model || run.messages.length > 0 || run.assignments.length > 0) throw new Error('not the allnoconfig run of this model');
  const state = run.evaluation.state();
  const value = (v: Value) => (v === undefined ? NONE : typeof v === 'string' ? str(v) : -2 - symbols.of(v));
  out.push(state.modulesVal);
  out.push(state.recomputed ?? NONE);
  out.push(state.unmet.length);
  for (const u of state.unmet) {
    out.push(symbols.of(u.sym));
    out.push(u.dirDep);
    out.push(u.revDep);
  }
  for (const v of state.currVal) out.push(value(v));
  for (const v of state.userVal) out.push(value(v));
  out.push(state.input ? 1 : 0);
  for (const v of state.input?.val ?? []) out.push(value(v));
  texts.add(run.configText);
  out.push(texts.of(run.configText));
  const none = new Uint8Array(0);
  return {
    ints: out.done(),
    strings: strings.order,
    texts: texts.order,
    problems: model.problems,
    int32Arrays: [
      new Int32Array(state.flags.buffer, state.flags.byteOffset, state.flags.length),
      derived.readers.start,
      derived.readers.readers,
      derived.selects.start,
      derived.selects.by,
      derived.selects.prop,
    ],
    byteArrays: [state.currTri, state.userTri, state.visible, state.dirDep, state.revDep, state.implied, state.propVisible, state.input?.defUser ?? none, state.input?.tri ?? none],
  };
}

function damaged(): never {
  throw new Error('the snapshot holds a number out of range');
}

/** `table[n]`, refusing a number out of range (a damaged snapshot fails here, not in a later evaluation). */
function ref<T>(table: readonly T[], n: number): T {
  if (n >= 0 && n < table.length) return table[n];
  return damaged();
}

function optionalRef<T>(table: readonly T[], n: number): T | undefined {
  return n === NONE ? undefined : ref(table, n);
}

/**
 * The tables being read back. Each section is read by a function of its own: V8 then optimizes each
 * loop with the types it has seen there, instead of giving up one loop's code at the start of the next.
 */
interface Decoding {
  readonly ints: Int32Array;
  /** Where the next number is read; past the end only when the table was cut short (checked after each section). */
  at: number;
  readonly strings: readonly string[];
  readonly texts: readonly string[];
  readonly symbols: KSymbol[];
  readonly exprs: Expr[];
  readonly menus: MenuNode[];
  readonly props: Property[];
  /** The model's symbolCount and propertyCount: symbol and property ids index arrays of these sizes. */
  readonly symbolCount: number;
  readonly propertyCount: number;
}

function endSection(d: Decoding, at: number): void {
  if (at > d.ints.length) damaged();
  d.at = at;
}

function decodeSymbols(d: Decoding): void {
  const { ints, strings, symbols } = d;
  let at = d.at;
  for (let i = 0; i < symbols.length; i++) {
    const id = ints[at];
    if (!(id >= 0 && id < d.symbolCount)) damaged();
    symbols[i] = newSymbol(id, optionalRef(strings, ints[at + 1]), ref(SYMBOL_TYPES, ints[at + 2]), ints[at + 3]);
    at += 4;
  }
  endSection(d, at);
}

function decodeExprs(d: Decoding): void {
  const { ints, symbols, exprs } = d;
  let at = d.at;
  // Operands come before the expressions made of them.
  const operand = (n: number, i: number) => (n >= 0 && n < i ? exprs[n] : damaged());
  for (let i = 0; i < exprs.length; i++, at += 4) {
    switch (ints[at]) {
      case EXPR_SYMBOL:
        exprs[i] = { kind: 'symbol', sym: ref(symbols, ints[at + 1]) };
        break;
      case EXPR_AND:
        exprs[i] = { kind: 'and', left: operand(ints[at + 1], i), right: operand(ints[at + 2], i) };
        break;
      case EXPR_OR:
        exprs[i] = { kind: 'or', left: operand(ints[at + 1], i), right: operand(ints[at + 2], i) };
        break;
      case EXPR_NOT:
        exprs[i] = { kind: 'not', operand: operand(ints[at + 1], i) };
        break;
      case EXPR_COMPARE:
        exprs[i] = { kind: 'compare', op: ref(COMPARE_OPS, ints[at + 1]), left: ref(symbols, ints[at + 2]), right: ref(symbols, ints[at + 3]) };
        break;
      default:
        damaged();
    }
  }
  endSection(d, at);
}

function decodeMenus(d: Decoding): void {
  const { ints, strings, symbols, menus } = d;
  let at = d.at;
  for (let i = 0; i < menus.length; i++, at += 4) {
    menus[i] = newMenuNode(ref(MENU_KINDS, ints[at]), optionalRef(symbols, ints[at + 1]), ref(strings, ints[at + 2]), ints[at + 3]);
  }
  endSection(d, at);
}

/**
 * A list written as its length and its members: an array made to size, as the parser makes them (see
 * endEntry in parser.ts); undefined for an empty one (the object keeps the empty array it was made with).
 */
function decodeList<T>(d: Decoding, table: readonly T[], scratch: T[]): T[] | undefined {
  const ints = d.ints;
  const at = d.at;
  const length = ints[at];
  if (!(length >= 0 && length <= table.length)) damaged();
  d.at = at + 1 + length;
  // Most lists hold one or two: literals, without the scratch array.
  switch (length) {
    case 0:
      return undefined;
    case 1:
      return [ref(table, ints[at + 1])];
    case 2:
      return [ref(table, ints[at + 1]), ref(table, ints[at + 2])];
  }
  scratch.length = 0;
  for (let k = 1; k <= length; k++) scratch.push(ref(table, ints[at + k]));
  return scratch.slice();
}

function decodeProps(d: Decoding): void {
  const { ints, strings, symbols, exprs, menus, props } = d;
  const scratch: KSymbol[] = [];
  for (let i = 0; i < props.length; i++) {
    const at = d.at;
    const id = ints[at];
    if (!(id >= 0 && id < d.propertyCount)) damaged();
    const prop = newProperty(id, ref(PROPERTY_KINDS, ints[at + 1]), optionalRef(exprs, ints[at + 2]), optionalRef(exprs, ints[at + 3]), ref(menus, ints[at + 6]), ref(strings, ints[at + 7]), ints[at + 8]);
    prop.visible = optionalRef(exprs, ints[at + 4]);
    const text = optionalRef(strings, ints[at + 5]);
    if (text !== undefined) prop.text = text;
    if (ints[at + 9] === NONE) {
      d.at = at + 10;
    } else {
      d.at = at + 9;
      prop.choiceValues = decodeList(d, symbols, scratch) ?? [];
    }
    props[i] = prop;
  }
  endSection(d, d.at);
}

function linkSymbols(d: Decoding): void {
  const { ints, exprs, menus, props, symbols } = d;
  const propScratch: Property[] = [];
  const menuScratch: MenuNode[] = [];
  for (const s of symbols) {
    const at = d.at;
    s.dirDep = optionalRef(exprs, ints[at]);
    s.revDep = optionalRef(exprs, ints[at + 1]);
    s.implied = optionalRef(exprs, ints[at + 2]);
    s.asExpr = optionalRef(exprs, ints[at + 3]);
    d.at = at + 4;
    const own = decodeList(d, props, propScratch);
    if (own) s.props = own;
    const definitions = decodeList(d, menus, menuScratch);
    if (definitions) s.definitions = definitions;
  }
  endSection(d, d.at);
}

function linkMenus(d: Decoding): void {
  const { ints, texts, exprs, menus, props } = d;
  let at = d.at;
  for (const m of menus) {
    m.prompt = optionalRef(props, ints[at]);
    m.dep = optionalRef(exprs, ints[at + 1]);
    m.writtenDep = optionalRef(exprs, ints[at + 2]);
    m.visibility = optionalRef(exprs, ints[at + 3]);
    m.parent = optionalRef(menus, ints[at + 4]);
    m.enclosing = optionalRef(menus, ints[at + 5]);
    m.list = optionalRef(menus, ints[at + 6]);
    m.next = optionalRef(menus, ints[at + 7]);
    at += 8;
    if (ints[at] === NONE) {
      at += 1;
    } else {
      const help: HelpSource = { fileText: ref(texts, ints[at]), start: ints[at + 1], blank: ints[at + 2] === 1 };
      m.help = help;
      at += 3;
    }
    // Optional numbers: a flag, then the number.
    if (ints[at] === 1 && ints[at + 2] === 1) m.helpLines = { start: ints[at + 1], end: ints[at + 3] };
    if (ints[at + 4] === 1) m.endLine = ints[at + 5];
    at += 6;
  }
  endSection(d, at);
}

function decodeModel(encoded: EncodedModel): { model: KconfigModel; derived: DerivedData } {
  const { ints, strings, texts } = encoded;
  const count = (n: number) => (n >= 0 && n <= ints.length ? n : damaged());
  if (ints.length < 6) damaged();
  const d: Decoding = {
    ints,
    at: 6,
    strings,
    texts,
    symbols: new Array<KSymbol>(count(ints[0])),
    exprs: new Array<Expr>(count(ints[1])),
    menus: new Array<MenuNode>(count(ints[2])),
    props: new Array<Property>(count(ints[3])),
    symbolCount: count(ints[4]),
    propertyCount: count(ints[5]),
  };
  decodeSymbols(d);
  decodeExprs(d);
  decodeMenus(d);
  decodeProps(d);
  linkSymbols(d);
  linkMenus(d);
  const { symbols, menus } = d;
  let at = d.at;
  const root = ref(menus, ints[at]);
  const yes = ref(symbols, ints[at + 1]);
  const mod = ref(symbols, ints[at + 2]);
  const no = ref(symbols, ints[at + 3]);
  const modules = ref(symbols, ints[at + 4]);
  at += 5;
  const inHashOrder = ints[at++];
  if (!(inHashOrder >= 0 && inHashOrder <= symbols.length)) damaged();
  const symbolsInHashOrder = new Array<KSymbol>(inHashOrder);
  for (let i = 0; i < inHashOrder; i++) symbolsInHashOrder[i] = ref(symbols, ints[at++]);
  const named = ints[at++];
  if (!(named >= 0 && named <= symbols.length)) damaged();
  const byName = new Map<string, KSymbol>();
  for (let i = 0; i < named; i++, at += 2) byName.set(ref(strings, ints[at]), ref(symbols, ints[at + 1]));
  const fileCount = ints[at++];
  if (!(fileCount >= 0 && fileCount <= ints.length)) damaged();
  const files: SourcedFile[] = [];
  for (let i = 0; i < fileCount; i++, at += 3) {
    const file = ref(strings, ints[at]);
    files.push(ints[at + 1] === NONE ? { path: file } : { path: file, from: { file: ref(strings, ints[at + 1]), line: ints[at + 2] } });
  }
  const variables = ints[at++];
  if (!(variables >= 0 && variables <= ints.length)) damaged();
  const environmentUsed = new Map<string, string>();
  for (let i = 0; i < variables; i++, at += 2) environmentUsed.set(ref(strings, ints[at]), ref(strings, ints[at + 1]));
  const fatal = ints[at] === 1;
  const shellFallback = ints[at + 1] === 1;
  const mainmenu = ref(strings, ints[at + 2]);
  at += 3;
  const model: KconfigModel = {
    root,
    symbolsInHashOrder,
    byName,
    yes,
    mod,
    no,
    modules,
    files,
    problems: encoded.problems,
    fatal,
    environmentUsed,
    shellFallback,
    propertyCount: d.propertyCount,
    symbolCount: d.symbolCount,
    mainmenu,
  };

  // The allnoconfig run.
  const n = d.symbolCount;
  const modulesVal = ints[at++];
  const recomputed = ints[at++];
  const unmetCount = ints[at++];
  if (!(unmetCount >= 0 && unmetCount <= n)) damaged();
  const unmet: UnmetDependency[] = [];
  for (let i = 0; i < unmetCount; i++, at += 3) unmet.push({ sym: ref(symbols, ints[at]), dirDep: ints[at + 1], revDep: ints[at + 2] });
  const values = (): Value[] => {
    if (at + n > ints.length) damaged();
    const list = new Array<Value>(n);
    for (let i = 0; i < n; i++) {
      const v = ints[at++];
      list[i] = v === NONE ? undefined : v >= 0 ? ref(strings, v) : ref(symbols, -2 - v);
    }
    return list;
  };
  const currVal = values();
  const userVal = values();
  const hasInput = ints[at++] === 1;
  const inputVal = hasInput ? values() : [];
  const configText = ref(texts, ints[at++]);
  if (at !== ints.length) throw new Error('the snapshot holds more than a model');
  const [flags, start, readers, selectStart, selectBy, selectProp] = encoded.int32Arrays;
  const [currTri, userTri, visible, dirDep, revDep, implied, propVisible, defUser, inputTri] = encoded.byteArrays;
  if (!flags || !start || !readers || !selectStart || !selectBy || !selectProp || !inputTri) throw new Error('not a snapshot body');
  const evaluation = Evaluation.fromState(model, {
    flags: new Uint32Array(flags.buffer, flags.byteOffset, flags.length),
    currTri,
    currVal,
    userTri,
    userVal,
    visible,
    dirDep,
    revDep,
    implied,
    propVisible,
    modulesVal,
    unmet,
    input: hasInput ? { defUser, tri: inputTri, val: inputVal } : undefined,
    recomputed: recomputed === NONE ? undefined : recomputed,
  });
  // Copies: views would keep the whole file in memory.
  return {
    model,
    derived: {
      allnoconfig: { evaluation, configText, messages: [], assignments: [] },
      readers: { start: start.slice(), readers: readers.slice() },
      selects: { start: selectStart.slice(), by: selectBy.slice(), prop: selectProp.slice() },
    },
  };
}
