/**
 * Gives the memory of a typed array's buffer (its own, whole: not a view into a shared one) back
 * at once: `ArrayBuffer.prototype.transfer(0)` (ES2024, Node 22 and later) detaches it and frees
 * what it held, where a buffer merely let go is freed by the collector's next full pass — which a
 * large query may run without. The view is empty afterwards; nothing may read it again.
 */
export function releaseBuffer(
  view: Float64Array | Int32Array | Uint8Array,
): void {
  (
    view.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer }
  ).transfer?.(0);
}

/**
 * A copy of `a` in a new array of the same type with at least `length` places, its length
 * doubled as often as that takes (doubled once by default); the places past `a` are zero.
 */
export function grown<A extends Int32Array | Uint8Array | Float64Array>(
  a: A,
  length = a.length * 2,
): A {
  let size = Math.max(a.length, 1) * 2;
  while (size < length) size *= 2;
  const next = new (a.constructor as new (n: number) => A)(size);
  next.set(a);
  return next;
}
