/** Fulfillment Update runs: the ERP ships a dropped order and confirms it to Amazon. */
import { runFulfillment } from '../engine/index.js';
import type { RunResult, SyncType, TransientCode } from '../engine/domain.js';
import { OTHER_CARRIERS } from './catalog.js';
import { DAY, HOUR, MINUTE, iso } from './clock.js';
import { planRerun, retryTransient } from './rerun-plans.js';
import type { Carrier } from './shapes.js';
import type { AwaitingShipment, World } from './world.js';

/** Share of fresh fulfillment runs per scenario; 'ok' fills the rest. */
export const FULFILLMENT_SCENARIOS = {
  ok: 0,
  noTracking: 0.02,
  otherWithoutName: 0.012,
  noShipment: 0.01,
  trackingFormat: 0.015,
  amazonFulfilled: 0.008,
  mistypedOrder: 0.004,
  internal: 0.015,
  quota: 0.008,
  timeout: 0.007,
  resent: 0.006,
} as const;
export type FulfillmentScenario = keyof typeof FULFILLMENT_SCENARIOS;

const INSERT_SHIPMENT = `INSERT INTO shipments(order_ref, carrier_code, carrier_name, tracking_number, ship_date)
  VALUES (?, ?, ?, ?, ?)`;
const SET_TRACKING = 'UPDATE shipments SET tracking_number = ? WHERE order_ref = ?';
const SET_CARRIER_NAME = 'UPDATE shipments SET carrier_name = ? WHERE order_ref = ?';

const CARRIERS = { UPS: 45, USPS: 38, FedEx: 17 } as const;

/** Whether a slot can confirm a shipment now (the ERP has shipped something, or a re-run is due). */
export function fulfillmentReady(w: World): boolean {
  const next = w.awaitingShipment.peek();
  return next !== undefined && next.due <= w.now;
}

function confirmOnce(
  w: World,
  ref: string,
  opts: { syncType?: SyncType; rerunOf?: number; fault?: TransientCode } = {},
): RunResult {
  return runFulfillment(w.db, ref, w.run(opts));
}

function rerunOf(w: World, ref: string) {
  return (rerunOf: number, syncType: SyncType): RunResult => confirmOnce(w, ref, { syncType, rerunOf });
}

function recordShipment(
  w: World,
  ref: string,
  carrier: string | null,
  name: string | null,
  tracking: string | null,
): void {
  w.db.run(INSERT_SHIPMENT, [ref, carrier, name, tracking, iso(w.now - w.rng.int(5, 240) * MINUTE)]);
}

/** Two neighbouring digits swapped: a shipment keyed under an order that does not exist. */
function mistype(w: World, ref: string): string {
  const digits = [...ref.replace(/-/g, '')];
  for (let tries = 0; tries < 10; tries++) {
    const i = w.rng.int(3, digits.length - 2);
    if (digits[i] !== digits[i + 1]) {
      [digits[i], digits[i + 1]] = [digits[i + 1]!, digits[i]!];
      break;
    }
  }
  const s = digits.join('');
  return `${s.slice(0, 3)}-${s.slice(3, 10)}-${s.slice(10)}`;
}

export function freshFulfillment(w: World, scenario: FulfillmentScenario): RunResult {
  const r = w.rng;
  if (scenario === 'amazonFulfilled' && w.recentDropped.AFN.length > 0) {
    // A shipment entered in the ERP against an order Amazon fulfils itself.
    const ref = r.pick(w.recentDropped.AFN);
    recordShipment(w, ref, 'UPS', null, w.shapes.trackingNumber('UPS'));
    return confirmOnce(w, ref);
  }
  const next: AwaitingShipment | undefined = w.awaitingShipment.pop();
  if (!next || scenario === 'mistypedOrder' || scenario === 'amazonFulfilled') {
    if (next) w.awaitingShipment.push(next);
    const known = w.recentDropped.MFN.length > 0 ? r.pick(w.recentDropped.MFN) : w.shapes.orderRef();
    const ref = mistype(w, known);
    recordShipment(w, ref, 'USPS', null, w.shapes.trackingNumber('USPS'));
    return confirmOnce(w, ref);
  }

  const ref = next.ref;
  for (const l of next.lines) w.ship(l.item, l.qty);
  const carrier: Carrier = r.weighted(CARRIERS);
  const tracking = w.shapes.trackingNumber(carrier);
  switch (scenario) {
    case 'noTracking':
      recordShipment(w, ref, carrier, null, null);
      break;
    case 'otherWithoutName':
      recordShipment(w, ref, 'Other', null, `C${r.digits(11)}`);
      break;
    case 'noShipment':
      // Marked shipped in the ERP before the packing slip was entered.
      break;
    case 'trackingFormat': {
      // The label came from another carrier than the one keyed in.
      const keyed: Carrier = carrier === 'UPS' ? 'FedEx' : 'UPS';
      recordShipment(w, ref, keyed, null, tracking);
      break;
    }
    default:
      if (r.chance(0.04)) recordShipment(w, ref, 'Other', r.pick(OTHER_CARRIERS), `C${r.digits(11)}`);
      else recordShipment(w, ref, carrier, null, tracking);
  }
  const fault: TransientCode | undefined =
    scenario === 'internal'
      ? 'FUL_INTERNAL'
      : scenario === 'quota'
        ? 'API_QUOTA'
        : scenario === 'timeout'
          ? 'NET_TIMEOUT'
          : undefined;
  const result = confirmOnce(w, ref, fault ? { fault } : {});
  if (scenario === 'resent' && result.status === 'Success') {
    // Someone re-runs a confirmation that went through: the engine sends nothing twice (FUL_DUPLICATE).
    w.later('Fulfillment Update', w.rng.int(30, 600) * MINUTE, () =>
      confirmOnce(w, ref, { syncType: 'Manual', rerunOf: result.transactionId }),
    );
  }
  if (result.status !== 'Error') return result;
  if (fault) {
    retryTransient(w, 'Fulfillment Update', result.transactionId, rerunOf(w, ref));
    return result;
  }
  const fix = shipmentFix(w, scenario, ref, carrier, tracking);
  if (fix) {
    planRerun(w, 'Fulfillment Update', result.transactionId, {
      chance: 0.75,
      delay: [HOUR, 2 * DAY],
      syncType: 'Manual',
      retryFirst: 0.1,
      fix,
      rerun: rerunOf(w, ref),
    });
  }
  return result;
}

function shipmentFix(
  w: World,
  scenario: FulfillmentScenario,
  ref: string,
  carrier: Carrier,
  tracking: string,
): (() => void) | undefined {
  switch (scenario) {
    case 'noTracking':
      return () => w.db.run(SET_TRACKING, [tracking, ref]);
    case 'otherWithoutName':
      return () => w.db.run(SET_CARRIER_NAME, [w.rng.pick(OTHER_CARRIERS), ref]);
    case 'noShipment':
      return () => recordShipment(w, ref, carrier, null, tracking);
    default:
      return undefined;
  }
}
