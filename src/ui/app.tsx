import { Box, Text, useApp, useInput } from 'ink';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { tabSpec } from '../triage/tabs.js';
import type { TriageSource } from '../triage/source.js';
import { ChoiceList } from './components/choice-list.js';
import { ColumnChooser } from './components/column-chooser.js';
import { DetailView } from './components/detail-view.js';
import { FilterForm } from './components/filter-form.js';
import { HelpOverlay } from './components/help-overlay.js';
import { LineInput } from './components/line-input.js';
import { OptionsMenu } from './components/options-menu.js';
import { SettingsView } from './components/settings-view.js';
import { confirmText } from './bulk-run.js';
import { GroupsView } from './components/groups-view.js';
import { MessageLine, StatusLine } from './components/status-line.js';
import { TabBar } from './components/tab-bar.js';
import { Table } from './components/table-view.js';
import { Controller, type DashboardIO } from './controller.js';
import { filtersInWords } from './filters-in-words.js';
import { hintText, keysNow } from './help-text.js';
import { MIN_COLUMNS, MIN_ROWS, screenOf, tableLayout, tooSmall } from './layout.js';
import { glyphsFor, glyphsOf } from './glyphs.js';
import { wantsNoColor } from './env.js';
import { pictureKey } from './fetcher.js';
import { pictureLines } from './pictures.js';
import { sanitize, truncate } from '../text/sanitize.js';
import { currentWindow, type AppState, type Opening } from './state.js';

export interface AppProps {
  source: TriageSource;
  /** Terminal size; runTui passes stdout's and follows 'resize'. */
  columns: number;
  rows: number;
  /** The tab and toggles the dashboard opens with, and how it draws. */
  opening?: Opening;
  /** The clipboard, the pager, where the column choice is kept. */
  io?: DashboardIO;
  /** How long a key waits for the rows it asked for (ANSWER_WAIT_MS; tests set their own). */
  answerWaitMs?: number;
}

/**
 * The dashboard. One `useInput` here routes every key through the controller;
 * nothing else reads keys (the lines being typed are the reducer's too).
 */
export function App({ source, columns, rows, opening, io, answerWaitMs }: AppProps) {
  const { exit } = useApp();
  const [controller] = useState(() => {
    const made = new Controller(
      source,
      columns,
      rows,
      { unicode: glyphsFor().unicode, mono: wantsNoColor(), ...opening },
      io,
      answerWaitMs,
    );
    // Asked for now, not once the first frame is out: the database thread reads the first page while Ink draws.
    made.fetchScreen();
    return made;
  });
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
    return <Text>{truncate(line, Math.max(1, state.columns), glyphsOf(state).ellipsis)}</Text>;
  }
  return <Screen state={state} label={source.label} />;
}

/** A line under the tab bar that is being typed into: its prompt, then the text with the cursor. */
function PromptLine({ prompt, state }: { prompt: string; state: AppState }) {
  const mode = state.mode;
  const line = mode.kind === 'prompt' || mode.kind === 'goto' ? mode.line : undefined;
  if (!line) return null;
  const placeholder = mode.kind === 'goto' ? 'order number, tx 2847, err 308, orders 42, a tab' : 'text to find';
  return (
    <Box height={1} width={state.columns} overflow="hidden">
      <Text bold>{prompt}</Text>
      <LineInput line={line} width={Math.max(1, state.columns - prompt.length)} placeholder={placeholder} />
    </Box>
  );
}

function Screen({ state, label }: { state: AppState; label: string }) {
  const { columns: width, rows } = state;
  const { bodyHeight } = screenOf(state);
  const glyphs = glyphsOf(state);
  const spec = tabSpec(state.tab);
  const tab = state.tabs[state.tab];
  const window = state.windows[state.tab];
  const current = currentWindow(state);
  const mode = state.mode;
  const marked = state.marks[state.tab] ?? [];
  const e = glyphs.ellipsis;
  const rowsAt = !current
    ? `row ${e} of ${e}`
    : current.total === undefined
      ? `row ${tab.selected + 1} of ${e} (counting)`
      : current.total
        ? `row ${tab.selected + 1} of ${current.total}`
        : 'row 0 of 0';
  const position = marked.length ? `${rowsAt} ${glyphs.dot} ${marked.length} marked` : rowsAt;

  let body;
  switch (mode.kind) {
    case 'detail':
      body = (
        <DetailView
          detail={mode.detail}
          scroll={mode.scroll}
          txCursor={mode.txCursor}
          width={width}
          height={bodyHeight}
          glyphs={glyphs}
          localTime={state.localTime}
        />
      );
      break;
    case 'filters':
      body = (
        <FilterForm
          spec={tabSpec(mode.form.tab)}
          form={mode.form}
          width={width}
          height={bodyHeight}
          glyphs={glyphs}
          mono={state.mono}
        />
      );
      break;
    case 'options':
      body = (
        <OptionsMenu
          actions={mode.actions}
          label={mode.label}
          height={bodyHeight}
          width={width}
          cursor={mode.cursor}
          fix={mode.fix}
          hint={mode.hint}
          glyphs={glyphs}
        />
      );
      break;
    case 'copy':
      body = (
        <ChoiceList
          title="Copy to the clipboard (OSC 52)"
          items={mode.choices.map((c) => `${c.label}: ${c.value}`)}
          cursor={mode.cursor}
          width={width}
          height={bodyHeight}
          glyphs={glyphs}
        />
      );
      break;
    case 'columns':
      body = (
        <ColumnChooser
          state={state}
          tab={mode.tab}
          cursor={mode.cursor}
          width={width}
          height={bodyHeight}
          glyphs={glyphs}
        />
      );
      break;
    case 'fix': {
      const prompt = mode.action === 'map-ship-service' ? 'ERP ship-via code: ' : 'ERP item: ';
      body = (
        <Box flexDirection="column" height={bodyHeight}>
          <Text bold>{truncate(`${sanitize(mode.note)} (${sanitize(mode.label)})`, width, e)}</Text>
          <Box>
            <Text>{prompt}</Text>
            <LineInput
              line={mode.line}
              width={width - prompt.length}
              placeholder={
                mode.action === 'map-ship-service' ? 'ship-via code, e.g. UPS-GROUND' : 'item number, e.g. WID-100'
              }
            />
          </Box>
        </Box>
      );
      break;
    }
    case 'settings':
      body = <SettingsView rows={mode.rows} width={width} height={bodyHeight} glyphs={glyphs} />;
      break;
    case 'help':
      body = <HelpOverlay state={state} scroll={mode.scroll} width={width} height={bodyHeight} glyphs={glyphs} />;
      break;
    case 'groups':
      body = <GroupsView groups={mode.groups} cursor={mode.cursor} width={width} height={bodyHeight} glyphs={glyphs} />;
      break;
    case 'confirm':
      body = (
        <Box height={bodyHeight}>
          <Text bold>
            {truncate(
              confirmText(
                mode.action,
                sanitize(mode.label),
                mode.question === undefined ? undefined : sanitize(mode.question),
              ),
              width,
              e,
            )}
          </Text>
        </Box>
      );
      break;
    case 'confirm-quit':
      body = (
        <Box height={bodyHeight} flexDirection="column">
          <Text bold>{truncate(sanitize(mode.question), width * 3, e)}</Text>
        </Box>
      );
      break;
    default: {
      const layout = tableLayout(state.tab, width, rows, state);
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
          pictures={pictureLines(state.tab, figures, glyphs).map((l) => truncate(l, width, e))}
          style={{ glyphs, localTime: state.localTime }}
        />
      );
    }
  }

  return (
    <Box flexDirection="column" width={width} height={rows - 1} overflow="hidden">
      <TabBar active={state.tab} counts={state.counts} width={width} glyphs={glyphs} mono={state.mono} />
      {mode.kind === 'prompt' ? (
        <PromptLine prompt={`/ Keyword (${spec.title}): `} state={state} />
      ) : mode.kind === 'goto' ? (
        <PromptLine prompt=": Go to: " state={state} />
      ) : (
        <Text>{truncate(filtersInWords(state.tab, tab.filters, glyphs.dot), width, e)}</Text>
      )}
      {body}
      <StatusLine
        position={position}
        label={label}
        readOnly={state.readOnlyReason !== undefined}
        working={state.pending > 0 || state.acting}
        width={width}
        glyphs={glyphs}
        mono={state.mono}
        background={state.background}
        stale={state.stale !== undefined}
      />
      <MessageLine state={state} glyphs={glyphs} />
      <Text dimColor>{truncate(hintText(keysNow(state)), width, e)}</Text>
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
export function SizedApp({
  source,
  stdout,
  opening,
  io,
}: {
  source: TriageSource;
  stdout: SizeSource;
  opening?: Opening;
  io?: DashboardIO;
}) {
  const read = () => ({ columns: stdout.columns ?? MIN_COLUMNS, rows: stdout.rows ?? MIN_ROWS });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return <App source={source} columns={size.columns} rows={size.rows} opening={opening} io={io} />;
}
