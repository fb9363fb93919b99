import {
  ChangeRefusedError,
  FileChangedError,
  ReadOnlyError,
  SnapshotChangedError,
  SnapshotError,
  WriterBusyError,
} from '../db/index.js';
import { UserError } from '../user-error.js';
import { RefError } from './refs.js';

/** An error as it crosses between threads: its class by name, and what it carries. */
export interface WireError {
  name: string;
  message: string;
  /** The fields of the error's own (file, problem, reason, what, exitCode). */
  fields: Record<string, string | number>;
}

/** The classes an error may be rebuilt as; any other arrives as a plain Error with its message. */
const CLASSES: Record<string, { prototype: Error }> = {
  UserError,
  SnapshotError,
  SnapshotChangedError,
  FileChangedError,
  ReadOnlyError,
  ChangeRefusedError,
  WriterBusyError,
  RefError,
};

export function toWire(err: unknown): WireError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const fields: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(err))
    if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
  return { name: err.name, message: err.message, fields };
}

/** The same class as was thrown on the other side (instanceof works), with its message and fields. */
export function fromWire(wire: WireError): Error {
  const cls = Object.hasOwn(CLASSES, wire.name) ? CLASSES[wire.name] : undefined;
  if (!cls) return Object.assign(new Error(wire.message), { name: wire.name === 'Error' ? 'Error' : wire.name });
  const err = Object.create(cls.prototype) as Error;
  Object.assign(err, wire.fields);
  Object.defineProperty(err, 'message', { value: wire.message, writable: true, configurable: true });
  Object.defineProperty(err, 'name', { value: wire.name, writable: true, configurable: true });
  Object.defineProperty(err, 'stack', { value: `${wire.name}: ${wire.message}`, writable: true, configurable: true });
  return err;
}
