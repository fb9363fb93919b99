export interface WorkerInit {
  file: string;
  readOnly: boolean;
  actor: string;
  /** Where exports are written (the user's current folder). */
  exportDir?: string;
}

export type Method =
  | 'count'
  | 'rows'
  | 'indexOf'
  | 'ids'
  | 'openErrorCounts'
  | 'detail'
  | 'act'
  | 'flush'
  | 'health'
  | 'exportRows'
  | 'errorGroups'
  | 'daily'
  | 'codeCounts'
  | 'nextMatch'
  | 'rowsOf'
  | 'unsaved'
  | 'distinctRuns'
  | 'settings';

export interface Request {
  id: number;
  method: Method;
  args: unknown[];
}

export type Reply = { kind: 'reply'; id: number; ok: true; value: unknown } | { kind: 'reply'; id: number; ok: false; error: string };

export type Notice =
  | { kind: 'ready'; readOnlyReason: string | undefined; notice: string | undefined; demo: boolean }
  | { kind: 'failed'; message: string }
  | { kind: 'notice'; text: string; ok: boolean }
  | { kind: 'saved'; ok: boolean; text: string; unsaved: number };
