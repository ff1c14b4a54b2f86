// The built server (dist/server.js) on hostile documents of its four kinds, changed by random edits (ranges
// past the end included) and whole replacements, and asked for hover, completion, symbols, definitions,
// references and quick fixes at random places meanwhile. It must stay alive, answer every request (a result or
// a proper LSP error), log no failure of its own, and publish diagnostics for the last version of each
// document, with ranges inside it. Fixed seeds plus one fresh seed per run (FUZZ_SEED replays one).

import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { caseSeed, makeRng, type Rng } from '../conformance/randomFragments';
import { deepNesting, fuzzPlan, hostileDocument, hugeLines, piecesOf, randomText, runsCase, seedDocuments, tenMegabytes, unterminated } from './generators';
import { answer, assertAlive, assertRangesInside, loggedFailures, makeWorkspace, startServer, TrackedText, type FuzzDocument, type FuzzServer, type FuzzWorkspace } from './workspace';

const plans = fuzzPlan('fuzz (server)', [1, 2, 3, 4]);
/** Edits per document and seed, and how long an answer or a document's diagnostics may take. */
const EDITS = 100;
const ANSWER_MS = 30_000;
const DIAGNOSTICS_MS = 60_000;
/** A 10 MB document carries up to half a million problems, each one converted and sent. */
const HUGE_ANSWER_MS = 120_000;
const HUGE_DIAGNOSTICS_MS = 180_000;

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };

/** A place in or near the document: mostly inside, sometimes past the last line or the line's end. */
function randomPosition(rng: Rng, t: TrackedText): { line: number; character: number } {
  const lines = t.doc.lineCount;
  const line = rng.chance(0.9) ? rng.int(0, lines - 1) : lines + rng.int(0, 5);
  return { line, character: rng.chance(0.85) ? rng.int(0, 120) : rng.int(120, 100_000) };
}

function randomRange(rng: Rng, t: TrackedText): Range {
  const a = randomPosition(rng, t);
  // Empty, forwards, or backwards (the protocol's text model orders them).
  const b = rng.chance(0.4) ? a : randomPosition(rng, t);
  return { start: a, end: b };
}

/** What an edit inserts: nothing (a deletion), a piece of the language, a new line, or odd characters. */
function randomInsert(rng: Rng, doc: FuzzDocument): string {
  return rng.weighted<() => string>([
    [() => '', 3],
    [() => rng.pick(piecesOf(doc.lang)), 4],
    [() => '\n', 1],
    [() => randomText(rng, rng.int(1, 40)), 2],
    [() => rng.pick(seedDocuments()[doc.lang]).slice(0, rng.int(0, 400)), 1],
  ])();
}

/** One random request about the document; resolves with the server's answer. */
function randomRequest(rng: Rng, server: FuzzServer, doc: FuzzDocument, t: TrackedText, timeoutMs = ANSWER_MS): Promise<unknown> {
  const textDocument = { uri: doc.uri };
  const position = randomPosition(rng, t);
  const [method, params] = rng.pick<[string, unknown]>([
    ['textDocument/hover', { textDocument, position }],
    ['textDocument/completion', { textDocument, position, context: rng.chance(0.5) ? { triggerKind: 1 } : { triggerKind: 2, triggerCharacter: rng.pick(['=', '"', '[']) } }],
    ['textDocument/documentSymbol', { textDocument }],
    ['textDocument/definition', { textDocument, position }],
    ['textDocument/references', { textDocument, position, context: { includeDeclaration: rng.chance(0.5) } }],
    ['textDocument/codeAction', { textDocument, range: randomRange(rng, t), context: { diagnostics: (server.client.diagnostics(doc.uri) ?? []).slice(0, 3) } }],
  ]);
  return answer(server.client, method, params, timeoutMs);
}

/** Waits for the diagnostics of every document's last version and checks them, the process and its log. */
async function settle(server: FuzzServer, docs: readonly FuzzDocument[], texts: ReadonlyMap<FuzzDocument, TrackedText>, what: string, timeoutMs = DIAGNOSTICS_MS): Promise<void> {
  for (const doc of docs) {
    const t = texts.get(doc)!;
    const diagnostics = await server.client.waitForVersion(doc.uri, t.version, timeoutMs);
    assertRangesInside(t.doc, diagnostics, `${what}, ${doc.lang} version ${t.version}`);
  }
  assertAlive(server, what);
  assert.deepEqual(loggedFailures(server.client), [], `${what}: the server logged failures${server.client.context()}`);
}

describe('fuzz: the running server on hostile documents, edits and requests', () => {
  let ws: FuzzWorkspace;
  before(() => {
    ws = makeWorkspace('kata-toolkit-fuzz-server-');
  });
  after(() => ws.remove());

  for (const plan of plans) {
    if (!runsCase(plan, 0)) continue;
    test(`hostile documents, random edits and requests, seed ${plan.seed}`, async () => {
      const rng = makeRng(caseSeed(plan.seed, 0));
      const server = await startServer(ws);
      try {
        const texts = new Map<FuzzDocument, TrackedText>();
        for (const doc of ws.docs) {
          const text = hostileDocument(rng, doc.lang, { huge: true });
          texts.set(doc, new TrackedText(doc.uri, doc.languageId, text));
          await server.client.open(doc.uri, doc.languageId, text);
        }
        const pending: Promise<unknown>[] = [];
        for (let i = 0; i < EDITS * ws.docs.length; i++) {
          const doc = rng.pick(ws.docs);
          const t = texts.get(doc)!;
          if (rng.chance(0.04)) {
            const text = hostileDocument(rng, doc.lang);
            t.replace(text);
            await server.client.change(doc.uri, text);
          } else {
            const range = randomRange(rng, t);
            const text = randomInsert(rng, doc);
            t.edit(range, text);
            await server.client.edit(doc.uri, range, text);
          }
          assert.equal(server.client.version(doc.uri), t.version);
          // Requests go out between edits, about whatever text the server has at that moment.
          if (rng.chance(0.3)) pending.push(randomRequest(rng, server, doc, t));
          // Now and then the server catches up before the next burst.
          if (rng.chance(0.03)) await server.client.waitForVersion(doc.uri, t.version, DIAGNOSTICS_MS);
        }
        await Promise.all(pending);
        await settle(server, ws.docs, texts, `seed ${plan.seed} (FUZZ_SEED=${plan.seed})`);
        // After the storm, requests at every kind of place are still answered.
        for (const doc of ws.docs) for (let k = 0; k < 6; k++) await randomRequest(rng, server, doc, texts.get(doc)!);
        assertAlive(server, 'after the last requests');
        assert.equal(await server.client.shutdown(), 0, 'the server exits cleanly');
      } finally {
        server.client.dispose();
      }
    });
  }

  test('every kind of request on every built hostile document: deep nesting, huge lines, unterminated constructs', async () => {
    const rng = makeRng(caseSeed(plans[0].seed, 20_000));
    const server = await startServer(ws);
    try {
      for (const doc of ws.docs) {
        const cases = [...deepNesting(doc.lang), ...hugeLines(rng, doc.lang), ...unterminated(doc.lang)];
        for (const [k, c] of cases.entries()) {
          const t = new TrackedText(doc.uri, doc.languageId, c.text);
          await (k === 0 ? server.client.open(doc.uri, doc.languageId, c.text) : server.client.change(doc.uri, c.text));
          // Versions go on from the first case: the tracked text follows.
          while (t.version < server.client.version(doc.uri)!) t.replace(c.text);
          for (const method of ['textDocument/documentSymbol', 'textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/references', 'textDocument/codeAction']) {
            const position = { line: rng.int(0, t.doc.lineCount - 1), character: rng.int(0, 50) };
            const params = method === 'textDocument/codeAction' ? { textDocument: { uri: doc.uri }, range: { start: position, end: position }, context: { diagnostics: [] } } : { textDocument: { uri: doc.uri }, position, context: { includeDeclaration: true, triggerKind: 1 } };
            await answer(server.client, method, params, ANSWER_MS);
          }
          await settle(server, [doc], new Map([[doc, t]]), `${doc.lang}: ${c.name}`);
        }
        await server.client.close(doc.uri);
      }
      assert.equal(await server.client.shutdown(), 0, 'the server exits cleanly');
    } finally {
      server.client.dispose();
    }
  });

  // One 10 MB document per run, of the kind the seed picks: each takes the server up to half a minute here
  // (half a million problems converted and sent), and all four would not fit the suite's time.
  const tenMbPlan = plans[plans.length - 1];
  const tenMbDoc = (ws: FuzzWorkspace) => ws.docs[tenMbPlan.seed % ws.docs.length];
  test(`a 10 MB document, opened, edited and asked about, seed ${tenMbPlan.seed}`, async () => {
    const rng = makeRng(caseSeed(tenMbPlan.seed, 10_000));
    const doc = tenMbDoc(ws);
    const server = await startServer(ws);
    try {
      const text = tenMegabytes(rng, doc.lang).text;
      const t = new TrackedText(doc.uri, doc.languageId, text);
      const started = Date.now();
      await server.client.open(doc.uri, doc.languageId, text);
      // A keystroke before the first check is done (a small edit within a line or two), then requests: the
      // server checks the last version once, and answers meanwhile.
      const at = randomPosition(rng, t);
      const range = { start: at, end: { line: at.line + rng.int(0, 1), character: rng.int(0, 40) } };
      const insert = rng.pick(piecesOf(doc.lang));
      t.edit(range, insert);
      await server.client.edit(doc.uri, range, insert);
      const answers: Promise<unknown>[] = [];
      for (let k = 0; k < 5; k++) answers.push(randomRequest(rng, server, doc, t, HUGE_ANSWER_MS));
      await Promise.all(answers);
      const asked = (Date.now() - started) / 1000;
      await settle(server, [doc], new Map([[doc, t]]), `10 MB ${doc.lang} of seed ${tenMbPlan.seed}`, HUGE_DIAGNOSTICS_MS);
      console.log(
        `server, 10 MB ${doc.lang}: ${t.doc.lineCount} lines, 5 requests answered ${asked.toFixed(1)} s after opening, ${server.client.diagnostics(doc.uri)?.length ?? 0} diagnostics for the edited version after ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      assertAlive(server, 'after the 10 MB document');
      assert.equal(await server.client.shutdown(), 0, 'the server exits cleanly');
    } finally {
      server.client.dispose();
    }
  });
});
