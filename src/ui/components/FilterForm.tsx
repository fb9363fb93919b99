import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import type { FilterFieldSpec, TabSpec } from '../../triage/types.js';
import type { FormState } from '../filterForm.js';
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
              <ChoiceMenu field={field} value={value} focused={focused} width={width - labelWidth - 4} />
            ) : focused ? (
              <TextInput value={value} placeholder={PLACEHOLDER[field.kind]} onChange={(v) => onChange(stripUnsafe(v))} />
            ) : (
              <Text>{value ? sanitize(value) : <Text dimColor>{PLACEHOLDER[field.kind] ?? '(any)'}</Text>}</Text>
            )}
            {error ? <Text color="red">{`  ✗ ${error}`}</Text> : null}
          </Box>
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
function ChoiceMenu({ field, value, focused, width }: { field: FilterFieldSpec; value: string; focused: boolean; width: number }) {
  if (!focused) return <Text>{value ? sanitize(value) : <Text dimColor>(any)</Text>}</Text>;
  const options = ['', ...(field.choices ?? [])];
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
