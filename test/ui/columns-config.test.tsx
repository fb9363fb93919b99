/** The column chooser's choice kept in the config file: written beside the other keys, read back, and opening the tabs with those columns hidden. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/cli/config.js';
import { updateConfigFile } from '../../src/db/index.js';
import { createTriageSession } from '../../src/triage/session.js';
import { renderApp } from './harness.js';
import { uiSnapshot } from '../fixtures.js';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-columns-'));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('hidden columns in the config file', () => {
  it('are written beside the other keys, read back, and hide those columns when the dashboard opens', async () => {
    const env = { XDG_CONFIG_HOME: home };
    const file = loadConfig(env).file;
    // No config file: nothing is written (the choice lasts the session).
    expect(updateConfigFile(file, 'hiddenColumns', { orders: ['order_ref'] })).toBe(false);
    expect(fs.existsSync(file)).toBe(false);

    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ actor: 'ops' }));
    expect(updateConfigFile(file, 'hiddenColumns', { orders: ['order_ref'] })).toBe(true);
    const { config } = loadConfig(env);
    expect(config).toEqual({ actor: 'ops', hiddenColumns: { orders: ['order_ref'] } });

    const app = await renderApp(createTriageSession(await uiSnapshot(), { actor: 'tester' }), {
      opening: { hiddenColumns: config.hiddenColumns },
    });
    expect(app.lines()[2]).toMatch(/^ {2}Purchased UTC/);
    expect(app.lines()[2]).not.toContain('Order#');
    app.unmount();
  });

  it('a value that is not tabs to lists of column names is refused, naming the key', () => {
    const env = { XDG_CONFIG_HOME: home };
    const file = loadConfig(env).file;
    fs.writeFileSync(file, JSON.stringify({ hiddenColumns: { shipments: ['x'] } }));
    expect(() => loadConfig(env)).toThrow(/hiddenColumns/);
    fs.writeFileSync(file, JSON.stringify({ actor: 'ops' }));
  });
});
