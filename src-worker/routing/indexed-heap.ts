// Indexed binary min-heap over typed arrays, shared by Dijkstra and the A* spur searches of Yen:
// heap[i] is a node, pos[node] its slot (or NOT_QUEUED / SETTLED), key[node] its priority.
// Functions rather than a class so V8 inlines them into the SPF loops.

export const NOT_QUEUED = -1;
export const SETTLED = -2;

export function heapSiftUp(heap: Int32Array, pos: Int32Array, key: Float64Array, i: number): void {
  const v = heap[i]!;
  const kv = key[v]!;
  while (i > 0) {
    const p = (i - 1) >> 1;
    const pu = heap[p]!;
    if (key[pu]! <= kv) break;
    heap[i] = pu;
    pos[pu] = i;
    i = p;
  }
  heap[i] = v;
  pos[v] = i;
}

export function heapSiftDown(heap: Int32Array, pos: Int32Array, key: Float64Array, size: number, i: number): void {
  const v = heap[i]!;
  const kv = key[v]!;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= size) break;
    const r = c + 1;
    if (r < size && key[heap[r]!]! < key[heap[c]!]!) c = r;
    const cu = heap[c]!;
    if (key[cu]! >= kv) break;
    heap[i] = cu;
    pos[cu] = i;
    i = c;
  }
  heap[i] = v;
  pos[v] = i;
}

/** Removes and returns the minimum; `size` is the size before removal. Marks it SETTLED. */
export function heapPop(heap: Int32Array, pos: Int32Array, key: Float64Array, size: number): number {
  const u = heap[0]!;
  pos[u] = SETTLED;
  const last = size - 1;
  if (last > 0) {
    const v = heap[last]!;
    heap[0] = v;
    pos[v] = 0;
    heapSiftDown(heap, pos, key, last, 0);
  }
  return u;
}
