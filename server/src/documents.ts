// Documents open in the editor, layered over the disk: the `FileSource` engines read through.
//
// Only `file:` URIs map to paths; `untitled:`, `git:` and other documents keep their URI as their key, so a
// later review view can show them without pretending they live on disk.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentSnapshot, FileSource } from './services';

/** The file system path of a `file:` URI; undefined for other schemes and for URIs Node cannot map. */
export function pathOfUri(uri: string): string | undefined {
  if (!/^file:/i.test(uri)) return undefined;
  try {
    return normalizePath(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

/** True for `scheme:...` strings, false for paths (including Windows `C:\...`). */
export function looksLikeUri(s: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]+:/.test(s) && !/^[A-Za-z]:[\\/]/.test(s);
}

/** The `file:` URI of a path; a string that already is a URI is returned unchanged. */
export function fileUri(file: string): string {
  return looksLikeUri(file) ? file : pathToFileURL(file).href;
}

/** One spelling per file: normalized separators and, on Windows, a lower-case drive letter like VS Code's. */
export function normalizePath(p: string): string {
  const n = path.normalize(p);
  return process.platform === 'win32' && /^[A-Z]:/.test(n) ? n[0].toLowerCase() + n.slice(1) : n;
}

/** Whether `p` is the directory `dir` or lies below it (paths compared as written). */
export function isSameOrBelow(dir: string, p: string): boolean {
  return p === dir || p.startsWith(dir.endsWith(path.sep) || dir.endsWith('/') ? dir : dir + path.sep);
}

export class DocumentStore implements FileSource {
  readonly documents = new TextDocuments(TextDocument);
  /** Path of every open `file:` document → the URI the editor used for it. */
  private readonly openPaths = new Map<string, string>();
  private readonly hashes = new Map<string, { readonly version: number; readonly hash: string }>();

  constructor() {
    this.documents.onDidOpen(({ document }) => {
      const p = pathOfUri(document.uri);
      if (p !== undefined) this.openPaths.set(p, document.uri);
    });
    this.documents.onDidClose(({ document }) => {
      const p = pathOfUri(document.uri);
      if (p !== undefined && this.openPaths.get(p) === document.uri) this.openPaths.delete(p);
      this.hashes.delete(document.uri);
    });
  }

  snapshot(uri: string): DocumentSnapshot | undefined {
    const doc = this.documents.get(uri);
    return doc && toSnapshot(doc);
  }

  all(): DocumentSnapshot[] {
    return this.documents.all().map(toSnapshot);
  }

  /** The open document for a path or URI key, if any. */
  openDocument(key: string): DocumentSnapshot | undefined {
    const uri = looksLikeUri(key) ? key : this.openPaths.get(normalizePath(key));
    return uri === undefined ? undefined : this.snapshot(uri);
  }

  /** The URI to publish results for a key under: the editor's own spelling when the file is open. */
  uriFor(key: string): string {
    if (looksLikeUri(key)) return key;
    return this.openPaths.get(normalizePath(key)) ?? fileUri(key);
  }

  read(file: string): string | undefined {
    const open = this.openDocument(file);
    if (open) return open.text;
    if (looksLikeUri(file)) return undefined;
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  }

  exists(file: string): boolean {
    if (this.openDocument(file)) return true;
    if (looksLikeUri(file)) return false;
    try {
      fs.accessSync(file);
      return true;
    } catch {
      return false;
    }
  }

  list(dir: string): string[] | undefined {
    if (looksLikeUri(dir)) return undefined;
    try {
      return fs.readdirSync(dir).sort();
    } catch {
      return undefined;
    }
  }

  fingerprint(file: string): string | undefined {
    const open = this.openDocument(file);
    if (open) return `open:${this.hashOf(open)}`;
    if (looksLikeUri(file)) return undefined;
    try {
      const st = fs.statSync(file);
      return `disk:${st.mtimeMs}:${st.size}`;
    } catch {
      return undefined;
    }
  }

  /** Versions restart when a document is reopened, so open documents are fingerprinted by content. */
  private hashOf(doc: DocumentSnapshot): string {
    const known = this.hashes.get(doc.uri);
    if (known && known.version === doc.version) return known.hash;
    const hash = createHash('sha1').update(doc.text).digest('hex');
    this.hashes.set(doc.uri, { version: doc.version, hash });
    return hash;
  }
}

function toSnapshot(doc: TextDocument): DocumentSnapshot {
  return { uri: doc.uri, path: pathOfUri(doc.uri), languageId: doc.languageId, version: doc.version, text: doc.getText() };
}
