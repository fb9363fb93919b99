import { Box, Text, useApp, useInput } from 'ink';
import TextInput from 'ink-text-input';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { tabSpec } from '../triage/tabs.js';
import type { TriageSource } from '../triage/source.js';
import { DetailView } from './components/DetailView.js';
import { FilterForm } from './components/FilterForm.js';
import { HelpOverlay } from './components/HelpOverlay.js';
import { OptionsMenu } from './components/OptionsMenu.js';
import { SettingsView } from './components/SettingsView.js';
import { confirmText } from './marks.js';
import { GroupsView } from './components/GroupsView.js';
import { MessageLine, StatusLine } from './components/StatusLine.js';
import { TabBar } from './components/TabBar.js';
import { Table } from './components/Table.js';
import { Controller } from './controller.js';
import { filtersInWords, hintText, keysNow } from './format.js';
import { MIN_COLUMNS, MIN_ROWS, screenLayout, tableLayout, tooSmall } from './layout.js';
import { ASCII_GLYPHS, glyphsFor, UNICODE_GLYPHS } from './glyphs.js';
import { pictureKey } from './fetcher.js';
import { pictureLines } from './pictures.js';
import { sanitize, stripUnsafe, truncate } from '../text/sanitize.js';
import { currentWindow, type AppState, type Opening } from './state.js';

export interface AppProps {
  source: TriageSource;
  /** Terminal size; runTui passes stdout's and follows 'resize'. */
  columns: number;
  rows: number;
  /** The tab and toggles the dashboard opens with. */
  opening?: Opening;
}

/**
 * The dashboard. One `useInput` here routes every key through the controller;
 * only the focused text input reads keys itself.
 */
export function App({ source, columns, rows, opening }: AppProps) {
  const { exit } = useApp();
  const [controller] = useState(() => new Controller(source, columns, rows, { unicode: glyphsFor().unicode, ...opening }));
  const state = useSyncExternalStore(controller.subscribe, controller.getState);
  useEffect(() => {
    controller.onQuit = () => exit();
    controller.start();
    return () => controller.dispose();
  }, [controller, exit]);
  useEffect(() => controller.dispatch({ type: 'resize', columns, rows }), [controller, columns, rows]);
  useInput(controller.handleKey);

  if (tooSmall(state.columns, state.rows)) {
    const line = `terminal too small (need ${MIN_COLUMNS}x${MIN_ROWS}, have ${state.columns}x${state.rows}) - q quits`;
    return <Text>{truncate(line, Math.max(1, state.columns))}</Text>;
  }
  return <Screen state={state} controller={controller} label={source.label} />;
}

function Screen({ state, controller, label }: { state: AppState; controller: Controller; label: string }) {
  const { columns: width, rows } = state;
  const { bodyHeight } = screenLayout(rows);
  const glyphs = state.unicode ? UNICODE_GLYPHS : ASCII_GLYPHS;
  const spec = tabSpec(state.tab);
  const tab = state.tabs[state.tab];
  const window = state.windows[state.tab];
  const current = currentWindow(state);
  const mode = state.mode;
  const marked = state.marks[state.tab] ?? [];
  const rowsAt = !current ? 'row … of …' : current.total === undefined ? `row ${tab.selected + 1} of … (counting)` : current.total ? `row ${tab.selected + 1} of ${current.total}` : 'row 0 of 0';
  const position = marked.length ? `${rowsAt} · ${marked.length} marked` : rowsAt;

  let body;
  switch (mode.kind) {
    case 'detail':
      body = <DetailView detail={mode.detail} scroll={mode.scroll} txCursor={mode.txCursor} width={width} height={bodyHeight} />;
      break;
    case 'filters':
      body = (
        <FilterForm
          spec={tabSpec(mode.form.tab)}
          form={mode.form}
          width={width}
          height={bodyHeight}
          onChange={(value) => controller.dispatch({ type: 'formChange', value })}
        />
      );
      break;
    case 'options':
      body = <OptionsMenu actions={mode.actions} label={mode.label} height={bodyHeight} cursor={mode.cursor} fix={mode.fix} hint={mode.hint} />;
      break;
    case 'fix':
      body = (
        <Box flexDirection="column" height={bodyHeight}>
          <Text bold wrap="truncate">{`${sanitize(mode.note)} (${sanitize(mode.label)})`}</Text>
          <Box>
            <Text>{mode.action === 'map-ship-service' ? 'ERP ship-via code: ' : 'ERP item: '}</Text>
            <TextInput
              value={mode.value}
              placeholder={mode.action === 'map-ship-service' ? 'ship-via code, e.g. UPS-GROUND' : 'item number, e.g. WID-100'}
              onChange={(value) => controller.dispatch({ type: 'fixChange', value: stripUnsafe(value) })}
            />
          </Box>
        </Box>
      );
      break;
    case 'settings':
      body = <SettingsView rows={mode.rows} width={width} height={bodyHeight} />;
      break;
    case 'help':
      body = <HelpOverlay width={width} height={bodyHeight} />;
      break;
    case 'groups':
      body = <GroupsView groups={mode.groups} cursor={mode.cursor} width={width} height={bodyHeight} glyphs={glyphs} />;
      break;
    case 'confirm':
      body = (
        <Box height={bodyHeight}>
          <Text bold wrap="truncate">
            {confirmText(mode.action, sanitize(mode.label), mode.question === undefined ? undefined : sanitize(mode.question))}
          </Text>
        </Box>
      );
      break;
    case 'confirm-quit':
      body = (
        <Box height={bodyHeight}>
          <Text bold>An action is still running. Quit anyway? (y/n)</Text>
        </Box>
      );
      break;
    default: {
      const layout = tableLayout(state.tab, width, rows);
      // Pictures of another filter are not shown: "…" until this one's figures arrive.
      const pictures = state.pictures[state.tab];
      const figures = pictures?.query === pictureKey(state, state.tab) ? pictures.figures : undefined;
      body = (
        <Table
          spec={spec}
          tab={tab}
          window={window}
          current={current !== undefined}
          width={width}
          layout={layout}
          marked={new Set(marked)}
          pictures={pictureLines(state.tab, figures, glyphs)}
          glyphs={glyphs}
        />
      );
    }
  }

  return (
    <Box flexDirection="column" width={width} height={rows - 1} overflow="hidden">
      <TabBar active={state.tab} counts={state.counts} />
      {mode.kind === 'prompt' ? (
        <Box height={1} width={width} overflow="hidden">
          <Text bold>{`/ Keyword (${spec.title}): `}</Text>
          <TextInput value={mode.value} placeholder="text to find" onChange={(value) => controller.dispatch({ type: 'promptChange', value: stripUnsafe(value) })} />
        </Box>
      ) : (
        <Text wrap="truncate">{filtersInWords(state.tab, tab.filters)}</Text>
      )}
      {body}
      <StatusLine position={position} label={label} readOnly={state.readOnlyReason !== undefined} working={state.pending > 0 || state.acting} />
      <MessageLine message={state.message} />
      <Text dimColor wrap="truncate">
        {hintText(keysNow(state))}
      </Text>
    </Box>
  );
}

/** What SizedApp reads the terminal size from: stdout, or a stand-in in tests. */
export interface SizeSource {
  columns?: number;
  rows?: number;
  on(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
}

/** The App at the terminal's size, laid out again on every 'resize'. */
export function SizedApp({ source, stdout, opening }: { source: TriageSource; stdout: SizeSource; opening?: Opening }) {
  const read = () => ({ columns: stdout.columns ?? MIN_COLUMNS, rows: stdout.rows ?? MIN_ROWS });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return <App source={source} columns={size.columns} rows={size.rows} opening={opening} />;
}
