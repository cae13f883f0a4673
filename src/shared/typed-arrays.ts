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
