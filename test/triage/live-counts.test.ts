import { beforeAll, describe, expect, it } from 'vitest';
import { buildSearchIndexes, createSnapshot, indexWords, type Snapshot } from '../../src/db/index.js';
import { generateDemo } from '../../src/demo/generate-demo.js';
import { runAction } from '../../src/triage/actions.js';
import { KEEP_WORD_COUNT_FROM, LiveCounts } from '../../src/triage/live-counts.js';
import { countRows, listRecords, NO_FILTERS, tabQueries } from '../../src/triage/index.js';
import { addTransaction, baseSnapshot, count } from '../fixtures.js';

/** What the search index says now: the truth a kept count must equal. */
const indexCount = (snap: Snapshot, word: string) =>
  count(snap, 'SELECT COUNT(*) FROM transactions_fts WHERE transactions_fts MATCH ?', [`${word}*`]);

describe('counts kept by triggers', () => {
  it('follows inserts, updates and deletes, and rolls back with a failed change', async () => {
    const snap = await baseSnapshot();
    for (let i = 0; i < 30; i++) {
      addTransaction(snap, {
        type: i % 3 ? 'Inventory Sync' : 'Order Import',
        sku: `SKU-${i % 4}`,
        date: `2026-11-2${i % 9}T10:00:00Z`,
        message: i % 2 ? 'Send feed: quantity sent' : 'Dropped as SO-1',
      });
    }
    await buildSearchIndexes(snap);
    const live = LiveCounts.of(snap);
    const words = ['send', 'sen', 'dropped', 'sync', 'sku', 'so'];
    // Kept from the first match on, so that small data exercises the triggers.
    for (const w of words) live.wordRows('transactions', w, 1);
    expect(live.rows('transactions')).toBe(30);

    const check = () => {
      expect(live.rows('transactions')).toBe(count(snap, 'SELECT COUNT(*) FROM transactions'));
      for (const w of words) {
        expect(live.wordQuery('transactions', w), w).toBeDefined();
        expect(live.wordRows('transactions', w), w).toBe(indexCount(snap, w));
      }
    };
    check();
    addTransaction(snap, {
      type: 'Inventory Sync',
      sku: 'SKU-9',
      date: '2026-11-29T10:00:00Z',
      message: 'Send feed again',
    });
    check();
    snap.run("UPDATE transactions SET message = 'Dropped as SO-7' WHERE id IN (2, 4, 6)");
    check();
    snap.run('UPDATE transactions SET resolved = 0 WHERE id = 5'); // not an indexed column
    check();
    snap.run('DELETE FROM transactions WHERE id IN (1, 3, 31)');
    check();
    const before = live.wordRows('transactions', 'send');
    expect(() =>
      snap.transaction(() => {
        snap.run("UPDATE transactions SET message = 'Send send' WHERE message LIKE 'Dropped%'");
        snap.run('DELETE FROM transactions WHERE id = 10');
        throw new Error('the action failed half way');
      }),
    ).toThrow(/half way/);
    expect(live.wordRows('transactions', 'send')).toBe(before);
    check();
    expect(live.rows('transactions')).toBe(28);
  });

  it('keeps no count for a rare word: the index counts it cheaply each time', async () => {
    const snap = await baseSnapshot();
    addTransaction(snap, { date: '2026-11-20T10:00:00Z', message: 'Dropped as SO-1' });
    await buildSearchIndexes(snap);
    const live = LiveCounts.of(snap);
    expect(live.wordRows('transactions', 'dropped')).toBe(1);
    expect(live.wordQuery('transactions', 'dropped')).toBeUndefined();
  });

  it('the unfiltered tab count reads the kept row count and stays right after writes', async () => {
    const snap = await baseSnapshot();
    for (let i = 0; i < 5; i++) addTransaction(snap, { date: `2026-11-2${i}T10:00:00Z` });
    expect(countRows(snap, 'logs', NO_FILTERS)).toBe(5);
    expect(tabQueries(snap, 'logs', NO_FILTERS, 10).count.sql).toMatch(/live_counts/);
    addTransaction(snap, { date: '2026-11-26T10:00:00Z' });
    expect(countRows(snap, 'logs', NO_FILTERS)).toBe(6);
  });
});

/** Asks for the counts of the words of the most frequent messages; those of KEEP_WORD_COUNT_FROM rows or more are kept. */
function keepCommonWordCounts(snap: Snapshot): number {
  const live = LiveCounts.of(snap);
  const messages = snap
    .all<{ message: string }>('SELECT message FROM transactions GROUP BY message ORDER BY COUNT(*) DESC LIMIT 20')
    .map((r) => r.message);
  let kept = 0;
  for (const word of new Set(messages.flatMap((m) => indexWords(m))))
    if (live.wordRows('transactions', word) >= KEEP_WORD_COUNT_FROM) kept++;
  return kept;
}

describe('counts kept for the common words of a demo', () => {
  let snap: Snapshot;
  let kept: number;
  beforeAll(async () => {
    snap = await createSnapshot();
    generateDemo(snap, { transactions: 12_000, seed: 3 });
    await buildSearchIndexes(snap);
    kept = keepCommonWordCounts(snap);
  }, 120_000);

  it('keeps the exact counts of the common words', () => {
    expect(kept).toBeGreaterThan(3);
    const rows = snap.all<{ word: string; n: number }>(
      "SELECT word, n FROM temp.live_counts WHERE tbl = 'transactions' AND word <> ''",
    );
    expect(rows.length).toBeGreaterThan(3);
    for (const { word, n } of rows) {
      expect(n, word).toBeGreaterThanOrEqual(KEEP_WORD_COUNT_FROM);
      expect(n, word).toBe(indexCount(snap, word));
    }
  });

  it('a keyword on a common word counts through the kept count, also after actions', () => {
    const [{ word }] = snap.all<{ word: string }>(
      "SELECT word FROM temp.live_counts WHERE tbl = 'transactions' AND word <> '' ORDER BY n DESC LIMIT 1",
    );
    const filters = { ...NO_FILTERS, keyword: word };
    expect(tabQueries(snap, 'logs', filters, 10).count.sql).toMatch(/live_counts/);
    expect(countRows(snap, 'logs', filters)).toBe(indexCount(snap, word));
    // Re-runs add transactions and change messages: the kept counts follow.
    const failed = snap
      .all<{ id: number }>("SELECT id FROM transactions WHERE status = 'Error' AND resolved = 0 LIMIT 20")
      .map((r) => r.id);
    expect(failed.length).toBeGreaterThan(0);
    runAction(snap, 'logs', 'rerun', failed, { actor: 'test', now: () => '2026-12-01T10:00:00Z' });
    for (const { word: w, n } of snap.all<{ word: string; n: number }>(
      "SELECT word, n FROM temp.live_counts WHERE tbl = 'transactions' AND word <> ''",
    )) {
      expect(n, w).toBe(indexCount(snap, w));
    }
    expect(countRows(snap, 'logs', filters)).toBe(indexCount(snap, word));
    expect(countRows(snap, 'logs', NO_FILTERS)).toBe(count(snap, 'SELECT COUNT(*) FROM transactions'));
  });
});

describe('keyword plans from the kept counts', () => {
  let snap: Snapshot;
  beforeAll(async () => {
    snap = await createSnapshot();
    generateDemo(snap, { transactions: 12_000, seed: 4 });
    await buildSearchIndexes(snap);
    keepCommonWordCounts(snap);
  }, 120_000);

  const likeIds = (text: string) =>
    snap
      .all<{ id: number }>(
        'SELECT id FROM transactions WHERE message LIKE ?1 OR order_ref LIKE ?1 OR sku LIKE ?1 OR type LIKE ?1 ORDER BY import_date DESC, id DESC',
        [`%${text}%`],
      )
      .map((r) => r.id);

  it('a prefix of a kept common word walks the rows in order, without counting first', () => {
    const [{ word }] = snap.all<{ word: string }>(
      "SELECT word FROM temp.live_counts WHERE tbl = 'transactions' AND length(word) > 4 ORDER BY n DESC LIMIT 1",
    );
    const prefix = word.slice(0, 3);
    const filters = { ...NO_FILTERS, keyword: prefix };
    expect(listRecords(snap, 'logs', filters, 10)).toHaveLength(10);
    expect(LiveCounts.of(snap).wordQuery('transactions', prefix)).toBeUndefined(); // not counted for the rows
    expect(tabQueries(snap, 'logs', filters, 10).rows.sql).toMatch(/keyword_in/);
    // Counting it afterwards keeps it too.
    expect(countRows(snap, 'logs', filters)).toBe(indexCount(snap, prefix));
    expect(tabQueries(snap, 'logs', filters, 10).count.sql).toMatch(/live_counts/);
  });

  it('a phrase of common words that is rare among the newest rows is found through the index, with the same rows', () => {
    const [{ word }] = snap.all<{ word: string }>(
      "SELECT word FROM temp.live_counts WHERE tbl = 'transactions' AND word <> '' ORDER BY n DESC LIMIT 1",
    );
    const rare = `${word} ${word}`;
    expect(tabQueries(snap, 'logs', { ...NO_FILTERS, keyword: rare }, 10).rows.sql).toMatch(/MATCH/);
    expect(listRecords(snap, 'logs', { ...NO_FILTERS, keyword: rare }, -1).map((r) => Number(r.id))).toEqual(
      likeIds(rare),
    );
    // A phrase found all over the newest rows is walked in order.
    const [{ message }] = snap.all<{ message: string }>(
      'SELECT message FROM transactions GROUP BY message ORDER BY COUNT(*) DESC LIMIT 1',
    );
    const common = message.split(' ').slice(0, 2).join(' ');
    expect(tabQueries(snap, 'logs', { ...NO_FILTERS, keyword: common }, 10).rows.sql).toMatch(/keyword_in/);
    expect(listRecords(snap, 'logs', { ...NO_FILTERS, keyword: common }, -1).map((r) => Number(r.id))).toEqual(
      likeIds(common),
    );
  });
});
