/** The filter form's pure logic: fields from TabSpec.filters, validation, and the filters it yields. */
import type { FilterFieldSpec, TabFilters, TabId, TabSpec } from '../triage/types.js';

export interface FormState {
  tab: TabId;
  /** One value per TabSpec.filters entry, as typed ('' = no filter; for a choice, '' = any). */
  values: string[];
  focus: number;
  /** The problem with each field after an Apply, shown beside it. */
  errors: (string | undefined)[];
}

export function openForm(spec: TabSpec, filters: TabFilters): FormState {
  const values = spec.filters.map((f) => {
    const v = filters[f.key];
    if (f.flag) return v ? 'yes' : '';
    return v === undefined ? '' : String(v);
  });
  return { tab: spec.id, values, focus: 0, errors: spec.filters.map(() => undefined) };
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

function fieldProblem(field: FilterFieldSpec, value: string): string | undefined {
  if (value === '') return undefined;
  switch (field.kind) {
    case 'date':
      return isDay(value) ? undefined : 'not a date: use YYYY-MM-DD';
    case 'number':
      return /^[1-9]\d*$/.test(value) ? undefined : 'not a number: use digits, e.g. 1042';
    case 'choice':
      return field.choices?.includes(value) ? undefined : `choose one of ${field.choices?.join(', ')}`;
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
  const errors = spec.filters.map((f, i) => fieldProblem(f, values[i]!));
  const fromAt = spec.filters.findIndex((f) => f.key === 'from');
  const toAt = spec.filters.findIndex((f) => f.key === 'to');
  if (fromAt >= 0 && toAt >= 0 && !errors[fromAt] && !errors[toAt] && values[fromAt] && values[toAt] && values[fromAt]! > values[toAt]!) {
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
export function cycleChoice(field: FilterFieldSpec, value: string, delta: number): string {
  const options = ['', ...(field.choices ?? [])];
  const at = Math.max(0, options.indexOf(value));
  return options[(at + delta + options.length) % options.length]!;
}
