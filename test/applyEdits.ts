// Applies text edits to a text as an editor does: positions refer to the original text; edits are applied
// back to front so that earlier offsets stay valid. Shared by the unit tests (engine fixes) and the protocol
// tests (LSP code actions).

export interface PlainEdit {
  readonly start: { readonly line: number; readonly column: number };
  readonly end: { readonly line: number; readonly column: number };
  readonly newText: string;
}

export function applyEdits(text: string, edits: readonly PlainEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; column: number }) => (p.line < starts.length ? Math.min(starts[p.line] + p.column, text.length) : text.length);
  const sorted = [...edits].sort((a, b) => offset(b.start) - offset(a.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.start)) + e.newText + out.slice(offset(e.end));
  return out;
}
