/**
 * The app's settings that drive processing (the settings table), read per run: they may
 * change between runs. SETTINGS says what each one means, for the settings view and
 * `amazon-logs settings`.
 */
import type { Snapshot } from '../db/index.js';

const READ_SETTINGS = 'SELECT json_group_object(key, value) FROM settings';

export interface Settings {
  /** The schedule imports new orders on its own ('1'); with '0' they wait for a user. */
  autoProcess: boolean;
  dropAs: 'sales_order' | 'invoice';
  dropAsAfn: 'sales_order' | 'invoice';
  shipStore: string | null;
  useDefaultSku: boolean;
  defaultSku: string | null;
  integrationStartDate: string | null;
  sendFulfillments: boolean;
}

/** One query per run (one row: cheaper than a row per key). */
export function readSettings(db: Snapshot): Settings {
  const s = JSON.parse(db.value<string>(READ_SETTINGS) ?? '{}') as Record<string, unknown>;
  const text = (key: string): string | null => {
    const v = s[key];
    const value = v === undefined || v === null ? '' : String(v).trim();
    return value === '' ? null : value;
  };
  return {
    autoProcess: text('auto_process') !== '0',
    dropAs: text('drop_as') === 'invoice' ? 'invoice' : 'sales_order',
    // Orders fulfilled by Amazon have already shipped, so an invoice is the usual document.
    dropAsAfn: text('drop_as_afn') === 'sales_order' ? 'sales_order' : 'invoice',
    shipStore: text('ship_store'),
    useDefaultSku: text('use_default_sku') === '1',
    defaultSku: text('default_sku'),
    integrationStartDate: text('integration_start_date'),
    sendFulfillments: text('send_fulfillments') !== '0',
  };
}

export interface SettingSpec {
  key: string;
  /** What it does, in a line. */
  meaning: string;
  /** What applies when the key is missing or empty. */
  fallback: string;
}

/** Every setting the rules read, in the order the settings view lists them. */
export const SETTINGS: readonly SettingSpec[] = [
  {
    key: 'auto_process',
    meaning: "'1': the schedule imports new orders itself; '0': they wait for a user (Process now)",
    fallback: "'1'",
  },
  {
    key: 'drop_as',
    meaning: "merchant-fulfilled orders drop as 'sales_order' or 'invoice'",
    fallback: "'sales_order'",
  },
  {
    key: 'drop_as_afn',
    meaning: "orders fulfilled by Amazon drop as 'sales_order' or 'invoice'",
    fallback: "'invoice'",
  },
  {
    key: 'ship_store',
    meaning: 'store whose stock orders commit and inventory feeds send',
    fallback: 'none: orders fail ORD_NO_STOCK',
  },
  { key: 'default_customer', meaning: 'ERP customer of the dropped documents', fallback: 'none' },
  { key: 'use_default_sku', meaning: "'1': an unlinked Amazon SKU imports as default_sku", fallback: "'0'" },
  { key: 'default_sku', meaning: 'ERP item for unlinked Amazon SKUs when use_default_sku is on', fallback: 'none' },
  {
    key: 'integration_start_date',
    meaning: 'orders purchased earlier are skipped',
    fallback: 'none: no order is skipped for its date',
  },
  { key: 'send_fulfillments', meaning: "'1': shipment confirmations are sent to Amazon", fallback: "'1'" },
];

/** Every row of the settings table, known keys first with what they mean; unknown keys are listed too. */
export function listSettings(db: Snapshot): { key: string; value: string | null; meaning: string }[] {
  const rows = db.all<{ key: string; value: string | null }>('SELECT key, value FROM settings ORDER BY key');
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const known = SETTINGS.map((s) => ({
    key: s.key,
    value: byKey.has(s.key) ? (byKey.get(s.key) ?? null) : null,
    meaning: byKey.has(s.key) ? s.meaning : `${s.meaning} (not set: ${s.fallback})`,
  }));
  const other = rows
    .filter((r) => !SETTINGS.some((s) => s.key === r.key))
    .map((r) => ({ key: r.key, value: r.value, meaning: 'not read by the rules' }));
  return [...known, ...other];
}
