/**
 * Errors seen as problems: how many attempts a problem had, the runs of the
 * thing it belongs to (its history), and whether re-running it would pass now.
 */
import type { Row, Snapshot } from '../db/index.js';
import { thingOf, wouldPassNow, type Diagnosis, type Thing } from '../engine/index.js';
import { keptUntilWrite } from './write-counter.js';

interface ErrorKey {
  transaction_id: number | null;
  code: string;
  sku: string | null;
}

const TX = 'SELECT type, order_ref, sku FROM transactions WHERE id = ?';

function thingOfTransaction(db: Snapshot, txId: number): Thing | undefined {
  const t = db.get<{ type: string; order_ref: string | null; sku: string | null }>(TX, [txId]);
  return t ? thingOf(db, t.type, t.order_ref, t.sku, txId) : undefined;
}

/** The types of a SKU's runs, as a test on transactions `t` (+: never the type's index, the SKU's serves). */
const RUN_TYPES = {
  inventory: "+t.type IN ('Inventory Sync', 'Inventory Update')",
  link: "+t.type = 'Link SKU'",
} as const;

/** The ids of the runs of a thing, as SQL over transactions (for IN (...)), with its parameters. */
function runsOf(thing: Thing): { sql: string; params: (string | number)[] } {
  switch (thing.kind) {
    case 'order':
      return {
        sql: 'SELECT id FROM transactions WHERE order_ref = ? AND +type = ?',
        params: [thing.orderRef, thing.type],
      };
    case 'inventory':
    case 'link':
      return { sql: `SELECT id FROM transactions t WHERE sku = ? AND ${RUN_TYPES[thing.kind]}`, params: [thing.sku] };
    case 'chain':
      return {
        sql: 'WITH RECURSIVE chain(id) AS (SELECT ? UNION SELECT t.id FROM transactions t JOIN chain c ON t.rerun_of = c.id) SELECT id FROM chain',
        params: [thing.root],
      };
  }
}

/**
 * Attempts of the error's problem up to this error: the runs of its thing, up to its own,
 * that reported the same code for the same SKU.
 */
export function attemptsOf(db: Snapshot, e: ErrorKey): number {
  if (e.transaction_id === null) return 1;
  const counted = countedAttempts(db).current();
  const key = `${e.transaction_id}\u0000${e.code}\u0000${e.sku ?? ''}`;
  let n = counted.get(key);
  if (n === undefined) {
    // A bound on memory for a long session: 50,000 counts are 3 MB.
    if (counted.size >= 50_000) counted.clear();
    counted.set(key, (n = countAttempts(db, e.transaction_id, e)));
  }
  return n;
}

function countAttempts(db: Snapshot, txId: number, e: ErrorKey): number {
  const thing = thingOfTransaction(db, txId);
  if (!thing) return 1;
  if ((thing.kind === 'inventory' || thing.kind === 'link') && e.sku) {
    // A SKU's runs are many (a stock sync a day) and listing them reads each one's row, scattered over the
    // file; its errors are few: they drive the count, each one's run checked by its id.
    return Number(
      db.value(
        `SELECT COUNT(DISTINCT x.transaction_id) FROM errors x
          WHERE x.sku = ? AND +x.code = ? AND +x.transaction_id <= ?
            AND EXISTS (SELECT 1 FROM transactions t WHERE t.id = x.transaction_id AND t.sku = ? AND ${RUN_TYPES[thing.kind]})`,
        [e.sku, e.code, txId, thing.sku],
      ) ?? 1,
    );
  }
  const runs = runsOf(thing);
  return Number(
    db.value(
      // The run ids drive the lookup (errors_by_tx); a code is shared by thousands of errors.
      `SELECT COUNT(DISTINCT transaction_id) FROM errors WHERE +code = ? AND coalesce(sku, '') = ? AND +transaction_id <= ? AND transaction_id IN (${runs.sql})`,
      [e.code, e.sku ?? '', txId, ...runs.params],
    ) ?? 1,
  );
}

/**
 * Attempts counted so far, per snapshot: an Errors page counts them for each
 * row (a third of its time on a million transactions), and every action
 * (a new snapshot version) made the next page count them again. An error's
 * count rests only on the runs and errors up to its own run, which actions do
 * not rewrite: they flag rows resolved and add runs after the last one. So
 * counts are kept across actions, and all dropped when temp triggers see an
 * error or a run added, removed, or changed in what a count reads (its run,
 * code, SKU, order, type, or the run it re-runs).
 */
const countedAttempts = keptUntilWrite<string, number>('attempt_inputs', [
  'INSERT ON main.errors',
  'DELETE ON main.errors',
  'UPDATE OF transaction_id, code, sku ON main.errors',
  'INSERT ON main.transactions',
  'DELETE ON main.transactions',
  'UPDATE OF id, type, order_ref, sku, rerun_of ON main.transactions',
]);

/** The runs of the thing the transaction is a run of, oldest first (at most the newest `limit`). */
export function historyOf(db: Snapshot, txId: number, limit = 50): Row[] {
  const thing = thingOfTransaction(db, txId);
  if (!thing) return [];
  const runs = runsOf(thing);
  return db
    .all(
      `SELECT id, import_date, end_date, status, sync_type, message, rerun_of, superseded_by, resolved,
              (SELECT group_concat(code, ', ') FROM (SELECT DISTINCT code FROM errors x WHERE x.transaction_id = t.id AND x.severity <> 'info')) AS codes
         FROM transactions t WHERE id IN (${runs.sql}) ORDER BY id DESC LIMIT ?`,
      [...runs.params, limit],
    )
    .reverse();
}

/** Tables the rules read whole rows of: any write to one may change a diagnosis. */
const RULE_TABLES = [
  'order_lines',
  'documents',
  'sku_links',
  'items',
  'stock',
  'settings',
  'ship_methods',
  'shipments',
];

/** What the rules read to tell whether a re-run passes (src/engine/diagnose.ts and the assessments it calls), as trigger events. */
const PASS_INPUTS = [
  ...['transactions', 'inventory_log', 'orders', ...RULE_TABLES].flatMap((t) => [
    `INSERT ON main.${t}`,
    `DELETE ON main.${t}`,
  ]),
  ...RULE_TABLES.map((t) => `UPDATE ON main.${t}`),
  // Not resolved, rerun_of, superseded_by and the like, which marking resolved writes.
  'UPDATE OF id, type, order_ref, sku, payload, status, start_date ON main.transactions',
  'UPDATE OF transaction_id, qty_before, qty_after ON main.inventory_log',
  `UPDATE OF id, order_ref, purchase_date, amazon_status, fulfillment_channel, ship_service_level, ship_city, ship_state,
     ship_postal_code, ship_country, currency, total, status, xoro_ref ON main.orders`,
];

/**
 * The transactions' diagnoses, kept per snapshot across the writes that
 * cannot change one. Telling whether a re-run would pass runs the rules on
 * the run's order, lines, links, items, stock and settings: for the 22,000
 * open errors of a million transactions, 5 s, which the groups view (E) and
 * the "would pass" filter paid again after every action. Marking errors
 * resolved writes none of what the rules read; temp triggers drop the kept
 * diagnoses on any write that could (PASS_INPUTS).
 */
const keptDiagnoses = keptUntilWrite<number, Diagnosis>('pass_inputs', PASS_INPUTS);

/** Per snapshot version: the open errors that would pass. */
const openWouldPass = new WeakMap<Snapshot, { version: number; errors: Set<number> }>();

/** Whether re-running the transaction would pass now (kept until a write that could change it). */
export function diagnose(db: Snapshot, txId: number): Diagnosis {
  return diagnoseWith(db, keptDiagnoses(db).current(), txId);
}

function diagnoseWith(db: Snapshot, kept: Map<number, Diagnosis>, txId: number): Diagnosis {
  let d = kept.get(txId);
  if (!d) {
    try {
      d = wouldPassNow(db, txId);
    } catch {
      // A transaction no rule runs (an unknown type from a producer) never passes.
      d = { pass: false, codes: [] };
    }
    kept.set(txId, d);
  }
  return d;
}

const OPEN_ERRORS =
  "SELECT id, transaction_id FROM errors WHERE resolved = 0 AND severity = 'error' AND transaction_id IS NOT NULL";

/** The open errors whose transaction would pass if re-run now. */
export function wouldPassErrors(db: Snapshot): Set<number> {
  let open = openWouldPass.get(db);
  if (open?.version !== db.version) {
    const kept = keptDiagnoses(db).current();
    const errors = new Set<number>();
    for (const e of db.all<{ id: number; transaction_id: number }>(OPEN_ERRORS)) {
      if (diagnoseWith(db, kept, e.transaction_id).pass) errors.add(e.id);
    }
    openWouldPass.set(db, (open = { version: db.version, errors }));
  }
  return open.errors;
}

const filled = new WeakMap<Snapshot, number>();

/** temp.would_pass holds wouldPassErrors() for the "would pass now" filter (refilled after each write). */
export function fillWouldPassTable(db: Snapshot): void {
  if (filled.get(db) === db.version) return;
  const ids = wouldPassErrors(db);
  db.temp('CREATE TEMP TABLE IF NOT EXISTS would_pass (error_id INTEGER PRIMARY KEY)');
  db.temp('DELETE FROM temp.would_pass');
  for (const id of ids) db.temp('INSERT INTO temp.would_pass(error_id) VALUES (?)', [id]);
  filled.set(db, db.version);
}
