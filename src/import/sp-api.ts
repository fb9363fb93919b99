/**
 * Telling apart the Selling Partner API responses a tool may have saved:
 * getOrders (`{"payload": {"Orders": [...], "NextToken"}}`, the payload alone,
 * or a bare array of orders), getOrder, getOrderItems, and error responses.
 */
import type { JsonFile } from './json.js';

export type Record_ = Record<string, unknown>;

/** One record of a kind, with the line it starts on. */
export interface Located<T> {
  value: T;
  line: number;
}

export interface Responses {
  /** getOrders pages and getOrder responses, an empty page included: the file holds this kind. */
  orderPages: number;
  orders: Located<Record_>[];
  /** getOrderItems payloads: AmazonOrderId and OrderItems. */
  orderItems: Located<Record_>[];
  /** `{"errors": [...]}` responses: Amazon's codes and messages. */
  errors: Located<string>[];
  /** Values that are none of these. */
  unknown: Located<string>[];
}

export function isObject(v: unknown): v is Record_ {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isOrder(o: Record_): boolean {
  return 'AmazonOrderId' in o && ('OrderStatus' in o || 'PurchaseDate' in o) && !('OrderItems' in o);
}

function isOrderItems(o: Record_): boolean {
  return 'AmazonOrderId' in o && Array.isArray(o.OrderItems);
}

function errorText(errors: unknown): string {
  const list = Array.isArray(errors) ? errors : [];
  const parts = list
    .filter(isObject)
    .map((e) => [e.code, e.message].filter((x) => typeof x === 'string' && x !== '').join(': '));
  return parts.filter((p) => p !== '').join('; ') || 'no details';
}

/** Sorts every document of the file into the kinds above. */
export function classify(file: JsonFile): Responses {
  const out: Responses = { orderPages: 0, orders: [], orderItems: [], errors: [], unknown: [] };
  const lineOf = (v: unknown, fallback: number) =>
    v !== null && typeof v === 'object' ? (file.lineOf.get(v) ?? fallback) : fallback;
  const visit = (v: unknown, line: number, depth: number): void => {
    const at = lineOf(v, line);
    if (Array.isArray(v) && depth === 0) {
      for (const el of v) visit(el, at, depth + 1);
      return;
    }
    if (!isObject(v)) {
      out.unknown.push({
        value: Array.isArray(v) ? 'an array' : (JSON.stringify(v)?.slice(0, 40) ?? String(v)),
        line: at,
      });
      return;
    }
    if (isObject(v.payload)) {
      visit(v.payload, at, depth + 1);
      return;
    }
    if (Array.isArray(v.errors) && !('payload' in v)) {
      out.errors.push({ value: errorText(v.errors), line: at });
      return;
    }
    if (Array.isArray(v.Orders)) {
      out.orderPages++;
      for (const o of v.Orders) {
        if (isObject(o)) out.orders.push({ value: o, line: lineOf(o, at) });
        else out.unknown.push({ value: 'an entry of Orders that is not an object', line: at });
      }
      return;
    }
    if (isOrderItems(v)) out.orderItems.push({ value: v, line: at });
    else if (isOrder(v)) {
      out.orderPages++;
      out.orders.push({ value: v, line: at });
    } else
      out.unknown.push({ value: `an object with ${Object.keys(v).slice(0, 3).join(', ') || 'no fields'}`, line: at });
  };
  for (const doc of file.documents) visit(doc.value, doc.line, 0);
  return out;
}
