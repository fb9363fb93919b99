/**
 * Issue 15 through the built binary in a real 80x24 terminal (tmux): Ctrl-D
 * paging, a burst of Backspaces, `y` putting the row's order number on the
 * clipboard with OSC 52, `v` with a pager stand-in, Left/Right scrolling the
 * columns, and the help showing its last line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli.js';
import { haveTmux, RecordedTerminal } from '../safety/support.js';

let dir: string;
let file: string;
const terms: RecordedTerminal[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-e2e-keys-'));
  file = path.join(dir, 'demo.db');
  const made = cli(['demo', '--out', file, '--transactions', '400', '--seed', '7']);
  if (made.code !== 0) throw new Error(made.stderr);
});
afterEach(() => {
  for (const t of terms.splice(0)) t.stop();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function started(env: Record<string, string> = {}): Promise<RecordedTerminal> {
  const term = new RecordedTerminal(80, 24, dir);
  terms.push(term);
  term.startCli([file, '--read-only'], env);
  await term.waitFor(/row 1 of \d+ [│|]/);
  return term;
}

const selectedLine = (screen: string) => screen.split('\n').find((l) => l.startsWith('› ')) ?? '';

describe.runIf(haveTmux())('keys in a real 80x24 terminal', () => {
  it('Ctrl-D and Ctrl-U move half a page, Ctrl-F and Ctrl-B a page; Ctrl-F opens no filter form', async () => {
    const term = await started();
    term.keys('C-d');
    await term.waitFor(/row 9 of \d+ │/);
    term.keys('C-f');
    await term.waitFor(/row 25 of \d+ │/);
    term.keys('C-u');
    await term.waitFor(/row 17 of \d+ │/);
    term.keys('C-b');
    const back = await term.waitFor(/row 1 of \d+ │/);
    expect(back).not.toContain('Filters for');
    term.keys('q');
    await term.waitFor('[exited 0]');
  });

  it('several Backspaces that arrive together each delete one character', async () => {
    const term = await started();
    term.keys('/');
    term.type('shipment');
    await term.waitFor('Keyword (Orders): shipment');
    // One write of four DEL bytes, as key repeat or a fast hand sends them.
    term.type('\x7f\x7f\x7f\x7f');
    const screen = await term.waitFor(/Keyword \(Orders\): ship\s*$/m);
    expect(screen).not.toContain('shipm');
    term.type('\x7f\x7f');
    await term.waitFor(/Keyword \(Orders\): sh\s*$/m);
    term.keys('Escape', 'q');
    await term.waitFor('[exited 0]');
  });

  it('y puts the selected order number on the clipboard with OSC 52, which reaches the pane', async () => {
    const term = await started();
    term.acceptClipboard();
    const ref = /^› (\d{3}-\d{7}-\d{7})/.exec(selectedLine(term.screen()))?.[1];
    expect(ref).toBeDefined();
    term.keys('y');
    await term.waitFor(`Order number: ${ref}`);
    term.keys('Enter');
    await term.waitFor(`Copied order number ${ref} to the clipboard`);
    expect(term.raw().toString('latin1')).toContain(`\x1b]52;c;${Buffer.from(ref!).toString('base64')}\x07`);
    expect(term.clipboard()).toBe(ref);
    term.keys('q');
    await term.waitFor('[exited 0]');
  });

  it('v shows the record in $PAGER and comes back to the dashboard', async () => {
    // A pager stand-in: prints what it is given, then waits for Enter on the terminal.
    const term = await started({ PAGER: 'cat; echo "[end of the pager]"; read answer < /dev/tty' });
    const ref = /^› (\d{3}-\d{7}-\d{7})/.exec(selectedLine(term.screen()))?.[1];
    term.keys('v');
    const paged = await term.waitFor('[end of the pager]');
    expect(paged).not.toMatch(/row \d+ of \d+ │/);
    term.keys('Enter');
    await term.waitFor(/Back from the pager/);
    const back = await term.waitFor(/row 1 of \d+ │/);
    expect(selectedLine(back)).toContain(ref!);
    term.keys('q');
    await term.waitFor('[exited 0]');
    // The record went to the pager whole: its title and fields, not the screen.
    expect(term.raw().toString('utf8')).toContain(`Order ${ref}`);
  });

  it('Left and Right scroll the columns at 80 columns, the selection column staying', async () => {
    const term = await started();
    term.keys('3');
    const logs = await term.waitFor(/^ {2}Import Date UTC▼ +Type/m);
    const header = logs.split('\n').findIndex((l) => /^ {2}Import Date UTC/.test(l));
    // Scrolling goes through every column of the tab, the ones 80 columns left out first: Start Date, End Date, Entity Type.
    term.keys('Right');
    const scrolled = await term.waitFor((s) =>
      /^« Start Date UTC +End Date UTC +Entity Type +Type/.test(s.split('\n')[header]!),
    );
    expect(selectedLine(scrolled)).toMatch(/^› \d{4}-\d\d-\d\d /);
    term.keys('Right');
    await term.waitFor((s) => /^« End Date UTC +Entity Type /.test(s.split('\n')[header]!));
    term.keys('Left', 'Left');
    await term.waitFor((s) => /^ {2}Import Date UTC▼ +Type/.test(s.split('\n')[header]!));
    term.keys('q');
    await term.waitFor('[exited 0]');
  });

  it('the help at 80x24 scrolls to its last line and shows the version', async () => {
    const version = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string }).version;
    const term = await started();
    term.keys('?');
    const first = await term.waitFor(`amazon-logs ${version}`);
    // The last line: how the help closes.
    expect(first).not.toMatch(/Esc \? +close the help/);
    term.keys('G');
    const end = await term.waitFor(/Esc \? +close the help/);
    expect(end).toMatch(/lines \d+-(\d+) of \1/);
    term.keys('Escape', 'q');
    await term.waitFor('[exited 0]');
  });

  it('NO_COLOR keeps inverse and bold (the selected row, the badge) and sends no colour', async () => {
    // CI=false (Ink needs it to draw in tmux) makes chalk think it is in CI and draw nothing: FORCE_COLOR=1 stands for a colour terminal.
    const sgr = async (env: Record<string, string>) => {
      const term = await started({ FORCE_COLOR: '1', ...env });
      term.keys('j');
      await term.waitFor(/row 2 of \d+ │/);
      term.keys('q');
      await term.waitFor('[exited 0]');
      return term.raw().toString('latin1');
    };
    // No foreground or background colour: 30-38 and 40-48 (39 and 49 are resets), 90-97, 100-107.
    const colour = /\x1b\[(\d+;)*(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;\d+)*m/;
    expect(
      await sgr({}),
      'a colour terminal without NO_COLOR gets colour (the READ-ONLY badge, the tab counts)',
    ).toMatch(colour);
    const raw = await sgr({ NO_COLOR: '1' });
    expect(raw).toMatch(/\x1b\[(\d+;)*7(;\d+)*m/);
    expect(raw).toMatch(/\x1b\[(\d+;)*1(;\d+)*m/);
    expect(raw).not.toMatch(colour);
  });

  it('where the locale is not UTF-8 the chrome is ASCII: > marks the row, | separates, no arrows', async () => {
    const term = await started({ LANG: 'C', LC_ALL: '', LC_CTYPE: '' });
    const screen = term.screen();
    expect(screen.split('\n').some((l) => l.startsWith('> '))).toBe(true);
    expect(screen).toMatch(/row 1 of \d+ \| /);
    expect(screen).not.toMatch(/[›│↑↓←→…▼▲·]/);
    term.keys('q');
    await term.waitFor('[exited 0]');
  });
});
