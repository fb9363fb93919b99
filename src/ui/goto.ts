/** The `:` prompt: a tab name, an order number, tx N, err N, or a tab and a row id, as people write them. */
import { TAB_IDS, type TabId } from '../triage/triage-types.js';

export type GotoTarget =
  { kind: 'tab'; tab: TabId } | { kind: 'ref'; tab: TabId; ref: string } | { kind: 'bad'; message: string };

const TAB_WORDS: Record<string, TabId> = {
  orders: 'orders',
  order: 'orders',
  inventory: 'inventory',
  inv: 'inventory',
  logs: 'logs',
  log: 'logs',
  tx: 'logs',
  errors: 'errors',
  error: 'errors',
  err: 'errors',
};

export function parseGoto(text: string): GotoTarget {
  const t = text.trim().toLowerCase();
  if (t === '')
    return { kind: 'bad', message: 'Go to what? An order number, tx 2847, err 308, orders 42, or a tab name' };
  if (/^[1-4]$/.test(t)) return { kind: 'tab', tab: TAB_IDS[Number(t) - 1]! };
  if (t in TAB_WORDS && !['tx', 'err'].includes(t)) return { kind: 'tab', tab: TAB_WORDS[t]! };
  if (/^\d{3}-\d{7}-\d{7}$/.test(t)) return { kind: 'ref', tab: 'orders', ref: t };
  const m = /^([a-z]+)[\s:#]*(\d+)$/.exec(t);
  if (m && m[1]! in TAB_WORDS) {
    const tab = TAB_WORDS[m[1]!]!;
    // tx N and err N are what list and the detail show; "orders 42" is a row id as list prints it.
    const ref = m[1] === 'tx' ? `tx:${m[2]}` : m[1] === 'err' ? `err:${m[2]}` : m[2]!;
    return { kind: 'ref', tab, ref };
  }
  return {
    kind: 'bad',
    message: `"${text.trim()}" is not something to go to: an order number (112-1234567-1234567), tx 2847, err 308, orders 42, or a tab name`,
  };
}
