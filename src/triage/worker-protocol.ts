export interface WorkerInit {
  file: string;
  readOnly: boolean;
  actor: string;
  /** Where exports are written (the user's current folder). */
  exportDir?: string;
}

/** What opening (or reopening) found: why actions are refused, and a line for the user. */
export interface Opened {
  readOnlyReason: string | undefined;
  notice: string | undefined;
  /** The file is a demo snapshot (amazon-logs demo), labelled so everywhere. */
  demo: boolean;
}

/** The background work and the file, for tests and the bench. */
export interface Health {
  /** Set when PRAGMA quick_check found damage (actions are refused). */
  damaged: string | undefined;
  /** Whether the check before the first change ran: it reads the whole file, so browsing alone never runs it. */
  integrity: 'unchecked' | 'sound' | 'damaged' | 'could not check';
  searchReady: boolean;
  /** Blocks of the file read into memory, of all of them (undefined: read whole). */
  residency: { loaded: number; total: number } | undefined;
  /** 64 KiB blocks read from the file on disk so far (undefined: read whole). */
  blocksRead: number | undefined;
}

export type Notice =
  | ({ kind: 'ready' } & Opened)
  | { kind: 'failed'; message: string }
  | { kind: 'notice'; text: string; ok: boolean }
  /** Background work that reads much of the file, for the status line; undefined when none runs. */
  | { kind: 'background'; text: string | undefined }
  /** The file changed on disk: nothing more is read from it, actions are refused, reopening shows the new version. */
  | { kind: 'stale'; text: string }
  /** A save found the file changed on disk and merged this session's actions onto the new version: every row is read again. */
  | { kind: 'merged'; text: string }
  | { kind: 'saved'; ok: boolean; text: string; unsaved: number };
