/**
 * Command specs, argv parsing (node's util.parseArgs: no dependency, strict)
 * and generated --help text.
 */
import { parseArgs } from 'node:util';
import { DocpactError } from '../errors.js';
import { didYouMean } from '../text/suggest.js';
import type { Command, OptionDef, Parsed } from '../commands/command.js';

export type { Command, Io, OptionDef, Parsed } from '../commands/command.js';

export const GLOBAL_OPTIONS: OptionDef[] = [
  { name: 'cwd', short: 'C', type: 'string', value: 'DIR', help: 'target repo (default: nearest folder with docpact.yaml, else the current one)' },
  { name: 'dry-run', type: 'boolean', help: 'show the plan (with diffs) and write nothing' },
  { name: 'force', type: 'boolean', help: 'restore generated files you deleted, and replace an edited generated file that cannot be merged (never a file docpact did not write)' },
  { name: 'yes', short: 'y', type: 'boolean', help: 'never prompt: take defaults; a missing required answer is an error' },
  { name: 'json', type: 'boolean', help: 'machine-readable output on stdout' },
  { name: 'quiet', type: 'boolean', help: 'print errors only' },
  { name: 'no-color', type: 'boolean', help: 'plain output (also: NO_COLOR=1)' },
  { name: 'help', short: 'h', type: 'boolean', help: 'show help for this command' },
];

export function parse(cmd: Command, argv: string[]): Parsed {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const o of [...cmd.options, ...GLOBAL_OPTIONS]) {
    options[o.name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    const flags = [...cmd.options, ...GLOBAL_OPTIONS].map((o) => `--${o.name}`);
    throw new DocpactError('usage', `${oneLine((err as Error).message, flags)} Run "docpact ${cmd.command} --help" for usage.`);
  }
  // A value flag given twice would silently take its last value: which one was meant is not ours to guess.
  const given = new Map<string, string>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option' || options[t.name].type !== 'string' || options[t.name].multiple) continue;
    const first = given.get(t.name);
    if (first !== undefined) throw new DocpactError('usage', `--${t.name} is given twice (${shown(first)}, then ${shown(t.value ?? '')}); give it once. Run "docpact ${cmd.command} --help" for usage.`);
    given.set(t.name, t.value ?? '');
  }
  const values = parsed.values as Parsed['values'];
  if (!values.help && parsed.positionals.length > cmd.maxPositionals) {
    const extra = parsed.positionals.slice(cmd.maxPositionals).map((p) => `"${p}"`).join(' ');
    throw new DocpactError('usage', `Unexpected argument ${extra}. Usage: ${cmd.usage}${/\s/.test(extra) ? ' (quote titles with spaces)' : ''}`);
  }
  return { values, positionals: parsed.positionals };
}

/** A value as a message quotes it: on one line, at most 60 characters. */
const shown = (value: string) => JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);

/** node's messages span lines and suggest "--"; keep the first sentence, with our flag names. */
function oneLine(message: string, flags: string[]): string {
  const first = message.split('\n')[0];
  const unknown = /Unknown option '([^']+)'/.exec(first);
  if (unknown) return `Unknown option ${unknown[1]}.${unknown[1].startsWith('--') ? didYouMean(unknown[1], flags, (f) => f) : ''}`;
  const ambiguous = /Option '(?:-\w, )?(--[\w-]+)[^']*' argument is ambiguous/.exec(first);
  if (ambiguous) return `The value after ${ambiguous[1]} starts with "-"; attach it as ${ambiguous[1]}=<value>.`;
  const missing = /Option '([^']+)' argument missing/.exec(first);
  if (missing) return `Option ${missing[1].replace(/^-\w, /, '')} needs a value.`;
  return first.replace(/\.?$/, '.');
}

function optionLines(opts: OptionDef[]): string[] {
  const rows = opts.map((o) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
    return [flag, o.help + (o.multiple ? ' (repeatable)' : '')] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  return rows.map(([f, h]) => `  ${f.padEnd(width)}${h}`);
}

export function helpText(cmd: Command): string {
  return [
    `Usage: ${cmd.usage}`,
    '',
    cmd.description ?? cmd.summary,
    '',
    ...(cmd.options.length ? ['Options:', ...optionLines(cmd.options), ''] : []),
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'Examples:',
    ...cmd.examples.map((e) => `  ${e}`),
    '',
  ].join('\n');
}
