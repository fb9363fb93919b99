/** How many runs of each type the demo makes, and which scenario each fresh run plays. */
import type { TransactionType } from '../engine/domain.js';
import type { Rng } from './random.js';

/** Share of each transaction type: stock syncs dominate, as in a live integration. */
export const TYPE_MIX: Readonly<Record<TransactionType, number>> = {
  'Inventory Sync': 0.55,
  'Inventory Update': 0.1,
  'Order Import': 0.22,
  'Fulfillment Update': 0.1,
  'Link SKU': 0.03,
};

/** Splits total into whole counts in proportion to the shares, summing exactly to total (largest remainder). */
export function apportion<K extends string>(total: number, shares: Readonly<Record<K, number>>): Record<K, number> {
  const keys = Object.keys(shares) as K[];
  const sum = keys.reduce((s, k) => s + shares[k], 0);
  const exact = keys.map((k) => (total * shares[k]) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((s, c) => s + c, 0);
  const byRemainder = keys.map((_, i) => i).sort((a, b) => exact[b]! - counts[b]! - (exact[a]! - counts[a]!) || a - b);
  for (const i of byRemainder) {
    if (left === 0) break;
    counts[i]! += 1;
    left -= 1;
  }
  const out = {} as Record<K, number>;
  keys.forEach((k, i) => (out[k] = counts[i]!));
  return out;
}

/**
 * A shuffled deck of scenarios, drawn without replacement: every scenario with a non-zero
 * share is dealt at least once, so even a small demo shows each kind of failure, and a large
 * one shows them in proportion. `fallback` is played once the deck is empty.
 */
export class Deck<S extends string> {
  private readonly names: S[];
  private readonly left: number[];
  private total: number;

  constructor(
    size: number,
    shares: Readonly<Record<S, number>>,
    private readonly fallback: S,
  ) {
    this.names = Object.keys(shares) as S[];
    this.left = this.names.map((s) => (s === fallback ? 0 : Math.max(1, Math.round(size * shares[s]))));
    const dealt = this.left.reduce((a, b) => a + b, 0);
    this.left[this.names.indexOf(fallback)] = Math.max(0, size - dealt);
    this.total = this.left.reduce((a, b) => a + b, 0);
  }

  get remaining(): number {
    return this.total;
  }

  draw(rng: Rng): S {
    if (this.total === 0) return this.fallback;
    let r = Math.floor(rng.next() * this.total);
    for (let i = 0; i < this.names.length; i++) {
      if (r < this.left[i]!) {
        this.left[i]! -= 1;
        this.total -= 1;
        return this.names[i]!;
      }
      r -= this.left[i]!;
    }
    return this.fallback;
  }
}
