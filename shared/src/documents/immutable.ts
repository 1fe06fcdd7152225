// What a kept draft reads again and again (the api's publish, docs/decisions/0001) is deep-frozen and known as
// such: an unchanged entity is then the very same object on the next read, so work done over it — its canonical
// JSON, its validation, its diff against the version before — can be kept by identity instead of redone for
// every entity of a 500-node flow on every publish.

const deepFrozen = new WeakSet<object>();

/** Freezes `value` and everything in it, and marks each object so `isDeepFrozen` knows it. */
export function freezeDeep<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !deepFrozen.has(value)) {
    for (const nested of Object.values(value)) freezeDeep(nested);
    Object.freeze(value);
    deepFrozen.add(value);
  }
  return value;
}

/** Whether nothing in `value` can ever change (frozen by `freezeDeep`, not merely by `Object.freeze`). */
export function isDeepFrozen(value: object): boolean {
  return deepFrozen.has(value);
}
