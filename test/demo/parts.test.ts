/** The demo's building blocks: the seeded PRNG, the mix, the scenario decks, the identifier shapes. */
import { describe, expect, it } from 'vitest';
import { Deck, TYPE_MIX, apportion } from '../../src/engine/demo/plan.js';
import { Rng } from '../../src/engine/demo/random.js';
import { Shapes } from '../../src/engine/demo/shapes.js';

describe('Rng', () => {
  it('repeats its stream for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const r = new Rng(seed);
      return Array.from({ length: 20 }, () => r.next());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    for (const x of draw(5)) expect(x >= 0 && x < 1).toBe(true);
  });

  it('stays within integer bounds', () => {
    const r = new Rng(9);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(r.int(3, 6));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });
});

describe('apportion', () => {
  it('splits a total exactly in proportion', () => {
    for (const total of [1, 7, 2000, 99_999, 1_000_000]) {
      const counts = apportion(total, TYPE_MIX);
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(total);
    }
    expect(apportion(1_000_000, TYPE_MIX)).toEqual({
      'Inventory Sync': 550_000,
      'Inventory Update': 100_000,
      'Order Import': 220_000,
      'Fulfillment Update': 100_000,
      'Link SKU': 30_000,
    });
  });
});

describe('Deck', () => {
  it('deals every scenario at least once and the rest as the fallback', () => {
    const deck = new Deck<'ok' | 'rare' | 'common'>(50, { ok: 0, rare: 0.001, common: 0.2 }, 'ok');
    const r = new Rng(4);
    const dealt: Record<string, number> = {};
    for (let i = 0; i < 50; i++) {
      const s = deck.draw(r);
      dealt[s] = (dealt[s] ?? 0) + 1;
    }
    expect(dealt).toEqual({ ok: 39, rare: 1, common: 10 });
    expect(deck.remaining).toBe(0);
    expect(deck.draw(r)).toBe('ok');
  });
});

describe('Shapes', () => {
  const shapes = new Shapes(new Rng(11));

  it('draws unique AmazonOrderIds and ASINs of the right form', () => {
    const refs = Array.from({ length: 500 }, () => shapes.orderRef());
    expect(new Set(refs).size).toBe(500);
    for (const ref of refs) expect(ref).toMatch(/^\d{3}-\d{7}-\d{7}$/);
    for (let i = 0; i < 200; i++) expect(shapes.asin()).toMatch(/^B0[0-9A-Z]{8}$/);
  });

  it('draws tracking numbers in each carrier format', () => {
    for (let i = 0; i < 100; i++) {
      expect(shapes.trackingNumber('UPS')).toMatch(/^1Z[0-9A-Z]{16}$/);
      expect(shapes.trackingNumber('USPS')).toMatch(/^\d{22}$/);
      expect(shapes.trackingNumber('FedEx')).toMatch(/^\d{12}$/);
    }
  });

  it('gives each Amazon listing its own seller SKU, even for the same item', () => {
    const skus = Array.from({ length: 50 }, () => shapes.sellerSku('KIT-1042-BLK'));
    expect(new Set(skus).size).toBe(50);
    expect(skus).toContain('KIT-1042-BLK');
  });
});
