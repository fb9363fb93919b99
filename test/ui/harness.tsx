/** Renders the App over a snapshot, presses keys, reads the last frame. */
import { render } from 'ink-testing-library';
import { useEffect, type ReactNode } from 'react';
import type { Snapshot } from '../../src/db/index.js';
import { createTriageSession } from '../../src/triage/session.js';
import type { TriageSource } from '../../src/triage/source.js';
import { App } from '../../src/ui/app.js';
import type { DashboardIO } from '../../src/ui/controller.js';
import type { Opening } from '../../src/ui/state.js';

export const KEY = {
  up: '\u001B[A',
  down: '\u001B[B',
  left: '\u001B[D',
  right: '\u001B[C',
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  shiftTab: '\u001B[Z',
  pageDown: '\u001B[6~',
  pageUp: '\u001B[5~',
  home: '\u001B[H',
  end: '\u001B[F',
  ctrlC: '\u0003',
  backspace: '\u007F',
} as const;

/** Ink's exit() unmounts the tree; this notices it (ink-testing-library has no exit hook). */
function UnmountProbe({ onUnmount, children }: { onUnmount: () => void; children: ReactNode }) {
  useEffect(() => onUnmount, [onUnmount]);
  return <>{children}</>;
}

const tick = () => new Promise<void>((resolve) => setImmediate(() => setTimeout(resolve, 0)));

export interface Rendered {
  /** The last frame, without a trailing newline. */
  frame(): string;
  lines(): string[];
  /** Writes each key, waiting for the screen to settle after each. */
  press(...keys: string[]): Promise<void>;
  /** Types text as separate key presses. */
  type(text: string): Promise<void>;
  /** Writes keys one after another without waiting in between (a fast typist), then settles. */
  typeAhead(...keys: string[]): Promise<void>;
  /** Writes a key and returns at once, settled or not. */
  write(key: string): void;
  settle(): Promise<void>;
  /** Every frame written so far. */
  frames: string[];
  exited: () => boolean;
  unmount(): void;
}

/**
 * Renders at a given size. "Settled" means no "working…" (or ASCII "working...") marker and the same
 * frame over a few turns of the event loop, so async source answers have landed.
 */
export async function renderApp(
  source: TriageSource,
  size: { columns?: number; rows?: number; opening?: Opening; io?: DashboardIO; answerWaitMs?: number } = {},
): Promise<Rendered> {
  let exited = false;
  const onUnmount = () => {
    exited = true;
  };
  const instance = render(
    <UnmountProbe onUnmount={onUnmount}>
      <App
        source={source}
        columns={size.columns ?? 80}
        rows={size.rows ?? 24}
        opening={size.opening}
        io={size.io}
        answerWaitMs={size.answerWaitMs}
      />
    </UnmountProbe>,
  );
  const frame = () => instance.lastFrame() ?? '';
  const settle = async () => {
    let last = '';
    let stable = 0;
    for (let i = 0; i < 200 && stable < 3; i++) {
      await tick();
      const now = frame();
      stable = now === last && !/working(…|\.\.\.)/.test(now) ? stable + 1 : 0;
      last = now;
    }
  };
  await new Promise((r) => setTimeout(r, 20));
  await settle();
  return {
    frame,
    lines: () => frame().split('\n'),
    frames: instance.frames,
    press: async (...keys) => {
      for (const key of keys) {
        instance.stdin.write(key);
        await settle();
      }
    },
    type: async (text) => {
      for (const ch of text) {
        instance.stdin.write(ch);
        await settle();
      }
    },
    typeAhead: async (...keys) => {
      for (const key of keys) instance.stdin.write(key);
      await settle();
    },
    write: (key) => void instance.stdin.write(key),
    settle,
    exited: () => exited,
    unmount: () => instance.unmount(),
  };
}

/** The App over a snapshot, through the real triage session. */
export async function renderSnapshot(
  snap: Snapshot,
  size: { columns?: number; rows?: number } = {},
): Promise<Rendered> {
  return renderApp(createTriageSession(snap, { actor: 'tester' }), size);
}

/** The status line's index: the last line that starts "row" (a long message takes two lines under it). */
function statusAt(app: Rendered): number {
  const lines = app.lines();
  for (let i = lines.length - 3; i >= lines.length - 4 && i >= 0; i--) if (/^row /.test(lines[i]!)) return i;
  return lines.length - 3;
}

/** The screen's fixed lines, counted from the top and the bottom. */
export const screen = {
  tabBar: (app: Rendered) => app.lines()[0]!,
  filterLine: (app: Rendered) => app.lines()[1]!,
  /** The table rows (or whatever the body shows), between the header and the bottom lines. */
  body: (app: Rendered) => app.lines().slice(3, statusAt(app)).join('\n'),
  status: (app: Rendered) => app.lines()[statusAt(app)]!,
  /** The message, on one line (a long one is drawn on two). */
  message: (app: Rendered) =>
    app
      .lines()
      .slice(statusAt(app) + 1, -1)
      .join(' ')
      .trimEnd(),
  keys: (app: Rendered) => app.lines().at(-1)!,
  /** "row i of N" from the status line. */
  position: (app: Rendered) => app.lines()[statusAt(app)]!.split(' │ ')[0]!,
  total: (app: Rendered) => Number(/row \d+ of (\d+)/.exec(app.lines()[statusAt(app)]!)?.[1]),
  /** The line marked as selected. */
  selected: (app: Rendered) => app.lines().find((l) => l.startsWith('›')) ?? '',
};
