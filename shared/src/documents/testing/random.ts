// A seeded PRNG (mulberry32) so a failing convergence run can be replayed from its seed.
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let mixed = this.state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, bound). */
  int(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Cannot pick from an empty list.');
    return items[this.int(items.length)] as T;
  }

  /** Takes `count` random items out of `items` (in random order). */
  take<T>(items: T[], count: number): T[] {
    return Array.from(
      { length: Math.min(count, items.length) },
      () => items.splice(this.int(items.length), 1)[0] as T,
    );
  }

  /** A fresh id, reproducible from the seed. */
  id(): string {
    return `e${this.int(2 ** 32).toString(36)}${this.int(2 ** 32).toString(36)}`;
  }

  /** A short random text with some non-ASCII characters, for typing into shared texts. */
  text(maxLength = 12): string {
    const alphabet = 'abcdefgh ijkl-mnop_qrstuvwxyz ÄÖü€😀';
    const characters = [...alphabet];
    return Array.from({ length: this.int(maxLength + 1) }, () => this.pick(characters)).join('');
  }
}
