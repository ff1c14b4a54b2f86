// The Kata configuration service: configuration*.toml, configuration*.toml.in templates and config.d
// drop-ins, checked as the Go runtime or runtime-rs will read them.

import * as path from 'node:path';
import type { Position } from '../../common/span';
import type { AnalysisContext, CompletionEntry, DocumentSnapshot, HoverResult, LanguageService, ProblemsByFile } from '../../services';
import { documentKey } from '../../services';
import { analyzeKata, type KataAnalysis } from './analysis';
import { kataCompletion } from './features/completion';
import { kataHover } from './features/hover';
import { kataFileKind } from './model';

/** Documents this service reads: by name, or by the language id our template grammar gives. */
function isKataDocument(doc: DocumentSnapshot): boolean {
  if (doc.languageId === 'kata-toml') return true;
  const name = doc.path ?? decodeURIComponent(doc.uri.replace(/[?#].*$/, ''));
  return kataFileKind(name) !== undefined;
}

function fileNameOf(doc: DocumentSnapshot): string {
  return doc.path ?? decodeURIComponent(doc.uri.replace(/^[a-z]+:(\/\/)?/, '/').replace(/[?#].*$/, ''));
}

function run(doc: DocumentSnapshot, ctx: AnalysisContext): KataAnalysis {
  const file = fileNameOf(doc);
  return analyzeKata({
    file,
    text: doc.text,
    runtime: ctx.settings.kata.runtime,
    arch: ctx.settings.arch,
    // Only a real file of this machine is merged with its neighbours and has its paths checked.
    files: doc.path
      ? { read: (p) => ctx.files.read(p), exists: (p) => ctx.files.exists(p), list: (d) => ctx.files.list(d) }
      : { read: () => undefined, exists: () => true, list: () => undefined },
    checkPaths: doc.path !== undefined,
  });
}

export const kataService: LanguageService = {
  name: 'kata-config',
  failureCode: 'kata-internal-error',
  handles: isKataDocument,
  completionTriggerCharacters: ['[', '"', '='],

  async analyze(doc, ctx): Promise<ProblemsByFile> {
    const result = run(doc, ctx);
    const key = documentKey(doc);
    const syntaxElsewhere =
      ctx.settings.kata.tomlSyntax === 'never' || (ctx.settings.kata.tomlSyntax === 'auto' && doc.languageId === 'toml' && !path.basename(fileNameOf(doc)).endsWith('.in'));
    const problems = result.problems
      .filter((p) => !(syntaxElsewhere && p.code === 'kata-toml-syntax'))
      .map((p) => {
        const own = (f: string) => (f === result.context.file ? key : f);
        return { ...p, file: own(p.file), fixes: p.fixes?.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, file: own(e.file) })) })) };
      });
    return new Map([[key, problems]]);
  },

  dependencies(doc, ctx): readonly string[] {
    if (!doc.path) return [];
    return run(doc, ctx).dependencies;
  },

  async hover(doc, position: Position, ctx): Promise<HoverResult | undefined> {
    return kataHover(run(doc, ctx).context, position);
  },

  async completion(doc, position: Position, ctx): Promise<readonly CompletionEntry[]> {
    return kataCompletion(run(doc, ctx).context, position);
  },
};
