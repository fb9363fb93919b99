/** y: what of the selected record can go to the clipboard, and the OSC 52 sequence that puts it there. */
import type { Detail, DisplayRow, TabId } from '../triage/triage-types.js';
import type { CopyChoice } from './model.js';

/**
 * The values worth copying from a row (or an open record): its key value
 * first (the order number, the SKU, the code), then the message, ids.
 */
export function copyChoices(tab: TabId, row: DisplayRow | undefined, detail?: Detail): CopyChoice[] {
  const out: CopyChoice[] = [];
  const add = (label: string, value: string | undefined) => {
    if (value && !out.some((c) => c.label === label)) out.push({ label, value });
  };
  const field = (label: string) => detail?.fields.find(([l]) => l === label)?.[1];
  const ref = row?.cells.order_ref || row?.cells.ref || field('Order#') || field('Order ref');
  if (ref && /^\d{3}-\d{7}-\d{7}$/.test(ref)) add('Order number', ref);
  switch (tab) {
    case 'orders':
      add('Order number', row?.cells.order_ref ?? field('Order#'));
      add('Document number', field('Xoro ref'));
      add('Buyer', row?.cells.buyer ?? undefined);
      break;
    case 'inventory':
      add('SKU', row?.cells.sku ?? field('SKU'));
      add('ERP item', row?.cells.item);
      add('Reason', row?.cells.reason ?? field('Reason'));
      break;
    case 'logs':
      add('SKU', row?.cells.ref && !/^\d{3}-\d{7}-\d{7}$/.test(row.cells.ref) ? row.cells.ref : field('SKU'));
      add('Message', row?.cells.message ?? field('Message'));
      add('Transaction id', String(row?.id ?? detail?.id ?? ''));
      break;
    case 'errors':
      add('Error code', row?.cells.code ?? field('Code'));
      add('Message', row?.cells.message ?? field('Message'));
      add('SKU', row?.cells.ref && !/^\d{3}-\d{7}-\d{7}$/.test(row.cells.ref) ? row.cells.ref : field('SKU'));
      add('Transaction id', row?.cells.transaction_id ?? field('Transaction'));
      break;
  }
  return out;
}

/** OSC 52: the terminal puts the text on the clipboard (over SSH too; tmux passes it on with set-clipboard). */
export function osc52(text: string): string {
  return `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;
}
