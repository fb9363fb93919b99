/**
 * Colour settings that must be in place before Ink (and chalk, which reads the
 * environment once, when first imported) is loaded. chalk ignores NO_COLOR,
 * so NO_COLOR (any non-empty value, per no-color.org) becomes FORCE_COLOR=0.
 * This module imports nothing, so a caller can run it first.
 */
export function prepareTerminalEnv(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') env.FORCE_COLOR = '0';
}
