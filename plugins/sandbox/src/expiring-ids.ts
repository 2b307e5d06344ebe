/**
 * Ids remembered until a deadline: used codes and revoked tokens only matter while the values they
 * name could still verify, so memory stays bounded by what is live.
 */
export class ExpiringIds {
  readonly #deadlines = new Map<string, number>();
  readonly #now: () => number;
  #lastSweep = 0;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Remembers `id` until `expiresAt` (epoch milliseconds). */
  add(id: string, expiresAt: number): void {
    this.#sweep();
    this.#deadlines.set(id, Math.max(expiresAt, this.#deadlines.get(id) ?? 0));
  }

  /** True while `id` is remembered. */
  has(id: string): boolean {
    const deadline = this.#deadlines.get(id);
    return deadline !== undefined && deadline > this.#now();
  }

  // At most once a second, so a burst of adds stays O(1) each.
  #sweep(): void {
    const now = this.#now();
    if (now - this.#lastSweep < 1000) return;
    this.#lastSweep = now;
    for (const [id, deadline] of this.#deadlines) if (deadline <= now) this.#deadlines.delete(id);
  }
}
