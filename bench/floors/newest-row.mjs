// Floor: the data path alone, in one thread, bundled by the bench as the
// binary is: sql.js opens FILE through the dashboard's own code (read-only,
// a block at a time, as the database thread does) and one line shows the
// newest transaction. No Ink, no thread, none of the dashboard's queries.
import { openSnapshot } from '../../src/db/index.ts';

const snap = await openSnapshot(process.argv[2], { readOnly: true, buildMissingIndexes: false });
const newest = snap.get('SELECT id, import_date FROM transactions ORDER BY id DESC LIMIT 1');
process.stdout.write(`  ${newest.import_date} transaction ${newest.id}, read by sql.js\n`);
snap.close();
