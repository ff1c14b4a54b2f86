// Recursion whose depth the input decides, without the call stack.
//
// A walk written as a recursive function overflows V8's stack after some thousands of levels (the limit
// depends on the frame sizes, not on memory), and the kernel's own C code, which the input was written for,
// goes far deeper. Written as a generator that yields where it would call itself, the same walk keeps its
// pending levels on the heap instead: `walkDeep` runs it, resuming each level with what the level below it
// returned.

/**
 * Runs `body(start)`, where `body` yields an argument wherever it would call itself and receives that call's
 * result back from the yield. Returns what `body(start)` returns. An exception thrown at any level ends the
 * whole walk (the levels above it are not resumed).
 */
export function walkDeep<A, R>(body: (arg: A) => Generator<A, R, R>, start: A): R {
  const levels: Generator<A, R, R>[] = [body(start)];
  // The first next() of a generator ignores its argument; after that it is the result of the level below.
  let result = undefined as unknown as R;
  for (;;) {
    const step = levels[levels.length - 1].next(result);
    if (step.done) {
      levels.pop();
      if (levels.length === 0) return step.value;
      result = step.value;
    } else {
      levels.push(body(step.value));
      result = undefined as unknown as R;
    }
  }
}

/** Whether `e` is V8 giving up on a recursion too deep for its stack. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}
