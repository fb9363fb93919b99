/** The filter form's pure logic: fields from TabSpec.filters, validation, and the filters it yields. */
import type { FilterFieldSpec, TabFilters, TabId, TabSpec } from '../triage/triage-types.js';

export interface FormState {
  tab: TabId;
  /** One value per TabSpec.filters entry, as typed ('' = no filter; for a choice, '' = any). */
  values: string[];
  focus: number;
  /** The problem with each field after an Apply, shown beside it. */
  errors: (string | undefined)[];
  /** A counted choice's counts (Errors: errors per code under the tab's other filters), once loaded. */
  counts?: Record<string, number>;
  /** Letters typed on a choice field so far: the choice containing them is picked. */
  typed?: string;
  /** The cursor in the focused text field. */
  cursor: number;
}

export function openForm(spec: TabSpec, filters: TabFilters): FormState {
  const values = spec.filters.map((f) => {
    const v = filters[f.key];
    if (f.flag) return v ? 'yes' : '';
    return v === undefined ? '' : String(v);
  });
  return {
    tab: spec.id,
    values,
    focus: 0,
    cursor: [...(values[0] ?? '')].length,
    errors: spec.filters.map(() => undefined),
  };
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD. */
export function isDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * A choice field's options: its own, and for a counted one also the values
 * found in the data, the most frequent first.
 */
export function choicesOf(field: FilterFieldSpec, counts?: Record<string, number>): string[] {
  const own = [...(field.choices ?? [])];
  if (!field.counted || !counts) return own;
  const all = [
    ...own,
    ...Object.keys(counts)
      .filter((c) => !own.includes(c))
      .sort(),
  ];
  return all
    .map((c, i) => ({ c, i, n: counts[c] ?? 0 }))
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .map((x) => x.c);
}

function fieldProblem(field: FilterFieldSpec, value: string, counts?: Record<string, number>): string | undefined {
  if (value === '') return undefined;
  switch (field.kind) {
    case 'date':
      return isDay(value) ? undefined : 'not a date: use YYYY-MM-DD';
    case 'number':
      return /^[1-9]\d*$/.test(value) ? undefined : 'not a number: use digits, e.g. 1042';
    case 'choice':
      // A counted choice may hold a value of the data's own (a producer's code) before its counts arrive.
      if (field.counted) return undefined;
      return choicesOf(field, counts).includes(value)
        ? undefined
        : `choose one of ${choicesOf(field, counts).join(', ')}`;
    default:
      return undefined;
  }
}

export type FormResult = { ok: true; filters: TabFilters } | { ok: false; errors: (string | undefined)[] };

/**
 * Checks every field; when all are valid, returns the tab's filters with the
 * form's fields replaced (the two toggles are kept as they were).
 */
export function applyForm(spec: TabSpec, form: FormState, current: TabFilters): FormResult {
  const values = form.values.map((v) => v.trim());
  const errors = spec.filters.map((f, i) => fieldProblem(f, values[i]!, form.counts));
  const fromAt = spec.filters.findIndex((f) => f.key === 'from');
  const toAt = spec.filters.findIndex((f) => f.key === 'to');
  if (
    fromAt >= 0 &&
    toAt >= 0 &&
    !errors[fromAt] &&
    !errors[toAt] &&
    values[fromAt] &&
    values[toAt] &&
    values[fromAt]! > values[toAt]!
  ) {
    errors[toAt] = `before ${spec.filters[fromAt]!.label.toLowerCase()}`;
  }
  if (errors.some((e) => e !== undefined)) return { ok: false, errors };
  const filters: TabFilters = { ...current };
  const target = filters as unknown as Record<string, string | number | boolean | undefined>;
  spec.filters.forEach((f, i) => {
    const v = values[i]!;
    target[f.key] = v === '' ? undefined : f.flag ? true : f.kind === 'number' ? Number(v) : v;
  });
  return { ok: true, filters: withoutEmpty(filters) };
}

/** Filters without undefined keys, so equal filters compare equal. */
export function withoutEmpty(filters: TabFilters): TabFilters {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as unknown as TabFilters;
}

/** The next value of a choice field: '' (any), then each choice, wrapping round. */
export function cycleChoice(
  field: FilterFieldSpec,
  value: string,
  delta: number,
  counts?: Record<string, number>,
): string {
  const options = ['', ...choicesOf(field, counts)];
  const at = Math.max(0, options.indexOf(value));
  return options[(at + delta + options.length) % options.length]!;
}

/** The first choice that has the typed letters in it (any case), or undefined. */
export function choiceTyped(
  field: FilterFieldSpec,
  typed: string,
  counts?: Record<string, number>,
): string | undefined {
  const t = typed.toLowerCase();
  const options = choicesOf(field, counts);
  return options.find((o) => o.toLowerCase().startsWith(t)) ?? options.find((o) => o.toLowerCase().includes(t));
}
