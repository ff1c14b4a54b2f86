// virtio_fs_extra_args: what the daemon will make of each entry. With a standalone virtiofsd (the Rust
// one Kata ships), options are `--name[=value]`; the `-o sub,options` form of the old C daemon is
// legacy. With runtime-rs's inline virtio-fs (Dragonball, shared_fs = "inline-virtio-fs") the list is
// parsed Go-flag style and only `-d`, `-thread-pool-size`, `-drop-sys-resource` and `-o` are accepted.

import { problem, type Fix, type Problem } from '../../../common/problem';
import type { TomlValue } from '../toml';
import { tomlString, type KataCheckContext } from './context';

/** Legacy `-o` sub-options and their current virtiofsd form. */
function modernForm(sub: string): string | undefined {
  const [name, value] = sub.split('=', 2);
  switch (name) {
    case 'xattr':
      return '--xattr';
    case 'no_xattr':
      return '--no-xattr';
    case 'announce_submounts':
      return '--announce-submounts';
    case 'cache':
      return value === undefined ? undefined : `--cache=${value === 'none' ? 'never' : value}`;
    case 'log_level':
      return value === undefined ? undefined : `--log-level=${value}`;
    case 'source':
      return value === undefined ? undefined : `--shared-dir=${value}`;
    case 'writeback':
      return '--writeback';
    case 'no_writeback':
      return undefined;
    default:
      return undefined;
  }
}

/** virtiofsd options that take their value as the next argument when written without `=`. */
const TAKES_VALUE = new Set([
  '--log-level',
  '--thread-pool-size',
  '--cache',
  '--shared-dir',
  '--socket-path',
  '--socket-group',
  '--fd',
  '--rlimit-nofile',
  '--modcaps',
  '--sandbox',
  '--seccomp',
  '--inode-file-handles',
  '--xattrmap',
  '--translate-uid',
  '--translate-gid',
  '--migration-mode',
  '--migration-on-error',
  '--preserve-noatime',
  '--uid-map',
  '--gid-map',
]);

/** Options Kata passes itself from other keys: setting them here fights Kata's own. */
const SET_BY_KATA: Readonly<Record<string, string>> = {
  '--cache': 'virtio_fs_cache',
  '--shared-dir': 'the sandbox (Kata chooses the shared directory)',
  '--socket-path': 'the sandbox (Kata creates the socket)',
  '--fd': 'the sandbox (Kata passes the socket)',
};

const INLINE_FLAGS = new Set(['d', 'thread-pool-size', 'drop-sys-resource', 'o']);
const INLINE_SUBOPTIONS = new Set(['no_open', 'open', 'writeback_cache', 'no_writeback_cache', 'writeback', 'no_writeback', 'xattr', 'no_xattr', 'cache_symlinks', 'no_readdir']);

export function checkVirtioFsArgs(ctx: KataCheckContext): Problem[] {
  const hv = ctx.hypervisor;
  if (!hv) return [];
  const args = ctx.merged.get(`hypervisor.${hv}.virtio_fs_extra_args`);
  if (!args || args.file !== ctx.file || args.entry.value.kind !== 'array') return [];
  const items = args.entry.value.items ?? [];
  if (items.some((i) => i.kind !== 'string')) return [];
  const shared = ctx.merged.get(`hypervisor.${hv}.shared_fs`);
  const sharedFs = shared?.entry.value.kind === 'string' ? String(shared.entry.value.value) : undefined;
  // An invalid shared_fs is reported on its own; which daemon reads the arguments is then unknown.
  const accepted = ctx.schema.runtimes[ctx.runtime].tables.hypervisor?.keys.shared_fs?.enum?.values;
  if (sharedFs !== undefined && accepted && !accepted.includes(sharedFs)) return [];
  if (ctx.runtime === 'rs' && sharedFs === 'inline-virtio-fs') return inlineChecks(ctx, items);
  return daemonChecks(ctx, items, sharedFs === 'virtio-fs-nydus');
}

function daemonChecks(ctx: KataCheckContext, items: readonly TomlValue[], nydus: boolean): Problem[] {
  const out: Problem[] = [];
  const daemon = nydus ? 'nydusd' : 'virtiofsd';
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const text = String(item.value);
    if (text === '-o' || /^-o\S/.test(text) || /^-o\s/.test(text)) {
      const inline = text.length > 2 ? text.slice(2).trim() : undefined;
      const next = inline === undefined ? items[i + 1] : undefined;
      const subText = inline ?? (next ? String(next.value) : undefined);
      const spanEnd = (next ?? item).span;
      if (subText === undefined) {
        out.push(problem('kata-virtiofsd-bad-arg', 'error', `-o at the end of virtio_fs_extra_args has no sub-options; ${daemon} will not start.`, ctx.file, item.span));
        continue;
      }
      if (subText.startsWith('-')) {
        // ["-o", "--thread-pool-size=1"]: the -o swallows an option of its own.
        out.push(
          problem('kata-virtiofsd-bad-arg', 'error', `-o takes comma-separated sub-options, but ${subText} is an option of its own; written this way ${daemon} reads "${subText}" as a sub-option and will not start.`, ctx.file, item.span, {
            fixes: [{ title: 'Remove this -o', edits: [removeItem(ctx, items, i)], preferred: true }],
          }),
        );
        continue;
      }
      const subs = subText.split(',');
      const modern = subs.map(modernForm);
      const where = { start: item.span.start, end: spanEnd.end };
      if (modern.every((m) => m !== undefined)) {
        const replacement = modern as string[];
        const severity = subs.some((s) => s === 'cache=none') ? 'warning' : 'information';
        out.push(
          problem(
            'kata-virtiofsd-legacy-arg',
            severity,
            `"-o ${subText}" is the old C virtiofsd form; the Rust virtiofsd Kata ships reads ${replacement.join(' ')}${subs.includes('cache=none') ? ' (and has no cache mode "none": use "never")' : ' (it still maps the old form, with a deprecation warning)'}.`,
            ctx.file,
            where,
            { fixes: [{ title: `Use ${replacement.join(' ')}`, edits: [{ file: ctx.file, span: where, newText: replacement.map(tomlString).join(', ') }], preferred: true }] },
          ),
        );
      } else {
        const unknown = subs.filter((s) => modernForm(s) === undefined);
        const looksLikePath = unknown.some((s) => s.startsWith('/'));
        out.push(
          problem(
            'kata-virtiofsd-bad-arg',
            'error',
            looksLikePath
              ? `"-o ${subText}": a directory is not a sub-option. Kata gives ${daemon} the directory to share itself (--shared-dir); ${daemon} will not start with this.`
              : `"-o ${subText}": ${unknown.join(', ')} is not a sub-option the current ${daemon} maps to an option; write the option itself (see ${daemon} --help).`,
            ctx.file,
            where,
            looksLikePath ? { fixes: [{ title: `Remove "-o ${subText}"`, edits: [{ file: ctx.file, span: removalSpan(ctx, items, i, inline === undefined ? i + 1 : i), newText: '' }], preferred: true }] } : {},
          ),
        );
      }
      if (inline === undefined) i++;
      continue;
    }
    if (text === '-d') {
      out.push(
        problem('kata-virtiofsd-legacy-arg', 'information', '-d is the old C virtiofsd debug switch; the Rust virtiofsd reads --log-level=debug.', ctx.file, item.span, {
          fixes: [{ title: 'Use --log-level=debug', edits: [{ file: ctx.file, span: item.span, newText: '"--log-level=debug"' }], preferred: true }],
        }),
      );
      continue;
    }
    if (text.startsWith('-')) {
      const name = text.split('=', 1)[0];
      if (SET_BY_KATA[name]) {
        out.push(problem('kata-virtiofsd-arg-set-by-kata', 'warning', `Kata already passes ${name} to ${daemon}, from ${SET_BY_KATA[name]}; a second one here conflicts with it.`, ctx.file, item.span));
      }
      if (!text.includes('=') && TAKES_VALUE.has(name)) i++;
      continue;
    }
    out.push(
      problem('kata-virtiofsd-bad-arg', 'error', `"${text}" is not an option: ${daemon} takes it as a stray argument and will not start. Options start with "--"${text.startsWith('/') ? '; the shared directory is chosen by Kata' : ''}.`, ctx.file, item.span, {
        fixes: [{ title: `Remove "${text}"`, edits: [removeItem(ctx, items, i)], preferred: true }],
      }),
    );
  }
  return out;
}

function inlineChecks(ctx: KataCheckContext, items: readonly TomlValue[]): Problem[] {
  const out: Problem[] = [];
  for (let i = 0; i < items.length; i++) {
    const text = String(items[i].value);
    const m = /^--?([^=]+)(=.*)?$/.exec(text);
    if (!m) {
      out.push(problem('kata-inline-virtiofs-bad-arg', 'error', `"${text}" is not a flag; inline virtio-fs stops parsing its arguments here and the sandbox fails to start.`, ctx.file, items[i].span));
      continue;
    }
    const [, name, value] = m;
    if (!INLINE_FLAGS.has(name)) {
      out.push(
        problem(
          'kata-inline-virtiofs-bad-arg',
          'error',
          `Inline virtio-fs (shared_fs = "inline-virtio-fs") accepts only -d, -thread-pool-size, -drop-sys-resource and -o; "${text}" makes it fail ("flag provided but not defined: -${name}").`,
          ctx.file,
          items[i].span,
          { fixes: [{ title: `Remove "${text}"`, edits: [removeItem(ctx, items, i)], preferred: true }] },
        ),
      );
      continue;
    }
    if ((name === 'o' || name === 'thread-pool-size') && value === undefined) {
      const next = items[i + 1];
      if (name === 'o' && next) {
        for (const sub of String(next.value).split(',')) {
          const subName = sub.split('=', 1)[0];
          if (subName === 'cache' || INLINE_SUBOPTIONS.has(subName)) continue;
          out.push(problem('kata-inline-virtiofs-ignored-option', 'warning', `Inline virtio-fs ignores the sub-option "${sub}" ("Inline virtiofs unsupported option: ${sub}").`, ctx.file, next.span));
        }
      }
      i++;
    }
  }
  return out;
}

/** Remove one array element with the comma that separates it from its neighbour. */
function removeItem(ctx: KataCheckContext, items: readonly TomlValue[], i: number): Fix['edits'][number] {
  return { file: ctx.file, span: removalSpan(ctx, items, i, i), newText: '' };
}

function removalSpan(_ctx: KataCheckContext, items: readonly TomlValue[], first: number, last: number) {
  if (last + 1 < items.length) return { start: items[first].span.start, end: items[last + 1].span.start };
  if (first > 0) return { start: items[first - 1].span.end, end: items[last].span.end };
  return { start: items[first].span.start, end: items[last].span.end };
}
