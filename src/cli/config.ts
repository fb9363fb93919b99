/**
 * The user's config file ($XDG_CONFIG_HOME/amazon-logs/config.json): defaults
 * for the snapshot, the actor and how the dashboard opens. A key or value it
 * does not know is reported with the file and the key, never ignored.
 */
import { configPath, ConfigFileError, inOwnFolder, readConfigFile } from '../db/index.js';
import { TAB_IDS, type TabId } from '../triage/index.js';
import { didYouMean } from '../text/suggest.js';

export interface Config {
  /** The snapshot when no FILE or --db is given (after AMAZON_LOGS_DB). */
  db?: string;
  /** Who actions are audited as (after --actor and AMAZON_LOGS_ACTOR). */
  actor?: string;
  /** The tab the dashboard opens on. */
  startTab?: TabId;
  /** Tabs that open with Hide Resolved Exports on: true for all of them. */
  hideResolved?: boolean | TabId[];
  /** Tabs that open with Show Errors Only on. */
  errorsOnly?: boolean | TabId[];
  /** 'mono' draws without colour (as NO_COLOR does). */
  theme?: 'color' | 'mono';
  /** The columns each tab hides (the dashboard's column chooser, C, writes this). */
  hiddenColumns?: Partial<Record<TabId, string[]>>;
}

export const CONFIG_KEYS = ['db', 'actor', 'startTab', 'hideResolved', 'errorsOnly', 'theme', 'hiddenColumns'] as const;

export interface LoadedConfig {
  file: string;
  config: Config;
}

/** Reads and checks the config file; none is an empty config. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  note: (line: string) => void = () => {},
): LoadedConfig {
  const file = configPath(env);
  let raw: unknown;
  try {
    raw = readConfigFile(file);
  } catch (err) {
    if (!(err instanceof ConfigFileError) || (err.code !== 'EACCES' && err.code !== 'EPERM')) throw err;
    // Another user's home (sudo -u keeps HOME) holds nothing meant for this user; our own unreadable file is worth a word.
    if (inOwnFolder(file)) note(`amazon-logs: ${err.message}; going on without a config file`);
    return { file, config: {} };
  }
  if (raw === undefined) return { file, config: {} };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new ConfigFileError(file, 'must hold a JSON object, e.g. {"db": "/srv/amazon/snapshot.db"}');
  const config: Config = {};
  const bad = (key: string, what: string) => new ConfigFileError(file, `"${key}" must be ${what}`);
  const tabs = (key: string, v: unknown): boolean | TabId[] => {
    if (typeof v === 'boolean') return v;
    if (Array.isArray(v) && v.every((t) => typeof t === 'string' && (TAB_IDS as readonly string[]).includes(t)))
      return v as TabId[];
    throw bad(key, `true, false or a list of tabs (${TAB_IDS.join(', ')})`);
  };
  for (const [key, v] of Object.entries(raw as Record<string, unknown>)) {
    switch (key) {
      case 'db':
      case 'actor':
        if (typeof v !== 'string' || v.trim() === '') throw bad(key, 'a non-empty string');
        config[key] = v;
        break;
      case 'startTab':
        if (typeof v !== 'string' || !(TAB_IDS as readonly string[]).includes(v))
          throw bad(key, `one of ${TAB_IDS.join(', ')}`);
        config.startTab = v as TabId;
        break;
      case 'hideResolved':
      case 'errorsOnly':
        config[key] = tabs(key, v);
        break;
      case 'theme':
        if (v !== 'color' && v !== 'mono') throw bad(key, '"color" or "mono"');
        config.theme = v;
        break;
      case 'hiddenColumns': {
        const ok =
          v !== null &&
          typeof v === 'object' &&
          !Array.isArray(v) &&
          Object.entries(v as Record<string, unknown>).every(
            ([t, cols]) =>
              (TAB_IDS as readonly string[]).includes(t) &&
              Array.isArray(cols) &&
              cols.every((c) => typeof c === 'string'),
          );
        if (!ok)
          throw bad(
            key,
            `an object of tabs (${TAB_IDS.join(', ')}) to lists of column names, e.g. {"logs": ["message"]}`,
          );
        config.hiddenColumns = v as Config['hiddenColumns'];
        break;
      }
      default:
        throw new ConfigFileError(
          file,
          `unknown key "${key}"${didYouMean(key, CONFIG_KEYS)}; the keys are ${CONFIG_KEYS.join(', ')}`,
        );
    }
  }
  return { file, config };
}
