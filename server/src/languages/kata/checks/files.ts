// Checks about the file as a whole: TOML syntax, files kata-deploy overwrites, the contents of config.d,
// and paths that do not exist on this machine.

import * as path from 'node:path';
import TOML from '@iarna/toml';
import { problem, type Problem } from '../../../common/problem';
import { lineLengths, lineSpan, span } from '../../../common/span';
import type { TomlDocument } from '../toml';
import type { KataCheckContext } from './context';

/** Syntax errors: the position-keeping reader's, and the complete parser's when the reader saw none. */
export function checkSyntax(file: string, text: string, doc: TomlDocument, template: boolean): Problem[] {
  const out = doc.problems.map((p) => problem('kata-toml-syntax', 'error', p.message, file, p.span));
  if (out.length > 0 || template) return out;
  try {
    TOML.parse(text);
  } catch (e) {
    const err = e as { message?: string; line?: number; col?: number };
    // @iarna/toml may point at the end of a line (a key found again there) or at a stray \r: mark the
    // line's last character then, as the reader does, rather than one past the line's end.
    const lengths = lineLengths(text);
    const line = Math.min(typeof err.line === 'number' ? err.line : 0, lengths.length - 1);
    const length = lengths[line];
    const col = Math.min(typeof err.col === 'number' ? err.col : 0, Math.max(0, length - 1));
    const first = String(err.message ?? 'invalid TOML').split('\n')[0];
    out.push(problem('kata-toml-syntax', 'error', `Not valid TOML, so Kata cannot load the file: ${first}`, file, lineSpan(line, col, Math.min(1, length - col))));
  }
  return out;
}

/** The header kata-deploy puts on the copies it manages. */
const DEPLOY_HEADER = 'IMPORTANT: This file is managed by kata-deploy';

/** A file kata-deploy replaces on every start of its pod: edits there are lost. */
export function checkKataDeploy(file: string, text: string): Problem[] {
  const p = file.split(path.sep).join('/');
  const managedCopy = text.includes(DEPLOY_HEADER);
  const installed = /\/share\/defaults\/kata-containers\/(runtime-rs\/)?(runtimes\/[^/]+\/)?configuration-[^/]+\.toml$/.test(p) && /\/opt\/kata\//.test(p);
  if (!managedCopy && !installed) return [];
  return [
    problem(
      'kata-deploy-managed',
      'warning',
      'kata-deploy writes this file afresh every time its pod starts, so edits here are lost. Put changes in a drop-in under config.d/ next to the real file (kata-deploy keeps 50-user-overrides.toml from its ConfigMap).',
      file,
      lineSpan(0, 0, text.split('\n', 1)[0].length),
    ),
  ];
}

/** Entries of config.d that are not `*.toml` files: Kata reads every entry there as TOML. */
export function checkConfigDir(
  basePath: string,
  list: (dir: string) => string[] | undefined,
  isDirectory: (p: string) => boolean,
  reportOn: string,
): Problem[] {
  const dir = path.join(path.dirname(basePath), 'config.d');
  const out: Problem[] = [];
  for (const name of list(dir) ?? []) {
    const full = path.join(dir, name);
    if (isDirectory(full)) {
      out.push(problem('kata-dropin-not-toml', 'error', `config.d/${name} is a directory: Kata reads every entry of config.d as a file and refuses to load ("error reading file").`, reportOn, lineSpan(0)));
    } else if (!name.endsWith('.toml')) {
      out.push(
        problem(
          'kata-dropin-not-toml',
          'warning',
          `config.d/${name} is read as TOML too: both runtimes read every entry of config.d, whatever its name, in name order. Rename it to end in .toml, or move it out if it is not configuration.`,
          reportOn,
          lineSpan(0),
        ),
      );
    }
  }
  return out;
}

/** Keys whose value is a file or directory Kata opens. */
// (guest_hook_path is a path inside the guest, so it is not looked for here.)
const PATH_KEYS = new Set(['path', 'kernel', 'image', 'initrd', 'firmware', 'firmware_volume', 'jailer_path', 'virtio_fs_daemon', 'ctlpath', 'entropy_source', 'pflashes']);

/** Paths that do not exist here: information only, since the file may be meant for another machine. */
export function checkPaths(ctx: KataCheckContext, exists: (p: string) => boolean): Problem[] {
  if (ctx.kind === 'template') return [];
  const out: Problem[] = [];
  for (const table of ctx.doc.tables) {
    if (table.path[0] !== 'hypervisor') continue;
    for (const entry of table.entries) {
      const key = entry.path[entry.path.length - 1];
      if (!PATH_KEYS.has(key)) continue;
      const values = entry.value.kind === 'array' ? (entry.value.items ?? []) : [entry.value];
      for (const v of values) {
        if (v.kind !== 'string' || typeof v.value !== 'string' || !v.value.startsWith('/')) continue;
        if (exists(v.value)) continue;
        out.push(problem('kata-path-not-found', 'information', `${v.value} does not exist on this machine; Kata will fail to start a sandbox here unless it does where the file is used.`, ctx.file, span(v.span.start.line, v.span.start.column, v.span.end.line, v.span.end.column)));
      }
    }
  }
  return out;
}
