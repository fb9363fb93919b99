/** v: a record as plain text for the pager: its fields, then each section (errors, payload pretty-printed, history, audit). */
import type { Detail } from '../triage/triage-types.js';
import { sanitize } from '../text/sanitize.js';

export function recordText(d: Detail): string {
  const width = Math.max(...d.fields.map(([l]) => l.length));
  const out = [sanitize(d.title), ''];
  for (const [label, value] of d.fields) out.push(`${label.padEnd(width)}  ${sanitize(value)}`);
  for (const s of d.sections) {
    out.push('', `${sanitize(s.title)}:`);
    for (const l of s.lines.length ? s.lines : ['none']) out.push(`  ${sanitize(l)}`);
  }
  return `${out.join('\n')}\n`;
}
