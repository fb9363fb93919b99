import { didYouMean } from '../text/suggest.js';
import { UsageError } from './usage-error.js';

export function parsePositiveInt(value: string, what: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${what} must be a positive whole number, not "${value}"`);
  }
  return Number(value);
}

export function parseIds(values: string[]): number[] {
  if (values.length === 0) throw new UsageError('missing ID: give one or more row ids');
  return values.map((v) => parsePositiveInt(v, 'ID'));
}

export function oneOf<T extends string>(
  value: string | boolean | undefined,
  choices: readonly T[],
  flag: string,
  fallback: T,
): T {
  if (value === undefined || typeof value === 'boolean') return fallback;
  if (!(choices as readonly string[]).includes(value))
    throw new UsageError(`${flag} must be one of ${choices.join(', ')}, not "${value}"${didYouMean(value, choices)}`);
  return value as T;
}

export function stringFlag(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
