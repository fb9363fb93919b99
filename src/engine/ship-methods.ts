/** Ship-service mapping: an Amazon shipment service level to the ERP's ship-via code (ship_methods). */
import type { Snapshot } from '../db/index.js';
import { isNonEmpty } from './run-record.js';

const READ = 'SELECT ship_via FROM ship_methods WHERE service_level = ?';
const UPSERT =
  'INSERT INTO ship_methods(service_level, ship_via) VALUES (?, ?) ON CONFLICT(service_level) DO UPDATE SET ship_via = excluded.ship_via';

/** Maps the service level to the ship-via code; returns the code it was mapped to before, if any. */
export function mapShipService(db: Snapshot, serviceLevel: string, shipVia: string): { before: string | undefined } {
  if (!isNonEmpty(serviceLevel) || !isNonEmpty(shipVia))
    throw new Error('a service level and a ship-via code are both needed');
  db.assertWritable();
  const before = db.value<string>(READ, [serviceLevel.trim()]) ?? undefined;
  db.run(UPSERT, [serviceLevel.trim(), shipVia.trim()]);
  return { before };
}
