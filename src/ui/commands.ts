/** What a key asks for: a change of state (an AppEvent), or work the controller does (fetch, act, write to the terminal). */
import type { TabId } from '../triage/triage-types.js';
import type { AppEvent } from './model.js';

export type Command =
  | AppEvent
  | { type: 'quit' }
  /** q: quits, or asks first when actions are not in the file yet. */
  | { type: 'requestQuit' }
  | { type: 'jumpTo'; tab: TabId; id: number }
  | { type: 'runOption'; index: number }
  | { type: 'exportRows'; format: 'csv' | 'json' }
  | { type: 'markAll' }
  | { type: 'markAndMove' }
  | { type: 'runConfirmed' }
  | { type: 'openGroups' }
  | { type: 'groupOptions' }
  | { type: 'applyFix' }
  | { type: 'openSettings' }
  | { type: 'orderErrors'; orderRef: string }
  | { type: 'applyGoto' }
  | { type: 'findNext'; direction: 1 | -1 }
  | { type: 'copy' }
  | { type: 'copyPick'; index: number }
  | { type: 'pager' }
  | { type: 'closeColumns' }
  /** R: read the file again after another program changed it. */
  | { type: 'reopen' };
