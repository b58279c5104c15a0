/**
 * The docpact bin: parse argv, run one command, print, return the exit code.
 * Every error a user can fix is a DocpactError: one clear message, no stack.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { DocpactError } from '../errors.js';
import { explainIoError } from '../io/fs.js';
import { VERSION } from '../version.js';
import { GLOBAL_OPTIONS, helpText, parse, type Io } from './args.js';
import { printable, printableJson, visible } from '../text/style.js';
import { COMMANDS, lookup } from './commands.js';
import { printText } from '../commands/command.js';
import { Envelope, errorData, type ErrorData } from './json.js';
import { didYouMean } from '../text/suggest.js';

function topHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length)) + 2;
  return [
    'docpact — bootstrap and maintain a docs-governed repository.',
    '',
    'Usage: docpact <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS)
      .filter(([, e]) => !e.hidden)
      .map(([k, e]) => `  ${k.padEnd(width)}${e.summary}`),
    '',
    `Global options (before or after the command): ${GLOBAL_OPTIONS.map((o) => `--${o.name}`).join(' ')}`,
    'Run "docpact --version" for the version.',
    'Run "docpact <command> --help" for a command\'s options and examples.',
    'Run "docpact" alone on a terminal for a menu.',
    '',
  ].join('\n');
}

/**
 * Standard output or error, written a line per call. A reader that closed the
 * pipe (`docpact check | head -1`) is not an error: further output is dropped
 * and the command ends normally, with its own exit code.
 *
 * A pipe, a file or /dev/null (CI, hooks, scripts) is written with
 * `fs.writeSync`, as Node's own stream for it writes on Linux, without
 * building that stream: process.stdout/stderr/stdin and the modules behind
 * them cost a command ~4 ms of CPU at start. A terminal, and a descriptor
 * that would block (it is non-blocking and full), are written through
 * Node's stream, which waits for it.
 */
interface Sink {
  write(text: string): void;
  /** A terminal (a TTY), asked once. */
  readonly tty: boolean;
}

function sink(fd: 1 | 2): Sink {
  const tty = isTerminal(fd);
  let stream: NodeJS.WriteStream | undefined;
  let closed = false;
  const viaStream = (): NodeJS.WriteStream => {
    const s = fd === 1 ? process.stdout : process.stderr;
    s.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      closed = true;
    });
    return s;
  };
  if (tty) stream = viaStream();
  return {
    tty,
    write(text) {
      if (closed) return;
      if (stream) {
        stream.write(text);
        return;
      }
      const bytes = Buffer.from(text);
      let done = 0;
      try {
        while (done < bytes.length) done += fs.writeSync(fd, bytes, done);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') (stream = viaStream()).write(bytes.subarray(done));
        else {
          // Output lost (a full disk, /dev/full, an I/O error) is no failure of the command, which goes on and ends as it
          // would: saying "run it again" after an ADR was written would make a second one. main() says so once at the end.
          closed = true;
          if (code !== 'EPIPE') lost.push(`${fd === 1 ? 'standard output' : 'standard error'} (${(err as Error).message})`);
        }
      }
    },
  };
}

/**
 * Whether `fd` is a terminal. A pipe, a file or /dev/null is not one, known
 * from one fstat; only a character device asks node:tty (which loads Node's
 * network streams).
 */
function isTerminal(fd: number): boolean {
  try {
    const st = fs.fstatSync(fd);
    if (!st.isCharacterDevice() || st.rdev === fs.statSync('/dev/null').rdev) return false;
  } catch {
    // No /dev/null (Windows) or a descriptor fstat cannot describe: ask node:tty.
  }
  return (createRequire(import.meta.url)('node:tty') as typeof import('node:tty')).isatty(fd);
}

let stdout: Sink | undefined;
let stderr: Sink | undefined;
/** Streams that could not be written, with why (src/io explainIoError). */
const lost: string[] = [];
const quietOnClose = (to: Sink, shown: (t: string) => string) => (t: string) => to.write(`${shown(t)}\n`);

/**
 * Every line printed passes `printable` (or `printableJson` for the --json
 * object): text from the repository never reaches the terminal or a CI log
 * as control characters. So human output is printed a line per call.
 * With --json a command's text goes nowhere — stdout holds the one object
 * (src/cli/json.ts) and stderr nothing — and what it reports is data (`emit`).
 */
function makeIo(argv: string[], envelope: Envelope): Io {
  const has = (...flags: string[]) => argv.some((a) => flags.includes(a));
  const json = has('--json');
  const out = (stdout ??= sink(1));
  const color = !has('--no-color') && !process.env.NO_COLOR && !json && out.tty;
  const human = (t: string) => printable(t, color);
  const none = () => {};
  return {
    out: json ? none : quietOnClose(out, human),
    err: json ? none : quietOnClose((stderr ??= sink(2)), human),
    workflow: json ? none : quietOnClose(out, visible),
    emit: json ? (data) => envelope.add(data) : none,
    color,
    json,
    quiet: has('--quiet'),
    interactive: !has('--yes', '-y', '--json') && !process.env.CI && out.tty && isTerminal(0),
  };
}

export async function main(argv: string[]): Promise<number> {
  const envelope = new Envelope();
  const io = makeIo(argv, envelope);
  let exitCode: number;
  let error: ErrorData | undefined;
  try {
    exitCode = await dispatch(argv, io);
  } catch (err) {
    ({ exitCode, error } = failure(err, io));
  }
  // With --json a script gets one JSON object on stdout, a failure too, with the same exit code.
  if (io.json) quietOnClose((stdout ??= sink(1)), printableJson)(envelope.render(exitCode, error));
  if (lost.length) (stderr ??= sink(2)).write(`docpact: could not write ${lost.join(' or ')}; the command itself ran to its end (exit ${exitCode}), so what it changed is in place.\n`);
  return exitCode;
}

/** What an error means for the user: one message (stderr; with --json, the envelope's error) and its exit code; a bug also gets its stack. */
function failure(err: unknown, io: Io): { exitCode: number; error: ErrorData } {
  if (err instanceof DocpactError) {
    if (err.code !== 'cancelled') {
      io.err(`docpact: ${err.message}`);
      err.details.forEach((d, i) => io.err(`  ${err.lines[i] ? `line ${err.lines[i]}: ` : ''}${d}`));
    }
    return { exitCode: err.exitCode, error: errorData(err.code, err.message, err.details.map((d, i) => (err.lines[i] ? `line ${err.lines[i]}: ${d}` : d))) };
  }
  const environment = explainIoError(err);
  if (environment) {
    io.err(`docpact: ${environment}`);
    return { exitCode: 2, error: errorData('environment', environment) };
  }
  const stack = ((err as Error)?.stack ?? String(err)).split('\n');
  for (const line of stack) io.err(line);
  io.err('docpact: unexpected error (a bug in docpact). Please report it with the command you ran and the output above.');
  return { exitCode: 70, error: errorData('internal', `unexpected error (a bug in docpact): ${String((err as Error)?.message ?? err)}. Please report it with the command you ran.`, stack) };
}

/**
 * Global options given before the command (`docpact -C repo check`, as git
 * takes them): taken off the front and parsed with the command's own, so
 * every position means the same. `-C=DIR` is `-C DIR`, as `--cwd=DIR` is.
 */
function leadingGlobals(argv: string[]): { globals: string[]; rest: string[] } {
  const globals: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-') || a === '-' || a === '--' || ['-h', '--help', '-V', '--version'].includes(a)) break;
    const long = /^--([^=]+)(=.*)?$/s.exec(a);
    const short = long ? null : /^-(.)(.*)$/s.exec(a);
    const opt = GLOBAL_OPTIONS.find((o) => (long ? o.name === long[1] : o.short === short?.[1]));
    if (!opt) {
      const hint = a.startsWith('--') ? didYouMean(a.split('=')[0], GLOBAL_OPTIONS.map((o) => `--${o.name}`), (f) => f) : '';
      throw new DocpactError('usage', `Unknown option ${a.split('=')[0]}.${hint} Options before the command are the global ones; run "docpact --help".`);
    }
    const inline = long ? long[2] !== undefined : short?.[2] !== '';
    if (opt.type === 'string' && !inline) {
      if (i + 1 >= argv.length) throw new DocpactError('usage', `Option ${a} needs a value.`);
      globals.push(a, argv[++i]);
    } else globals.push(a);
  }
  return { globals, rest: argv.slice(i) };
}

/** `-C=DIR` → `--cwd=DIR` (before any "--"): parseArgs would take "=DIR" as the folder. */
function normalize(argv: string[]): string[] {
  const end = argv.indexOf('--');
  return argv.map((a, i) => ((end === -1 || i < end) && a.startsWith('-C=') ? `--cwd=${a.slice(3)}` : a));
}

async function dispatch(raw: string[], io: Io): Promise<number> {
  // Node turns bytes that are not UTF-8 into U+FFFD; refuse them, as --body-file does, rather than store the replacement.
  const garbled = raw.findIndex((a) => a.includes('\uFFFD'));
  if (garbled >= 0) throw new DocpactError('usage', `Argument ${garbled + 1} is not valid UTF-8 text. Pass text in UTF-8.`);
  const { globals, rest: argv } = leadingGlobals(normalize(raw));
  const first = argv[0];
  if (first === '-V' || first === '--version') {
    say(io, 'version', VERSION);
    return 0;
  }
  if (first === undefined && io.interactive) return menu(io, globals);
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    say(io, 'help', topHelp());
    return 0;
  }
  const hit = lookup(argv);
  if (!hit) {
    const words = [...new Set(Object.keys(COMMANDS).map((k) => k.split(' ')[0]))];
    const hint = didYouMean(first, [...words, ...Object.keys(COMMANDS)], (c) => `"docpact ${c}"`);
    throw new DocpactError('usage', `Unknown command "${first}".${hint} Run "docpact --help" for the list.`);
  }
  if ('group' in hit) {
    const subs = Object.keys(COMMANDS).filter((k) => k.startsWith(`${hit.group} `));
    const asked = argv[1];
    if (asked && asked !== '-h' && asked !== '--help') {
      const hint = didYouMean(`${hit.group} ${asked}`, subs, (c) => `"docpact ${c}"`);
      throw new DocpactError('usage', `Unknown command "docpact ${hit.group} ${asked}".${hint || ` Try: ${subs.map((s) => `docpact ${s}`).join(', ')}.`}`);
    }
    // A group without its command is a usage error; with --json it says so in the envelope's error.
    if (!asked && io.json) throw new DocpactError('usage', `"docpact ${hit.group}" needs a command: ${subs.map((s) => `docpact ${s}`).join(', ')}.`);
    say(io, 'help', [`Usage: docpact ${hit.group} <${subs.map((s) => s.split(' ')[1]).join('|')}> [options]`, '', ...subs.map((s) => `  docpact ${s.padEnd(14)}${COMMANDS[s].summary}`), ''].join('\n'));
    return asked ? 0 : 2;
  }
  const cmd = await COMMANDS[hit.name].load();
  const args = parse(cmd, [...globals, ...hit.rest]);
  if (args.values.help) {
    if (cmd.machine && args.positionals.length) throw new DocpactError('usage', `docpact ${cmd.command} does not take --help with arguments. Usage: ${cmd.usage}`);
    say(io, 'help', helpText(cmd));
    return 0;
  }
  return cmd.run(args, io);
}

/**
 * The command `argv` runs, as bin/docpact.js names its code cache ("adr-new"),
 * or undefined for none (help, a typo, a group without its command).
 */
export function commandOf(argv: string[]): string | undefined {
  try {
    const hit = lookup(leadingGlobals(normalize(argv)).rest);
    return hit && 'name' in hit ? hit.name.replace(' ', '-') : undefined;
  } catch {
    return undefined;
  }
}

/** docpact's own text (help, version): a line per call for people, one field of the --json object. */
const say = (io: Io, key: 'help' | 'version', text: string) => (io.json ? io.emit({ [key]: text }) : printText(io, text));

async function menu(io: Io, globals: string[]): Promise<number> {
  const { chooseFromMenu } = await import('./prompt.js');
  const items = Object.entries(COMMANDS)
    .filter(([, e]) => e.menu)
    .map(([k, e]) => ({ name: `${k.padEnd(12)} ${e.summary}`, value: k }));
  const name = await chooseFromMenu(items);
  const cmd = await COMMANDS[name].load();
  return cmd.run(parse(cmd, globals), io);
}
