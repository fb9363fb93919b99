import { Box, Text } from 'ink';
import type { FilterFieldSpec, TabSpec } from '../../triage/triage-types.js';
import { choicesOf, type FormState } from '../filter-form-state.js';
import { fit, sanitize, truncate } from '../../text/sanitize.js';
import type { Glyphs } from '../glyphs.js';
import { LineInput } from './line-input.js';

interface Props {
  spec: TabSpec;
  form: FormState;
  width: number;
  height: number;
  glyphs: Glyphs;
  /** NO_COLOR: the error is marked by its cross, not red. */
  mono?: boolean;
}

const PLACEHOLDER: Partial<Record<FilterFieldSpec['kind'], string>> = { date: 'YYYY-MM-DD', number: 'digits' };

/** The tab's filter fields; the focused text field shows its cursor (the router edits it). */
export function FilterForm({ spec, form, width, height, glyphs, mono = false }: Props) {
  const labelWidth = Math.max(...spec.filters.map((f) => f.label.length)) + 1;
  const valueWidth = Math.max(1, width - labelWidth - 3);
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold>{truncate(`Filters for ${spec.title}`, width, glyphs.ellipsis)}</Text>
      {spec.filters.map((field, i) => {
        const focused = i === form.focus;
        const value = form.values[i] ?? '';
        const error = form.errors[i];
        return (
          <Box key={field.key} height={1} width={width} overflow="hidden">
            {/* The label never shrinks: the value gives way first. */}
            <Box flexShrink={0}>
              <Text bold={focused} inverse={focused}>
                {`${focused ? glyphs.selected : ' '} ${fit(field.label, labelWidth)}`}
              </Text>
              <Text> </Text>
            </Box>
            {field.kind === 'choice' ? (
              <ChoiceMenu
                field={field}
                value={value}
                focused={focused}
                width={valueWidth}
                counts={form.counts}
                glyphs={glyphs}
              />
            ) : focused ? (
              <LineInput
                line={{ value, cursor: form.cursor }}
                width={error ? Math.max(10, valueWidth - error.length - 4) : valueWidth}
                placeholder={PLACEHOLDER[field.kind]}
              />
            ) : (
              <Text>
                {value ? (
                  truncate(sanitize(value), valueWidth, glyphs.ellipsis)
                ) : (
                  <Text dimColor>{PLACEHOLDER[field.kind] ?? '(any)'}</Text>
                )}
              </Text>
            )}
            {error ? <Text color={mono ? undefined : 'red'}>{`  ${glyphs.cross} ${error}`}</Text> : null}
          </Box>
        );
      })}
      <CountedList spec={spec} form={form} width={width} height={height - 1 - spec.filters.length} glyphs={glyphs} />
    </Box>
  );
}

/**
 * A counted choice in focus (the Errors tab's code): every choice with its
 * count, the chosen one marked, in the lines under the form.
 */
function CountedList({
  spec,
  form,
  width,
  height,
  glyphs,
}: {
  spec: TabSpec;
  form: FormState;
  width: number;
  height: number;
  glyphs: Glyphs;
}) {
  const field = spec.filters[form.focus];
  if (!field?.counted || height < 2) return null;
  if (!form.counts) return <Text dimColor>{`  counting${glyphs.ellipsis}`}</Text>;
  const options = ['', ...choicesOf(field, form.counts)];
  const value = form.values[form.focus] ?? '';
  const chosen = Math.max(0, options.indexOf(value));
  const rows = height - 1;
  const top = Math.max(0, Math.min(chosen - Math.floor(rows / 2), options.length - rows));
  const columnWidth = Math.max(...options.map((o) => o.length)) + 2;
  return (
    <Box flexDirection="column">
      <Text dimColor>
        {truncate(
          `  ${field.label}: ${glyphs.leftRight} or type to choose; the count is of the rows the other filters leave`,
          width,
          glyphs.ellipsis,
        )}
      </Text>
      {options.slice(top, top + rows).map((o, i) => {
        const on = top + i === chosen;
        const n = o === '' ? '' : String(form.counts![o] ?? 0);
        return (
          <Text key={o || 'any'} inverse={on} wrap="truncate">
            {fit(
              `${on ? glyphs.selected : ' '} ${fit(o || '(any)', columnWidth)}${n.padStart(7)}`,
              Math.min(width, columnWidth + 10),
            )}
          </Text>
        );
      })}
    </Box>
  );
}

/**
 * A choice field: unfocused, the chosen value; focused, a one-line menu of
 * every option with the chosen one bracketed (←→ changes it), scrolled so the
 * chosen one stays in view.
 */
function ChoiceMenu({
  field,
  value,
  focused,
  width,
  counts,
  glyphs,
}: {
  field: FilterFieldSpec;
  value: string;
  focused: boolean;
  width: number;
  counts?: Record<string, number>;
  glyphs: Glyphs;
}) {
  if (!focused) return <Text>{value ? sanitize(value) : <Text dimColor>(any)</Text>}</Text>;
  // A counted choice lists its options, with their counts, under the form.
  if (field.counted) return <Text inverse bold>{`[${value ? sanitize(value) : '(any)'}]`}</Text>;
  const options = ['', ...choicesOf(field, counts)];
  const chosen = Math.max(0, options.indexOf(value));
  const cellOf = (o: string) => ` ${o || '(any)'} `;
  let first = 0;
  const widthFrom = (from: number) =>
    options.slice(from, chosen + 1).reduce((w, o) => w + cellOf(o).length + 1, from > 0 ? 2 : 0);
  while (first < chosen && widthFrom(first) > width) first++;
  return (
    <Text wrap="truncate">
      {first > 0 ? `${glyphs.ellipsis} ` : ''}
      {options.slice(first).map((option, i) => {
        const on = first + i === chosen;
        const text = option || '(any)';
        return (
          <Text key={option || 'any'}>
            {i > 0 ? ' ' : ''}
            <Text inverse={on} bold={on}>
              {on ? `[${text}]` : ` ${text} `}
            </Text>
          </Text>
        );
      })}
    </Text>
  );
}
