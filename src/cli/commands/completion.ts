/** Shell completion scripts, made from the command table: commands, flags, tabs and the values flags take. */
import { TAB_IDS } from '../../triage/index.js';
import type { Command } from '../command.js';
import { HELP_FLAG } from '../command.js';
import { out } from '../context.js';
import { UsageError } from '../usage-error.js';
import { didYouMean } from '../../text/suggest.js';

const SHELLS = ['bash', 'zsh'] as const;

/** A shell word list, quoted for a bash array. */
function words(list: readonly string[]): string {
  return list.map((w) => `'${w.replace(/'/g, "'\\''")}'`).join(' ');
}

/** The bash script (zsh loads it through bashcompinit). */
export function bashScript(commands: readonly Command[]): string {
  const names = commands.flatMap((c) => c.names).filter(Boolean);
  const flagCase = commands
    .filter((c) => c.names[0] !== '')
    .map((c) => `    ${c.names.join('|')}) flags=(${words([...c.flags, HELP_FLAG].map((f) => `--${f.name}`))}) ;;`)
    .join('\n');
  const dashboard = commands.find((c) => c.names[0] === '');
  // The values a flag takes can differ between commands (list's --format is not show's).
  const valueCase = commands
    .flatMap((c) =>
      c.flags
        .filter((f) => f.choices)
        .map((f) => {
          const list = f.choices!().map((v) => (f.name === 'type' ? v.toLowerCase().replace(/\s+/g, '-') : v));
          const patterns = c.names.map((n) => `"${n} --${f.name}"`).join('|');
          return `    ${patterns}) COMPREPLY=($(compgen -W "${list.join(' ')}" -- "$cur")); return ;;`;
        }),
    )
    .join('\n');
  return `# amazon-logs completion for bash (amazon-logs completion bash > /etc/bash_completion.d/amazon-logs)
_amazon_logs() {
  local cur prev cmd flags
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd="\${COMP_WORDS[1]}"
  case "$cmd $prev" in
${valueCase}
  esac
  case "$prev" in
    --db|--out) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${names.join(' ')} help --help --version" -- "$cur") $(compgen -f -- "$cur"))
    return
  fi
  case "$cmd" in
${flagCase}
    *) flags=(${words((dashboard?.flags ?? []).map((f) => `--${f.name}`))}) ;;
  esac
  case "$cmd" in
    list|show|resolve|unresolve|rerun|resolve-rerun)
      if [ "$COMP_CWORD" -eq 2 ]; then COMPREPLY=($(compgen -W "${TAB_IDS.join(' ')}${' audit'}" -- "$cur")); return; fi ;;
    help|completion)
      if [ "$COMP_CWORD" -eq 2 ]; then COMPREPLY=($(compgen -W "${names.join(' ')} ${SHELLS.join(' ')}" -- "$cur")); return; fi ;;
  esac
  COMPREPLY=($(compgen -W "\${flags[*]}" -- "$cur"))
}
complete -o default -F _amazon_logs amazon-logs
`;
}

export function completionCommand(commands: () => readonly Command[]): Command {
  return {
    names: ['completion'],
    synopsis: ['completion bash|zsh'],
    summary: 'print a shell completion script: commands, flags, tabs, statuses, transaction types, error codes',
    examples: [
      'amazon-logs completion bash > /etc/bash_completion.d/amazon-logs',
      "echo 'source <(amazon-logs completion zsh)' >> ~/.zshrc",
    ],
    flags: [],
    async run({ args }) {
      const shell = args[0];
      if (!shell || !(SHELLS as readonly string[]).includes(shell) || args.length > 1) {
        throw new UsageError(
          `completion takes a shell: ${SHELLS.join(' or ')}${shell ? didYouMean(shell, SHELLS) : ''}`,
        );
      }
      const script = bashScript(commands());
      out(
        shell === 'zsh'
          ? `# amazon-logs completion for zsh, through bash's completion functions\nautoload -U +X bashcompinit && bashcompinit\n${script}`
          : script,
      );
      return 0;
    },
  };
}
