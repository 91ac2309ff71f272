// A handful of items, one per key, in the order they came: a visit's participants and its
// connections. Thousands of visits are live at once, so each is an array replaced on every change
// (about 60 bytes, where a Map costs about 270) and a lookup scans at most a few entries. A loop over
// values() while an item comes or goes keeps the array it started with, as a Map's iterator would not.
export class KeyedList<T> {
  private list: readonly T[];

  constructor(
    private readonly keyOf: (item: T) => string,
    items: readonly T[] = [],
  ) {
    this.list = [...items];
  }

  get size(): number {
    return this.list.length;
  }

  get(key: string): T | undefined {
    for (const item of this.list) if (this.keyOf(item) === key) return item;
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Puts `item` in place of the one with its key (a new key goes last); returns the one replaced. */
  put(item: T): T | undefined {
    const key = this.keyOf(item);
    const i = this.list.findIndex((x) => this.keyOf(x) === key);
    const previous = i < 0 ? undefined : this.list[i];
    // concat and with() allocate exactly what they hold; a push would reserve room for 16.
    this.list = i < 0 ? this.list.concat([item]) : this.list.with(i, item);
    return previous;
  }

  /** Removes the item with this key; returns whether there was one. */
  delete(key: string): boolean {
    const i = this.list.findIndex((x) => this.keyOf(x) === key);
    if (i < 0) return false;
    this.list = this.list.slice(0, i).concat(this.list.slice(i + 1));
    return true;
  }

  replaceAll(items: readonly T[]): void {
    this.list = [...items];
  }

  /** The items now, in order; later changes make a new array. */
  values(): readonly T[] {
    return this.list;
  }

  keys(): string[] {
    return this.list.map(this.keyOf);
  }
}
