// Array helpers that hold for arrays of any length.

/**
 * Appends `items` to `to` and returns `to`. `to.push(...items)` passes every item as an argument, and past
 * about 120,000 of them (a problem per line of a large file, the lines of a large fragment) the call
 * overflows the stack.
 */
export function appendAll<T>(to: T[], items: Iterable<T>): T[] {
  for (const item of items) to.push(item);
  return to;
}
