/** The filters and toggles in words, for the chrome (the keys' words are in help-text.ts). */
import { tabSpec } from '../triage/tabs.js';
import type { TabFilters, TabId } from '../triage/triage-types.js';
import { sanitize } from '../text/sanitize.js';

/**
 * The active toggles and filters in words, e.g. `Filters: Hide Resolved
 * Exports · Status: Dropped · Keyword: "blue"`. Only what is on is listed, so
 * the line fits 80 columns; the keys to turn things on are shown when nothing is.
 */
export function filtersInWords(tab: TabId, filters: TabFilters, dot = '·'): string {
  const parts: string[] = [];
  // An error group (E) stands for its code and its message pattern: named first, in one piece.
  const group = filters.pattern !== undefined;
  if (group) parts.push(`Group ${sanitize(filters.code ?? '')} "${sanitize(filters.pattern!)}"`);
  if (filters.hideResolved) parts.push('Hide Resolved Exports');
  if (filters.errorsOnly) parts.push('Show Errors Only');
  for (const field of tabSpec(tab).filters) {
    const v = filters[field.key];
    if (v === undefined || v === '' || v === false || (group && field.key === 'code')) continue;
    if (field.flag) {
      parts.push(field.label);
      continue;
    }
    parts.push(
      field.kind === 'text' ? `${field.label}: "${sanitize(String(v))}"` : `${field.label}: ${sanitize(String(v))}`,
    );
  }
  return parts.length
    ? `Filters: ${parts.join(` ${dot} `)}`
    : 'Filters: none (h Hide Resolved Exports, e Show Errors Only, f form, / search)';
}
