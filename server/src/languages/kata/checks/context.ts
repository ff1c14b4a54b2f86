// What every Kata check is given: the file, how it was read, and what we know about who reads it.

import type { TomlDocument, TomlValue } from '../toml';
import type { KataFileKind, MergedValue } from '../model';
import type { KataRuntime, KataSchema } from '../schema/types';
import { span, type Span } from '../../../common/span';

export interface KataCheckContext {
  readonly file: string;
  readonly text: string;
  readonly kind: KataFileKind;
  readonly doc: TomlDocument;
  readonly runtime: KataRuntime;
  readonly runtimeReason: string;
  /** The architecture in the runtime's spelling (amd64 / x86_64 ...). */
  readonly arch: string;
  readonly schema: KataSchema;
  /** The hypervisor table the runtime will use (the first `[hypervisor.<name>]`, or the base file's for a drop-in). */
  readonly hypervisor?: string;
  /** The configuration after every drop-in (and the base, for a drop-in); key path to the entry that set it last. */
  readonly merged: ReadonlyMap<string, MergedValue>;
}

/** The span of a value without the quotes of a string. */
export function innerSpan(v: TomlValue): Span {
  if (v.kind === 'string' && v.span.start.line === v.span.end.line && v.raw.length >= 2) {
    const q = v.raw.startsWith("'''") || v.raw.startsWith('"""') ? 3 : 1;
    return span(v.span.start.line, v.span.start.column + q, v.span.end.line, v.span.end.column - q);
  }
  return v.span;
}

/** A string as TOML writes it, with the quotes. */
export function tomlString(s: string): string {
  return JSON.stringify(s);
}
