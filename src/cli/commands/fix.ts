/** The fixes the dashboard offers on an error, by name: link an Amazon SKU, map a ship service. */
import type { Snapshot } from '../../db/index.js';
import { runAction, runFix, serviceFix, skuFix, type FixDone } from '../../triage/index.js';
import { recoverJournal } from '../../triage/durable.js';
import { sanitize } from '../../text/sanitize.js';
import { stringFlag } from '../args.js';
import type { Command, CommandCall } from '../command.js';
import { actorOf, info, out, snapshotFile, withSnapshot } from '../context.js';
import { UsageError } from '../usage-error.js';
import { ACTOR, DB } from '../flags.js';

const RERUN = {
  name: 'rerun',
  type: 'boolean',
  help: 'then re-run the open problems the fix may let through',
} as const;

/** Prints what the fix did and either re-runs what it may let through or says how to. */
function report(db: Snapshot, done: FixDone, call: CommandCall): number {
  out(sanitize(done.message));
  if (!done.ok) return 1;
  if (done.waiting.length === 0) return 0;
  if (call.flags.rerun !== true) {
    info(
      `amazon-logs: ${done.waiting.length} open problem(s) ${done.affects}; re-run them with: amazon-logs rerun logs ${done.waiting.join(' ')}`,
    );
    return 0;
  }
  const outcome = runAction(db, 'logs', 'rerun', done.waiting, { actor: actorOf(call.flags, call.config) });
  out(sanitize(outcome.message));
  return outcome.ok ? 0 : 1;
}

export const linkSku: Command = {
  names: ['link-sku'],
  synopsis: ['link-sku AMAZON_SKU ERP_ITEM [--relink] [--rerun] [--db FILE] [--actor NAME]'],
  summary: 'link an Amazon SKU to an ERP item (a manual Link SKU transaction), as Link SKU… does in the dashboard',
  details:
    'An SKU already linked to another item is refused, naming the current link, unless --relink moves the link (Relink SKU…).',
  flags: [DB, ACTOR, { name: 'relink', type: 'boolean', help: 'replace a link to another item' }, RERUN],
  examples: ['amazon-logs link-sku AMZ-BLUE-1 WID-100 --rerun'],
  async run(call) {
    const [sku, item, extra] = call.args;
    if (!sku || !item || extra !== undefined) throw new UsageError('link-sku takes an AMAZON_SKU and an ERP_ITEM');
    return withSnapshot(snapshotFile(stringFlag(call.flags.db), call.config, call.configFile), false, (db) => {
      const recovery = recoverJournal(db);
      if (recovery.message) info(`amazon-logs: ${recovery.message}`);
      const target = skuFix(db, sku);
      if (target.action === 'relink-sku' && target.current.item !== item && call.flags.relink !== true) {
        const asin = target.current.asin ? ` (ASIN ${target.current.asin})` : '';
        throw new UsageError(
          `${sku} is linked to ${target.current.item}${asin}; pass --relink to link it to ${item} instead`,
        );
      }
      return report(db, runFix(db, target, item, { actor: actorOf(call.flags, call.config) }), call);
    });
  },
};

export const mapShipService: Command = {
  names: ['map-ship-service'],
  synopsis: ['map-ship-service SERVICE_LEVEL SHIP_VIA [--rerun] [--db FILE] [--actor NAME]'],
  summary:
    "map an Amazon shipment service level to the ERP's ship-via code, as Map ship service… does in the dashboard",
  flags: [DB, ACTOR, RERUN],
  examples: ['amazon-logs map-ship-service FreeEconomy UPS-GROUND --rerun'],
  async run(call) {
    const [level, via, extra] = call.args;
    if (!level || !via || extra !== undefined)
      throw new UsageError('map-ship-service takes a SERVICE_LEVEL and a SHIP_VIA code');
    return withSnapshot(snapshotFile(stringFlag(call.flags.db), call.config, call.configFile), false, (db) => {
      const recovery = recoverJournal(db);
      if (recovery.message) info(`amazon-logs: ${recovery.message}`);
      return report(db, runFix(db, serviceFix(db, level), via, { actor: actorOf(call.flags, call.config) }), call);
    });
  },
};
