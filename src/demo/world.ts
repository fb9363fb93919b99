/**
 * The demo's model of the seller: its items, Amazon listings and the pools the scenarios draw
 * from, the synthetic clock, and the queues of later work (re-runs after a fix, ERP events).
 * The snapshot stays the source of truth for the engine; this model only decides what to feed it.
 */
import type { Snapshot } from '../db/index.js';
import type { RunOptions, TransactionType } from '../engine/domain.js';
import type { ProductFamily } from './catalog.js';
import { iso } from './clock.js';
import { TimedHeap, type Timed } from './heap.js';
import { Rng } from './random.js';
import type { Shapes } from './shapes.js';

export const SHIP_STORE = 'MAIN';
/** How many recently dropped orders per channel are kept for duplicates and misdirected shipments. */
const RECENT_DROPPED = 500;

export interface Item {
  sku: string;
  description: string;
  brand: string;
  family: ProductFamily;
  price: number;
  active: boolean;
  /** Has a stock row in the ship store. */
  stocked: boolean;
  listings: Listing[];
}

export interface Listing {
  amazonSku: string;
  asin: string;
  title: string;
  item: Item;
  channel: 'MFN' | 'AFN';
  price: number;
  /** The ERP item number sku_links points at; null while the listing exists on Amazon only. */
  linkedTo: string | null;
  /** A link request is queued for it: failures wait for it instead of asking again. */
  linkQueued: boolean;
  /** Re-runs to schedule once the link exists. */
  waitingForLink: (() => void)[];
}

interface FollowUp extends Timed {
  run: () => void;
}

interface ErpEvent extends Timed {
  apply: () => void;
}

/** A dropped order the ERP will ship, so its fulfillment can be confirmed to Amazon. */
export interface AwaitingShipment extends Timed {
  ref: string;
  lines: { item: Item; qty: number }[];
}

const READ_STOCK = 'SELECT on_hand, committed FROM stock WHERE item_sku = ? AND store = ?';
const ADD_ON_HAND = 'UPDATE stock SET on_hand = on_hand + ? WHERE item_sku = ? AND store = ?';
const SET_ON_HAND = 'UPDATE stock SET on_hand = ? WHERE item_sku = ? AND store = ?';
const INSERT_STOCK = 'INSERT INTO stock(item_sku, store, on_hand, committed) VALUES (?, ?, ?, 0)';
const SHIP_STOCK = `UPDATE stock SET on_hand = max(0, on_hand - ?), committed = max(0, committed - ?)
  WHERE item_sku = ? AND store = ?`;
const SET_ACTIVE = 'UPDATE items SET active = ? WHERE sku = ?';

export class World {
  private nowMs = 0;
  private nowText = iso(0);
  private seq = 0;

  readonly items: Item[] = [];
  /** Linked merchant-fulfilled listings, best sellers first. */
  readonly mfn: Listing[] = [];
  /** Linked listings fulfilled by Amazon. */
  readonly afn: Listing[] = [];
  /** Listings on Amazon that no link maps to an ERP item yet. */
  readonly unlinked: Listing[] = [];
  /** Listings still linked to an item number the ERP has retired. */
  readonly retired: Listing[] = [];
  readonly inactiveItems: Item[] = [];
  readonly unstockedItems: Item[] = [];
  /** Listings whose available quantity changed since their last sync, oldest change first. */
  private dirty: Listing[] = [];
  private dirtyHead = 0;
  private readonly dirtySet = new Set<Listing>();
  /** Recently dropped orders by channel, for duplicate deliveries and misdirected shipments. */
  readonly recentDropped: { MFN: string[]; AFN: string[] } = { MFN: [], AFN: [] };

  readonly awaitingShipment = new TimedHeap<AwaitingShipment>();
  /** Dropped merchant orders the warehouse normally has in hand (about a day's worth). */
  shipmentBacklog = 1;
  private readonly followUps = new Map<TransactionType, TimedHeap<FollowUp>>();
  private readonly erpEvents = new TimedHeap<ErpEvent>();

  /** Processing times draw from their own stream, so the rest of the demo stays what it was. */
  private readonly timing: Rng;
  /** The newest moment of the history: orders queued after the schedule's last tick wait for `process`. */
  endMs = Number.POSITIVE_INFINITY;
  /** Fresh orders fetched from here on are queued, not run. */
  queueAfter = Number.POSITIVE_INFINITY;

  constructor(
    readonly db: Snapshot,
    readonly rng: Rng,
    readonly shapes: Shapes,
    timingSeed = 1,
  ) {
    this.timing = new Rng(timingSeed ^ 0x5eed);
  }

  /** The synthetic clock, in ms since the epoch. */
  get now(): number {
    return this.nowMs;
  }

  set now(ms: number) {
    if (ms !== this.nowMs) this.nowText = iso(ms);
    this.nowMs = ms;
  }

  get nowIso(): string {
    return this.nowText;
  }

  /**
   * Options for an engine run queued at the current time: it waits a few seconds for a
   * worker, then takes seconds (a feed, a confirmation) to a minute or more (a slow ERP, a
   * timeout: the connection gives up after about two minutes).
   */
  run(extra: Omit<RunOptions, 'now'> = {}): RunOptions {
    const t = this.timing;
    const wait = t.chance(0.9) ? t.int(0, 8) : t.int(9, 240);
    const work = extra.fault === 'NET_TIMEOUT' ? t.int(60, 125) : t.chance(0.03) ? t.int(45, 420) : t.int(1, 25);
    const started = this.nowMs + wait * 1000;
    return { ...extra, queuedAt: this.nowIso, now: iso(started), endedAt: iso(started + work * 1000) };
  }

  nextSeq(): number {
    return ++this.seq;
  }

  /**
   * Share of merchant-fulfilled orders among healthy new ones. Every merchant order is shipped
   * and confirmed in a Fulfillment Update slot, whose share of the mix is fixed, so the share
   * follows the warehouse's backlog: neither piling up unshipped orders nor running dry.
   */
  merchantShare(): number {
    return this.awaitingShipment.size < this.shipmentBacklog ? 0.7 : 0.25;
  }

  // ---- later work ----

  /** Queues one run of `type` (exactly one engine call) for a later slot of that type. */
  later(type: TransactionType, delayMs: number, run: () => void): void {
    let heap = this.followUps.get(type);
    if (!heap) this.followUps.set(type, (heap = new TimedHeap()));
    heap.push({ due: this.now + delayMs, seq: this.nextSeq(), run });
  }

  /** The earliest follow-up of `type` that is due now, removed from the queue. */
  takeDue(type: TransactionType): (() => void) | undefined {
    return this.followUps.get(type)?.popDue(this.now)?.run;
  }

  hasDue(type: TransactionType): boolean {
    const top = this.followUps.get(type)?.peek();
    return top !== undefined && top.due <= this.now;
  }

  /** Something that happens in the ERP (a receipt, a posting) without a run of the integration. */
  erp(delayMs: number, apply: () => void): void {
    this.erpEvents.push({ due: this.now + delayMs, seq: this.nextSeq(), apply });
  }

  applyDueErpEvents(): void {
    for (let e = this.erpEvents.popDue(this.now); e; e = this.erpEvents.popDue(this.now)) e.apply();
  }

  // ---- listing health and pools ----

  isHealthy(l: Listing): boolean {
    return l.linkedTo === l.item.sku && l.item.active && l.item.stocked;
  }

  /** A healthy linked listing of the channel, popular ones more often; undefined if none. */
  healthyListing(channel: 'MFN' | 'AFN', avoid?: ReadonlySet<Listing>): Listing | undefined {
    const pool = channel === 'MFN' ? this.mfn : this.afn;
    if (pool.length === 0) return undefined;
    for (let tries = 0; tries < 24; tries++) {
      const l = pool[this.rng.skewedIndex(pool.length)]!;
      if (this.isHealthy(l) && !avoid?.has(l)) return l;
    }
    const start = this.rng.int(0, pool.length - 1);
    for (let i = 0; i < pool.length; i++) {
      const l = pool[(start + i) % pool.length]!;
      if (this.isHealthy(l) && !avoid?.has(l)) return l;
    }
    return undefined;
  }

  /** A random entry of a small pool that still fits, dropping the ones that no longer do. */
  fromPool<T>(pool: T[], fits: (t: T) => boolean): T | undefined {
    while (pool.length > 0) {
      const i = this.rng.int(0, pool.length - 1);
      const t = pool[i]!;
      if (fits(t)) return t;
      pool[i] = pool[pool.length - 1]!;
      pool.pop();
    }
    return undefined;
  }

  markDirty(l: Listing): void {
    if (l.channel === 'MFN' && !this.dirtySet.has(l)) {
      this.dirtySet.add(l);
      this.dirty.push(l);
    }
  }

  takeDirty(): Listing | undefined {
    while (this.dirtyHead < this.dirty.length) {
      const l = this.dirty[this.dirtyHead++]!;
      if (this.dirtyHead > 4096 && this.dirtyHead * 2 > this.dirty.length) {
        this.dirty = this.dirty.slice(this.dirtyHead);
        this.dirtyHead = 0;
      }
      // Gone from the set: a run sent its quantity since it changed.
      if (!this.dirtySet.delete(l)) continue;
      if (this.isHealthy(l)) return l;
    }
    return undefined;
  }

  /** A run just sent the listing's quantity. */
  markSent(l: Listing): void {
    this.dirtySet.delete(l);
  }

  /** The item's stock changed: every merchant listing of it has a new quantity to send. */
  itemChanged(item: Item): void {
    for (const l of item.listings) if (l.linkedTo === item.sku) this.markDirty(l);
  }

  private readonly droppedNext = { MFN: 0, AFN: 0 };

  rememberDropped(channel: 'MFN' | 'AFN', ref: string): void {
    const ring = this.recentDropped[channel];
    if (ring.length < RECENT_DROPPED) ring.push(ref);
    else ring[this.droppedNext[channel]++ % RECENT_DROPPED] = ref;
  }

  // ---- ERP-side stock and item changes ----

  stock(item: Item): { onHand: number; committed: number } | undefined {
    const row = this.db.get<{ on_hand: number; committed: number }>(READ_STOCK, [item.sku, SHIP_STORE]);
    return row && { onHand: row.on_hand, committed: row.committed };
  }

  /** Goods received into the ship store; creates the stock row for a new item. */
  receive(item: Item, qty: number): void {
    if (item.stocked) this.db.run(ADD_ON_HAND, [qty, item.sku, SHIP_STORE]);
    else {
      this.db.run(INSERT_STOCK, [item.sku, SHIP_STORE, qty]);
      item.stocked = true;
    }
    this.itemChanged(item);
  }

  setOnHand(item: Item, onHand: number): void {
    this.db.run(SET_ON_HAND, [onHand, item.sku, SHIP_STORE]);
    this.itemChanged(item);
  }

  /** Shipped or invoiced: the goods leave the store with their commitment, so the available quantity stays. */
  ship(item: Item, qty: number): void {
    this.db.run(SHIP_STOCK, [qty, qty, item.sku, SHIP_STORE]);
  }

  setActive(item: Item, active: boolean): void {
    this.db.run(SET_ACTIVE, [active ? 1 : 0, item.sku]);
    item.active = active;
    if (!active) this.inactiveItems.push(item);
  }

  /** Tops the ship store up before an order would take more than is available. */
  ensureAvailable(item: Item, qty: number): void {
    const s = this.stock(item);
    if (s && s.onHand - s.committed < qty + 2) this.receive(item, this.rng.int(4, 20) * 6);
  }
}
