/**
 * The demo snapshot generator: a seller's set-up plus ~90 days of integration history, made by
 * running the real engine over generated Amazon orders, stock movements, shipments and links.
 * Deterministic for a seed; the clock is synthetic.
 */
import { buildSearchIndexes, createIndexes, createSnapshot, type Snapshot, tabOrderIndexes } from '../db/index.js';
import { TRANSACTION_TYPES, type TransactionType } from '../engine/domain.js';
import { DAY, parseIso } from './clock.js';
import { FULFILLMENT_SCENARIOS, freshFulfillment, fulfillmentReady } from './fulfillment-runs.js';
import { INVENTORY_SCENARIOS, freshInventory } from './inventory-runs.js';
import { LINK_SCENARIOS, freshLinkSku } from './links.js';
import { seedMasterData } from './master.js';
import { ORDER_SCENARIOS, freshOrderImport } from './order-runs.js';
import { SHIP_LAG } from './amazon-orders.js';
import { Deck, TYPE_MIX, apportion } from './plan.js';
import { Rng } from './random.js';
import { Shapes } from './shapes.js';
import { World } from './world.js';

export interface DemoOptions {
  /** Transactions to generate (default 2000). */
  transactions?: number;
  /** Seed of the generator (default 1): the same options give the same snapshot. */
  seed?: number;
  /** The newest date, ISO-8601 (default '2026-11-27T08:00:00Z'); the history spans the 90 days before. */
  end?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface DemoStats {
  transactions: number;
  orders: number;
  errors: number;
  /** Errors (severity 'error') not resolved. */
  openErrors: number;
  byType: Record<string, number>;
  byCode: Record<string, number>;
}

export const DEFAULT_END = '2026-11-27T08:00:00Z';
const WINDOW_MS = 90 * DAY;
/** Runs per database transaction: large enough to be fast, small enough to report progress. */
const BATCH = 5000;
/**
 * One ERP item up front per this many transactions; new products linked during the window
 * add the rest, for about one item per ten orders.
 */
const ITEMS_EVERY = 60;
/**
 * SQLite's page cache while generating. A 1M-run demo is ~1 GB; with the default 2 MB (or
 * even 256 MB) the random-key index inserts miss the cache and the later half runs ~2x slower.
 * The cache grows only as pages are used and stays well inside sql.js's 2 GiB heap.
 */
const GENERATION_CACHE_KIB = 1024 * 1024;
/**
 * Messages older than this are taken as sent and acknowledged, and leave the
 * outbox, as a live integration clears it; a 90-day snapshot would otherwise
 * carry every feed ever sent (a sixth of its size).
 */
const OUTBOX_KEEP_MS = 7 * DAY;

/**
 * Share of each type's slots dealt as fresh runs from its scenario deck; the rest is room for
 * re-runs. Link SKU leaves the most room: it also links listings that failed elsewhere.
 */
const FRESH_SHARE: Record<TransactionType, number> = {
  'Order Import': 0.93,
  'Inventory Sync': 0.97,
  'Inventory Update': 0.97,
  'Fulfillment Update': 0.93,
  'Link SKU': 0.72,
};

/** Fills an empty snapshot (from createSnapshot()) with a realistic, deterministic integration history. */
export function generateDemo(db: Snapshot, opts: DemoOptions = {}): DemoStats {
  const total = opts.transactions ?? 2000;
  if (!Number.isInteger(total) || total < 1) throw new Error(`transactions must be a whole number >= 1, not ${total}`);
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(seed)) throw new Error(`seed must be a whole number, not ${seed}`);
  const endMs = parseIso(opts.end ?? DEFAULT_END);
  const startMs = endMs - WINDOW_MS;
  if (Number(db.value('SELECT count(*) FROM transactions')) > 0 || Number(db.value('SELECT count(*) FROM items')) > 0) {
    throw new Error('the demo fills an empty snapshot; this one has data');
  }

  const rng = new Rng(seed);
  const w = new World(db, rng, new Shapes(rng), seed);
  w.now = startMs;
  w.endMs = endMs;
  db.transaction(() =>
    seedMasterData(w, {
      seed,
      transactions: total,
      startMs,
      endMs,
      items: Math.max(40, Math.round(total / ITEMS_EVERY)),
    }),
  );

  const slots = apportion(total, TYPE_MIX);
  const fresh = (type: TransactionType) => Math.round(slots[type] * FRESH_SHARE[type]);
  const decks = {
    'Order Import': new Deck(fresh('Order Import'), ORDER_SCENARIOS, 'ok'),
    'Inventory Sync': new Deck(fresh('Inventory Sync'), INVENTORY_SCENARIOS, 'ok'),
    'Inventory Update': new Deck(fresh('Inventory Update'), INVENTORY_SCENARIOS, 'ok'),
    'Fulfillment Update': new Deck(fresh('Fulfillment Update'), FULFILLMENT_SCENARIOS, 'ok'),
    'Link SKU': new Deck(fresh('Link SKU'), LINK_SCENARIOS, 'newListing'),
  };
  const left = { ...slots };

  /** Draws the slot's type in proportion to what is left, skipping fulfillment while nothing has shipped. */
  const pickType = (): TransactionType => {
    let sum = 0;
    const usable: TransactionType[] = [];
    for (const type of TRANSACTION_TYPES) {
      if (left[type] === 0) continue;
      if (
        type === 'Fulfillment Update' &&
        !fulfillmentReady(w) &&
        !(w.hasDue(type) && left[type] > decks[type].remaining)
      )
        continue;
      usable.push(type);
      sum += left[type];
    }
    if (usable.length === 0) return 'Fulfillment Update'; // only fulfillments left: confirm what there is
    let r = rng.next() * sum;
    for (const type of usable) {
      r -= left[type];
      if (r < 0) return type;
    }
    return usable[usable.length - 1]!;
  };

  const runSlot = (type: TransactionType): void => {
    const deck = decks[type];
    // Re-runs take only the room the deck leaves, so every dealt scenario is played.
    if (left[type] > deck.remaining) {
      const rerun = w.takeDue(type);
      if (rerun) return rerun();
    }
    switch (type) {
      case 'Order Import':
        freshOrderImport(w, decks[type].draw(rng));
        return;
      case 'Inventory Sync':
      case 'Inventory Update':
        freshInventory(w, type, decks[type].draw(rng));
        return;
      case 'Fulfillment Update':
        freshFulfillment(w, decks[type].draw(rng));
        return;
      case 'Link SKU':
        freshLinkSku(w, decks[type].draw(rng));
        return;
    }
  };

  const step = WINDOW_MS / total;
  // The schedule's last tick: orders fetched in the last few slots wait in the queue.
  w.queueAfter = endMs - Math.max(45 * 60_000, step * 20);
  // Orders waiting to ship in steady state: fulfillment slots per ms times the mean lag, plus slack.
  w.shipmentBacklog = (slots['Fulfillment Update'] / WINDOW_MS) * ((SHIP_LAG[0] + SHIP_LAG[1]) / 2) + 8;
  let done = 0;
  /** [time, highest outbox id then] at the end of each batch, oldest first, to purge by id range. */
  const outboxMarks: [number, number][] = [];
  const cacheSize = Number(db.value('PRAGMA cache_size'));
  db.exec(`PRAGMA cache_size = ${-GENERATION_CACHE_KIB}`);
  // The rollback journal in memory, not in sql.js's in-memory file system: every batch wrote it there and copied it as it grew.
  const journalMode = String(db.value('PRAGMA journal_mode'));
  db.exec('PRAGMA journal_mode = MEMORY');
  // Indexes only the tabs read: dropped while generating and built once at the end, faster than keeping them current.
  for (const name of tabOrderIndexes()) db.exec(`DROP INDEX IF EXISTS ${name}`);
  try {
    while (done < total) {
      const batchEnd = Math.min(total, done + BATCH);
      db.transaction(() => {
        for (; done < batchEnd; done++) {
          // Evenly spread over the window, a little jitter, always moving forward, ending at `end`.
          const jitter = done === total - 1 ? 0 : rng.next() * step * 0.5;
          w.now = Math.floor((startMs + step * (done + 1) - jitter) / 1000) * 1000;
          w.applyDueErpEvents();
          const type = pickType();
          runSlot(type);
          left[type] -= 1;
        }
        outboxMarks.push([w.now, Number(db.value('SELECT COALESCE(MAX(id), 0) FROM outbox'))]);
        let sent = 0;
        while (outboxMarks.length && outboxMarks[0]![0] < w.now - OUTBOX_KEEP_MS) sent = outboxMarks.shift()![1];
        if (sent) db.run('DELETE FROM outbox WHERE id <= ?', [sent]);
      });
      opts.onProgress?.(done, total);
    }
    auditManualRuns(db);
  } finally {
    createIndexes(db);
    if (/^[a-z]+$/.test(journalMode)) db.exec(`PRAGMA journal_mode = ${journalMode}`);
    db.exec(`PRAGMA cache_size = ${Number.isInteger(cacheSize) ? cacheSize : -2000}`);
  }
  return demoStats(db);
}

/**
 * Every manual run was a user's: a re-run, or a link made by hand. They get the audit rows
 * the dashboard would have written, under the team's names.
 */
function auditManualRuns(db: Snapshot): void {
  db.run(`INSERT INTO audit_log(at, actor, action, target_table, target_id, detail)
    SELECT start_date, CASE id % 4 WHEN 0 THEN 'anna' WHEN 1 THEN 'ben' WHEN 2 THEN 'chloe' ELSE 'dmitri' END,
           CASE WHEN rerun_of IS NOT NULL THEN 'rerun' WHEN type = 'Link SKU' THEN 'link-sku' ELSE 'process' END,
           'transactions', coalesce(rerun_of, id),
           CASE WHEN rerun_of IS NOT NULL THEN 're-run as transaction ' || id || ': ' || status || ' (' || message || ')' ELSE message END
      FROM transactions WHERE sync_type = 'Manual' ORDER BY start_date, id`);
}

function countBy(db: Snapshot, sql: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of db.all<{ k: string; n: number }>(sql)) out[row.k] = row.n;
  return out;
}

/** What the snapshot holds, as the CLI reports it after generating. */
export function demoStats(db: Snapshot): DemoStats {
  const n = (sql: string): number => Number(db.value(sql) ?? 0);
  return {
    transactions: n('SELECT count(*) FROM transactions'),
    orders: n('SELECT count(*) FROM orders'),
    errors: n('SELECT count(*) FROM errors'),
    openErrors: n("SELECT count(*) FROM errors WHERE resolved = 0 AND severity = 'error'"),
    byType: countBy(db, 'SELECT type AS k, count(*) AS n FROM transactions GROUP BY type ORDER BY type'),
    byCode: countBy(db, 'SELECT code AS k, count(*) AS n FROM errors GROUP BY code ORDER BY code'),
  };
}

/** Generates a demo snapshot with its search indexes and writes it to `file`; returns the line the CLI prints. */
export async function writeDemo(file: string, opts: { transactions: number; seed: number }): Promise<string> {
  const db = await createSnapshot();
  try {
    const stats = generateDemo(db, opts);
    await buildSearchIndexes(db);
    db.saveAs(file);
    return `wrote ${file}: ${stats.transactions} transactions, ${stats.orders} orders, ${stats.errors} errors (${stats.openErrors} open)`;
  } finally {
    db.close();
  }
}
