import type { Row, Snapshot } from '../db/index.js';
import { fixHint } from '../engine/index.js';
import { DOCUMENT_KIND, money, text, yesNo } from './cell-format.js';
import { attemptsOf, diagnose, historyOf } from './problems.js';
import type { Detail, DetailSection, TabId } from './triage-types.js';

/** Everything about one record, or undefined when it does not exist. */
export function getDetail(db: Snapshot, tab: TabId, id: number): Detail | undefined {
  const detail = (() => {
    switch (tab) {
      case 'orders':
        return orderDetail(db, id);
      case 'inventory':
        return inventoryDetail(db, id);
      case 'logs':
        return transactionDetail(db, id);
      case 'errors':
        return errorDetail(db, id);
    }
  })();
  if (detail && tab !== 'orders') {
    // Related records: the order an error, a transaction or a stock change concerns.
    const ref =
      tab === 'inventory'
        ? db.value<string | null>(
            'SELECT t.order_ref FROM inventory_log v JOIN transactions t ON t.id = v.transaction_id WHERE v.id = ?',
            [id],
          )
        : db.value<string | null>(`SELECT order_ref FROM ${tab === 'logs' ? 'transactions' : 'errors'} WHERE id = ?`, [
            id,
          ]);
    const orderId = ref ? db.value<number>('SELECT id FROM orders WHERE order_ref = ?', [ref]) : undefined;
    if (orderId !== undefined) detail.orderId = orderId;
  }
  return detail;
}

function fieldsOf(row: Row, labels: Record<string, string>): [string, string][] {
  return Object.entries(labels).map(([key, label]) => [label, key === 'resolved' ? yesNo(row[key]) : text(row[key])]);
}

function errorLines(rows: Row[]): string[] {
  return rows.map((e) => {
    const state =
      e.superseded_by !== null && e.superseded_by !== undefined
        ? `, closed by tx ${text(e.superseded_by)}`
        : Number(e.resolved)
          ? ', resolved'
          : '';
    return `#${e.id} ${text(e.created_at)} ${text(e.code)} [${text(e.severity)}${state}] tx ${text(e.transaction_id)}: ${text(e.message)}`;
  });
}

/** The runs of the thing a transaction runs, oldest first: how the problem went, attempt by attempt. */
function historySection(db: Snapshot, txId: number, title: string): DetailSection {
  const runs = historyOf(db, txId);
  const lines = runs.map((t) => {
    const state =
      t.superseded_by !== null
        ? `closed by tx ${text(t.superseded_by)}`
        : Number(t.resolved)
          ? 'resolved'
          : t.status === 'Error'
            ? 'open'
            : '';
    const codes = t.codes ? ` ${text(t.codes)}` : '';
    const here = Number(t.id) === txId ? '› ' : '  ';
    const rerun = t.rerun_of !== null ? ` re-run of ${text(t.rerun_of)}` : '';
    return `${here}tx ${t.id} ${text(t.import_date)} ${text(t.sync_type)}${rerun} ${text(t.status)}${codes}${state ? ` (${state})` : ''}: ${text(t.message)}`;
  });
  return {
    title: `${title} (${runs.length} run${runs.length === 1 ? '' : 's'})`,
    lines: lines.length ? lines : ['none'],
  };
}

/** An order's open errors: code and message, the run that hit it, whether a re-run would pass now, where the cause is fixed. */
function openErrorLines(db: Snapshot, rows: Row[]): string[] {
  return rows.map((e) => {
    const txId = e.transaction_id === null ? undefined : Number(e.transaction_id);
    const rerun =
      txId === undefined ? '' : diagnose(db, txId).pass ? '; a re-run would pass now' : '; a re-run would fail again';
    const hint = fixHint(text(e.code));
    return `${text(e.code)}: ${text(e.message)} (tx ${text(e.transaction_id)}, ${text(e.created_at)}${rerun})${hint ? `. ${hint}` : ''}`;
  });
}

function transactionLines(rows: Row[]): string[] {
  return rows.map(
    (t) =>
      `tx ${t.id} ${text(t.import_date)} ${text(t.type)} ${text(t.status)} ${text(t.sync_type)}${t.rerun_of !== null ? ` (re-run of ${t.rerun_of})` : ''}: ${text(t.message)}`,
  );
}

function auditSection(db: Snapshot, table: string, id: number): DetailSection {
  const rows = db.all(
    'SELECT at, actor, action, detail FROM audit_log WHERE target_table = ? AND target_id = ? ORDER BY id',
    [table, id],
  );
  return {
    title: 'Audit',
    lines: rows.length
      ? rows.map((a) => `${text(a.at)} ${text(a.actor)} ${text(a.action)}: ${text(a.detail)}`)
      : ['no user actions yet'],
  };
}

function orderDetail(db: Snapshot, id: number): Detail | undefined {
  const o = db.get('SELECT * FROM orders WHERE id = ?', [id]);
  if (!o) return undefined;
  const ref = text(o.order_ref);
  const lines = db.all(
    `SELECT l.line_no, l.amazon_sku, l.asin, l.title, l.qty, l.unit_price, k.item_sku, i.active
       FROM order_lines l LEFT JOIN sku_links k ON k.amazon_sku = l.amazon_sku LEFT JOIN items i ON i.sku = k.item_sku
      WHERE l.order_id = ? ORDER BY l.line_no`,
    [id],
  );
  const doc = db.get('SELECT kind, number, created_at, total FROM documents WHERE order_ref = ?', [ref]);
  const ships = db.all(
    'SELECT carrier_code, carrier_name, tracking_number, ship_date FROM shipments WHERE order_ref = ?',
    [ref],
  );
  const errors = db.all('SELECT * FROM errors WHERE order_ref = ? ORDER BY id DESC', [ref]);
  const txs = db.all('SELECT * FROM transactions WHERE order_ref = ? ORDER BY id DESC', [ref]);
  const open = errors.filter((e) => Number(e.resolved) === 0 && e.severity === 'error').reverse();
  // What the order is, then why it is stuck, on the first screen; the rest of its fields after that.
  const header = fieldsOf(o, {
    order_ref: 'Order#',
    status: 'Status',
    skip_reason: 'Skipped because',
    purchase_date: 'Purchase date',
    total: 'Total',
    xoro_ref: 'Xoro ref',
    resolved: 'Resolved',
  }).filter(([label, value]) => label !== 'Skipped because' || value !== '');
  const more = fieldsOf(o, {
    amazon_status: 'Amazon status',
    fulfillment_channel: 'Fulfillment channel',
    ship_service_level: 'Ship service level',
    buyer_name: 'Buyer',
    ship_city: 'City',
    ship_state: 'State',
    ship_postal_code: 'Postal code',
    ship_country: 'Country',
    currency: 'Currency',
    import_date: 'Import date',
    updated_at: 'Updated',
  });
  const moreWidth = Math.max(...more.map(([label]) => label.length));
  return {
    tab: 'orders',
    id,
    title: `Order ${ref}`,
    orderRef: ref,
    fields: header,
    sections: [
      {
        title: `Open errors (${open.length})`,
        lines: open.length ? openErrorLines(db, open) : ['none: nothing left to do for this order'],
      },
      { title: 'Order', lines: more.map(([label, value]) => `${label.padEnd(moreWidth)}  ${value}`) },
      {
        title: 'Lines',
        lines: lines.map(
          (l) =>
            `${l.line_no}. ${text(l.amazon_sku)} (${text(l.asin)}) x${text(l.qty)} @ ${money(l.unit_price)} -> ${
              l.item_sku === null
                ? 'not linked'
                : `${text(l.item_sku)}${l.active === null ? ' (no such item)' : Number(l.active) ? '' : ' (inactive)'}`
            }: ${text(l.title)}`,
        ),
      },
      {
        title: 'Document',
        lines: doc
          ? [
              `${DOCUMENT_KIND[text(doc.kind)] ?? text(doc.kind)} ${text(doc.number)} created ${text(doc.created_at)}, total ${money(doc.total)}`,
            ]
          : ['none'],
      },
      {
        title: 'Shipments',
        lines: ships.length
          ? ships.map(
              (s) =>
                `${text(s.carrier_code)}${s.carrier_name ? ` (${text(s.carrier_name)})` : ''} ${text(s.tracking_number)} shipped ${text(s.ship_date)}`,
            )
          : ['none'],
      },
      { title: `All errors (${errors.length})`, lines: errorLines(errors) },
      { title: `Transactions (${txs.length})`, lines: transactionLines(txs) },
      auditSection(db, 'orders', id),
    ],
    transactionIds: txs.map((t) => Number(t.id)),
  };
}

function inventoryDetail(db: Snapshot, id: number): Detail | undefined {
  const v = db.get('SELECT * FROM inventory_log WHERE id = ?', [id]);
  if (!v) return undefined;
  const txId = v.transaction_id === null ? undefined : Number(v.transaction_id);
  const txs = txId === undefined ? [] : db.all('SELECT * FROM transactions WHERE id = ?', [txId]);
  const errors = txId === undefined ? [] : db.all('SELECT * FROM errors WHERE transaction_id = ? ORDER BY id', [txId]);
  return {
    tab: 'inventory',
    id,
    title: `Inventory ${text(v.sku)} in ${text(v.store)}`,
    fields: fieldsOf(v, {
      adjusted_at: 'Date',
      sku: 'SKU',
      store: 'Store',
      qty_before: 'Available before',
      qty_after: 'Available after',
      reason: 'Reason',
      status: 'Status',
      resolved: 'Resolved',
      transaction_id: 'Transaction',
    }),
    sections: [
      { title: 'Transaction', lines: txs.length ? transactionLines(txs) : ['none'] },
      { title: `Errors (${errors.length})`, lines: errorLines(errors) },
      auditSection(db, 'inventory_log', id),
    ],
    transactionIds: txId === undefined ? [] : [txId],
  };
}

function payloadLines(payload: unknown): string[] {
  const raw = text(payload);
  try {
    return JSON.stringify(JSON.parse(raw), null, 2).split('\n');
  } catch {
    return [raw];
  }
}

function transactionDetail(db: Snapshot, id: number): Detail | undefined {
  const t = db.get('SELECT * FROM transactions WHERE id = ?', [id]);
  if (!t) return undefined;
  const errors = db.all('SELECT * FROM errors WHERE transaction_id = ? ORDER BY id', [id]);
  // The other runs of the same problem, to open from here.
  const runs = historyOf(db, id);
  const inventory = db.all(
    'SELECT sku, store, qty_before, qty_after, reason, status FROM inventory_log WHERE transaction_id = ?',
    [id],
  );
  const outbox = db.all('SELECT feed_type, created_at FROM outbox WHERE transaction_id = ?', [id]);
  return {
    tab: 'logs',
    id,
    title: `Transaction ${id}: ${text(t.type)}`,
    fields: fieldsOf(t, {
      id: 'Id',
      type: 'Type',
      entity_type: 'Entity type',
      direction: 'Direction',
      order_ref: 'Order ref',
      sku: 'SKU',
      import_date: 'Import date',
      start_date: 'Start date',
      end_date: 'End date',
      status: 'Status',
      resolved: 'Resolved',
      sync_type: 'Sync type',
      rerun_of: 'Re-run of',
      superseded_by: 'Closed by run',
      message: 'Message',
    }),
    sections: [
      { title: `Errors (${errors.length})`, lines: errorLines(errors) },
      historySection(db, id, 'History of this problem'),
      {
        title: 'Effects',
        lines: [
          ...inventory.map(
            (v) =>
              `inventory ${text(v.sku)} in ${text(v.store)}: ${text(v.qty_before)} -> ${text(v.qty_after)} (${text(v.reason)}, ${text(v.status)})`,
          ),
          ...outbox.map((m) => `sent to Amazon: ${text(m.feed_type)} at ${text(m.created_at)}`),
        ],
      },
      { title: 'Payload', lines: payloadLines(t.payload) },
      auditSection(db, 'transactions', id),
    ],
    transactionIds: runs.map((c) => Number(c.id)).filter((x) => x !== id),
  };
}

function errorDetail(db: Snapshot, id: number): Detail | undefined {
  const e = db.get('SELECT * FROM errors WHERE id = ?', [id]);
  if (!e) return undefined;
  const txId = e.transaction_id === null ? undefined : Number(e.transaction_id);
  const open = Number(e.resolved) === 0 && e.severity === 'error';
  const fields = fieldsOf(e, {
    id: 'Id',
    code: 'Code',
    severity: 'Severity',
    message: 'Message',
    order_ref: 'Order ref',
    sku: 'SKU',
    transaction_id: 'Transaction',
    created_at: 'Date',
    resolved: 'Resolved',
    superseded_by: 'Closed by run',
  });
  fields.push([
    'Attempts',
    String(
      attemptsOf(db, { transaction_id: txId ?? null, code: text(e.code), sku: e.sku === null ? null : text(e.sku) }),
    ),
  ]);
  if (open && txId !== undefined) {
    const d = diagnose(db, txId);
    fields.push([
      'Re-run now',
      d.pass ? 'would pass' : `would fail again${d.codes.length ? `: ${d.codes.join(', ')}` : ''}`,
    ]);
  }
  const hint = fixHint(text(e.code));
  return {
    tab: 'errors',
    id,
    title: `Error ${id}: ${text(e.code)}`,
    fields,
    sections: [
      ...(hint ? [{ title: 'How to fix', lines: [hint] }] : []),
      ...(txId === undefined
        ? [{ title: 'Transaction', lines: ['none'] }]
        : [historySection(db, txId, 'History of this problem')]),
      auditSection(db, 'errors', id),
    ],
    transactionIds: txId === undefined ? [] : [txId],
  };
}
