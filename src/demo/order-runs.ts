/** Order Import runs: fresh orders (most drop, some break a rule) and their re-runs. */
import { queueRun, runOrderImport } from '../engine/index.js';
import type { RunResult, SyncType } from '../engine/domain.js';
import { DAY, HOUR, MINUTE } from './clock.js';
import { requestLink } from './links.js';
import {
  type Draft,
  ORDER_DELAYS,
  type Order,
  afterImport,
  draftOrder,
  insertOrder,
  withLine,
} from './amazon-orders.js';
import { addUnlinkedListing, discontinueItem, relink } from './products.js';
import { planRerun, retryTransient } from './rerun-plans.js';
import type { Listing, World } from './world.js';

/** Share of fresh order imports per scenario; 'ok' fills the rest. */
export const ORDER_SCENARIOS = {
  ok: 0,
  unlinked: 0.02,
  retiredItem: 0.006,
  inactiveItem: 0.01,
  noStock: 0.008,
  noAddress: 0.01,
  freeEconomy: 0.012,
  pending: 0.02,
  duplicate: 0.008,
  beforeStart: 0.003,
  canceled: 0.005,
  unknownOrder: 0.002,
  quota: 0.015,
  timeout: 0.01,
} as const;
export type OrderScenario = keyof typeof ORDER_SCENARIOS;

const FIX_ADDRESS = 'UPDATE orders SET ship_city = ?, ship_state = ?, ship_postal_code = ? WHERE id = ?';
const SET_SERVICE_LEVEL = 'UPDATE orders SET ship_service_level = ? WHERE id = ?';
const SET_AMAZON_STATUS = 'UPDATE orders SET amazon_status = ? WHERE id = ?';

function importOnce(
  w: World,
  order: Order,
  opts: { syncType?: SyncType; rerunOf?: number; fault?: 'API_QUOTA' | 'NET_TIMEOUT' } = {},
): RunResult {
  return afterImport(w, order, runOrderImport(w.db, order.ref, w.run(opts)));
}

function rerunOf(w: World, order: Order) {
  return (rerunOf: number, syncType: SyncType): RunResult => importOnce(w, order, { syncType, rerunOf });
}

/** A user's fix, then a manual re-run: most data errors get one, some are left open. */
function fixLater(w: World, order: Order, failed: RunResult, chance: number, fix: () => void): void {
  planRerun(w, 'Order Import', failed.transactionId, {
    chance,
    delay: ORDER_DELAYS.fix,
    syncType: 'Manual',
    fix,
    retryFirst: 0.15,
    rerun: rerunOf(w, order),
  });
}

/** A broken listing of a kind, or a healthy order when the pool has none left. */
function brokenListing(w: World, scenario: OrderScenario): Listing | undefined {
  switch (scenario) {
    case 'unlinked':
      return w.fromPool(w.unlinked, (l) => l.linkedTo === null) ?? addUnlinkedListing(w);
    case 'retiredItem':
      return w.fromPool(w.retired, (l) => l.linkedTo !== l.item.sku && l.item.active && l.item.stocked);
    case 'inactiveItem': {
      // Mostly items already discontinued; now and then the ERP discontinues another.
      const item =
        (w.rng.chance(0.7) ? w.fromPool(w.inactiveItems, (i) => !i.active) : undefined) ?? discontinueItem(w);
      return item?.listings.find((l) => l.linkedTo === item.sku && l.channel === 'MFN');
    }
    case 'noStock': {
      const item = w.fromPool(w.unstockedItems, (i) => !i.stocked && i.active);
      return item?.listings.find((l) => l.linkedTo === item.sku && l.channel === 'MFN');
    }
    default:
      return undefined;
  }
}

export function freshOrderImport(w: World, scenario: OrderScenario): RunResult {
  const r = w.rng;
  if (scenario === 'duplicate') {
    // Amazon sends an order again after a change on its side; the ERP has it already.
    const ring = w.recentDropped.MFN.length > 0 ? w.recentDropped.MFN : w.recentDropped.AFN;
    if (ring.length > 0) return runOrderImport(w.db, r.pick(ring), w.run());
    scenario = 'ok';
  }
  if (scenario === 'unknownOrder') {
    // A notification names an order the Orders API then does not return.
    return runOrderImport(w.db, w.shapes.orderRef(), w.run());
  }
  const channel =
    scenario === 'ok' || scenario === 'quota' || scenario === 'timeout' || scenario === 'beforeStart'
      ? r.chance(w.merchantShare())
        ? 'MFN'
        : 'AFN'
      : 'MFN';
  const draft = draftOrder(w, channel) ?? draftOrder(w, 'MFN');
  if (!draft) throw new Error('demo catalogue has no healthy listing to sell');

  const broken = brokenListing(w, scenario);
  if (broken) withLine(draft, broken, w);
  bend(w, draft, scenario);
  const order = insertOrder(w, draft);
  if (scenario === 'ok' && w.now >= w.queueAfter) {
    // Fetched after the schedule's last tick: queued, waiting for the next run (`amazon-logs process`).
    queueRun(w.db, {
      type: 'Order Import',
      orderRef: order.ref,
      payload: { AmazonOrderId: order.ref },
      at: w.nowIso,
      message: 'Queued: fetched from Amazon',
    });
    return { transactionId: 0, type: 'Order Import', status: 'Pending', message: 'Queued', errors: [] };
  }

  const fault = scenario === 'quota' ? 'API_QUOTA' : scenario === 'timeout' ? 'NET_TIMEOUT' : undefined;
  const result = importOnce(w, order, fault ? { fault } : {});
  if (result.status === 'Success') return result;
  if (fault) {
    retryTransient(w, 'Order Import', result.transactionId, rerunOf(w, order));
    return result;
  }
  planFix(w, order, result, scenario, broken, draft);
  return result;
}

/** Changes the draft so that it breaks the scenario's order-level rule. */
function bend(w: World, d: Draft, scenario: OrderScenario): void {
  const r = w.rng;
  switch (scenario) {
    case 'noAddress':
      // Amazon withholds part of the address (a restricted-data role missing on the app).
      d.address = r.chance(0.5) ? { city: d.address.city, state: null, postal: null } : { ...d.address, postal: null };
      break;
    case 'freeEconomy':
      d.serviceLevel = 'FreeEconomy';
      break;
    case 'pending':
      // Payment not cleared yet: no shipping address until the order is Unshipped.
      d.amazonStatus = 'Pending';
      d.address = { city: null, state: null, postal: null };
      break;
    case 'beforeStart':
      d.purchaseMs = w.now - r.int(92, 130) * DAY;
      break;
    case 'canceled':
      // The buyer canceled before the integration got to it: the import skips it.
      d.amazonStatus = 'Canceled';
      break;
  }
}

function planFix(
  w: World,
  order: Order,
  failed: RunResult,
  scenario: OrderScenario,
  broken: Listing | undefined,
  d: Draft,
): void {
  const r = w.rng;
  const db = w.db;
  switch (scenario) {
    case 'unlinked':
      if (broken && r.chance(0.65)) {
        requestLink(w, broken, () =>
          planRerun(w, 'Order Import', failed.transactionId, {
            chance: 1,
            delay: [10 * MINUTE, 3 * HOUR],
            syncType: 'Manual',
            rerun: rerunOf(w, order),
          }),
        );
      }
      return;
    case 'retiredItem':
      if (broken) fixLater(w, order, failed, 0.6, () => broken.linkedTo !== broken.item.sku && relink(w, broken));
      return;
    case 'inactiveItem':
      if (broken) fixLater(w, order, failed, 0.2, () => !broken.item.active && w.setActive(broken.item, true));
      return;
    case 'noStock':
      if (broken)
        fixLater(w, order, failed, 0.7, () => !broken.item.stocked && w.receive(broken.item, r.int(4, 20) * 6));
      return;
    case 'noAddress': {
      const full = w.shapes.address();
      fixLater(w, order, failed, 0.6, () =>
        db.run(FIX_ADDRESS, [d.address.city ?? full.city, d.address.state ?? full.state, full.postal, order.id]),
      );
      return;
    }
    case 'freeEconomy':
      // FreeEconomy stays unmapped; a user sometimes overrides the order's service level by hand.
      fixLater(w, order, failed, 0.3, () => db.run(SET_SERVICE_LEVEL, ['Standard', order.id]));
      return;
    case 'pending': {
      const address = w.shapes.address();
      const canceled = r.chance(0.1);
      planRerun(w, 'Order Import', failed.transactionId, {
        chance: 0.9,
        delay: r.chance(0.3) ? ORDER_DELAYS.slowPayment : ORDER_DELAYS.payment,
        syncType: 'Auto',
        fix: () => {
          db.run(SET_AMAZON_STATUS, [canceled ? 'Canceled' : 'Unshipped', order.id]);
          if (!canceled) db.run(FIX_ADDRESS, [address.city, address.state, address.postal, order.id]);
        },
        rerun: rerunOf(w, order),
      });
      return;
    }
    default:
      // A rule broken by chance (e.g. a line's item discontinued meanwhile): left for the user.
      return;
  }
}
