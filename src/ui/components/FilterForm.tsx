import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import type { FilterFieldSpec, TabSpec } from '../../triage/types.js';
import { choicesOf, type FormState } from '../filterForm.js';
import { fit, sanitize, stripUnsafe } from '../../text/sanitize.js';

interface Props {
  spec: TabSpec;
  form: FormState;
  width: number;
  height: number;
  onChange: (value: string) => void;
}

const PLACEHOLDER: Partial<Record<FilterFieldSpec['kind'], string>> = { date: 'YYYY-MM-DD', number: 'digits' };

/** The tab's filter fields; only the focused text field has a live ink-text-input. */
export function FilterForm({ spec, form, width, height, onChange }: Props) {
  const labelWidth = Math.max(...spec.filters.map((f) => f.label.length)) + 1;
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold wrap="truncate">{`Filters for ${spec.title}`}</Text>
      {spec.filters.map((field, i) => {
        const focused = i === form.focus;
        const value = form.values[i] ?? '';
        const error = form.errors[i];
        return (
          <Box key={field.key} height={1} width={width} overflow="hidden">
            <Text bold={focused} inverse={focused}>
              {`${focused ? '›' : ' '} ${fit(field.label, labelWidth)}`}
            </Text>
            <Text> </Text>
            {field.kind === 'choice' ? (
              <ChoiceMenu field={field} value={value} focused={focused} width={width - labelWidth - 4} counts={form.counts} />
            ) : focused ? (
              <TextInput value={value} placeholder={PLACEHOLDER[field.kind]} onChange={(v) => onChange(stripUnsafe(v))} />
            ) : (
              <Text>{value ? sanitize(value) : <Text dimColor>{PLACEHOLDER[field.kind] ?? '(any)'}</Text>}</Text>
            )}
            {error ? <Text color="red">{`  ✗ ${error}`}</Text> : null}
          </Box>
        );
      })}
      <CountedList spec={spec} form={form} width={width} height={height - 1 - spec.filters.length} />
    </Box>
  );
}

/**
 * A counted choice in focus (the Errors tab's code): every choice with its
 * count, the chosen one marked, in the lines under the form.
 */
function CountedList({ spec, form, width, height }: { spec: TabSpec; form: FormState; width: number; height: number }) {
  const field = spec.filters[form.focus];
  if (!field?.counted || height < 2) return null;
  if (!form.counts) return <Text dimColor>  counting…</Text>;
  const options = ['', ...choicesOf(field, form.counts)];
  const value = form.values[form.focus] ?? '';
  const chosen = Math.max(0, options.indexOf(value));
  const rows = height - 1;
  const top = Math.max(0, Math.min(chosen - Math.floor(rows / 2), options.length - rows));
  const columnWidth = Math.max(...options.map((o) => o.length)) + 2;
  return (
    <Box flexDirection="column">
      <Text dimColor wrap="truncate">{`  ${field.label}: ←→ or type to choose; the count is of the rows the other filters leave`}</Text>
      {options.slice(top, top + rows).map((o, i) => {
        const on = top + i === chosen;
        const n = o === '' ? '' : String(form.counts![o] ?? 0);
        return (
          <Text key={o || 'any'} inverse={on} wrap="truncate">
            {fit(`${on ? '›' : ' '} ${fit(o || '(any)', columnWidth)}${n.padStart(7)}`, Math.min(width, columnWidth + 10))}
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
function ChoiceMenu({ field, value, focused, width, counts }: { field: FilterFieldSpec; value: string; focused: boolean; width: number; counts?: Record<string, number> }) {
  if (!focused) return <Text>{value ? sanitize(value) : <Text dimColor>(any)</Text>}</Text>;
  // A counted choice lists its options, with their counts, under the form.
  if (field.counted) return <Text inverse bold>{`[${value ? sanitize(value) : '(any)'}]`}</Text>;
  const options = ['', ...choicesOf(field, counts)];
  const chosen = Math.max(0, options.indexOf(value));
  const cellOf = (o: string) => ` ${o || '(any)'} `;
  let first = 0;
  const widthFrom = (from: number) => options.slice(from, chosen + 1).reduce((w, o) => w + cellOf(o).length + 1, from > 0 ? 2 : 0);
  while (first < chosen && widthFrom(first) > width) first++;
  return (
    <Text wrap="truncate">
      {first > 0 ? '… ' : ''}
      {options.slice(first).map((option, i) => {
        const on = first + i === chosen;
        const text = option || '(any)';
        return (
          <Text key={option || 'any'}>
            {i > 0 ? ' ' : ''}
            <Text inverse={on} bold={on}>{on ? `[${text}]` : ` ${text} `}</Text>
          </Text>
        );
      })}
    </Text>
  );
}
