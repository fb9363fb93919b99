/**
 * Every frame Ink draws in the tests is also drawn by src/ui/row-output.ts
 * (the bundle's stand-in for Ink's Output class), and the two must be the same
 * text: a difference fails the test that drew the frame. Ink loads its
 * Output from this very file, so patching the class's get() reaches every
 * render (test/ui/row-output.test.tsx checks that it does).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, expect } from 'vitest';
import { rowOutput, type InkOutput, type InkOutputClass } from '../src/ui/row-output.js';

const require = createRequire(import.meta.url);
/** Ink's build folder: its package exports only its index, so the file is named by path. */
export const inkOutputFile = path.join(path.dirname(require.resolve('ink')), 'output.js');
const Ink = ((await import(pathToFileURL(inkOutputFile).href)) as { default: InkOutputClass }).default;
const inkGet = Ink.prototype.get;

/** Ink's class as it ships, whatever the patch below does to it. */
export class PristineInk extends Ink {
  override get() {
    return inkGet.call(this);
  }
}
export const RowOutput = rowOutput(PristineInk);

/** Frames compared so far, and those that differed. */
export const compared = { frames: 0, differing: [] as { ink: string; ours: string }[] };

Ink.prototype.get = function get(this: InkOutput) {
  const ink = inkGet.call(this);
  const ours = new RowOutput({ width: this.width, height: this.height });
  ours.operations = this.operations;
  const mine = ours.get();
  compared.frames++;
  if (mine.output !== ink.output || mine.height !== ink.height)
    compared.differing.push({ ink: ink.output, ours: mine.output });
  return ink;
};

afterEach(() => {
  const differing = compared.differing.splice(0);
  expect(differing, 'frames src/ui/row-output.ts draws otherwise than Ink').toEqual([]);
});
