/**
 * NO_COLOR (any non-empty value, per no-color.org) asks for no colour. Only
 * colour goes: inverse video and bold are not colour, and the selected row
 * needs them, so chalk stays on and the dashboard simply draws no colours.
 */
export function wantsNoColor(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}
