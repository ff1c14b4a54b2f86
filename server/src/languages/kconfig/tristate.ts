// Kconfig's three-valued logic: n < m < y, with AND as minimum, OR as maximum and NOT as mirror.

export const enum Tri {
  No = 0,
  Mod = 1,
  Yes = 2,
}

export function triAnd(a: Tri, b: Tri): Tri {
  return a < b ? a : b;
}

export function triOr(a: Tri, b: Tri): Tri {
  return a > b ? a : b;
}

export function triNot(a: Tri): Tri {
  return (2 - a) as Tri;
}

export function triName(t: Tri): 'n' | 'm' | 'y' {
  return t === Tri.Yes ? 'y' : t === Tri.Mod ? 'm' : 'n';
}
