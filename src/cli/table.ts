/** Every command, as data: parsing, the usage text and each --help come from here. */
import type { Command } from './command.js';
import { act } from './commands/act.js';
import { dashboard } from './commands/dashboard.js';
import { completionCommand } from './commands/completion.js';
import { demo } from './commands/demo.js';
import { importCommand } from './commands/import.js';
import { linkSku, mapShipService } from './commands/fix.js';
import { list } from './commands/list.js';
import { process_ } from './commands/process.js';
import { replay } from './commands/replay.js';
import { settings } from './commands/settings.js';
import { show } from './commands/show.js';
import { stats } from './commands/stats.js';

export const COMMANDS: readonly Command[] = [
  dashboard,
  list,
  stats,
  show,
  act,
  importCommand,
  process_,
  linkSku,
  mapShipService,
  settings,
  demo,
  replay,
  // The completion script is made from this table, so it lists itself too.
  completionCommand(() => COMMANDS),
];

export function commandNamed(name: string): Command | undefined {
  return COMMANDS.find((c) => c.names.includes(name));
}
