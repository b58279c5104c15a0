/**
 * The contract of a command, whatever face runs it: its options, usage and
 * examples (for --help), and `run`, which gets parsed arguments and an `Io`
 * to write through. The CLI (src/cli/) parses argv into `Parsed` and prints;
 * commands and check never print by themselves.
 */

export interface OptionDef {
  name: string;
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown after the flag in help, e.g. "REF". */
  value?: string;
  help: string;
}

export interface Io {
  /** One line on stdout; repository text in it is made visible (no control characters, no line starting with "::"). */
  out(text: string): void;
  err(text: string): void;
  /**
   * One GitHub Actions workflow command docpact built itself (`::error …`),
   * its values escaped by the caller; control characters are still made
   * visible. Where there is no workflow log (the MCP server), nothing.
   */
  workflow?(line: string): void;
  /**
   * With --json, what the command reports, as data: every object emitted is
   * merged into the one JSON object the face prints when the command ends,
   * with `ok` (exit code 0) first and, for a failure, `error` (src/cli/json.ts).
   * With --json, `out`, `err` and `workflow` print nothing: data goes here.
   * Without --json it does nothing; the command prints text instead.
   */
  emit(data: Record<string, unknown>): void;
  color: boolean;
  json: boolean;
  quiet: boolean;
  /** Prompts allowed: stdin and stdout are terminals, and no --yes / --json. */
  interactive: boolean;
  /**
   * Standard input ("-" for a file option) when a face hands it as text: an
   * MCP tool's text argument (the server's own stdin is the protocol's).
   * Unset: the process's standard input.
   */
  stdin?: string;
}

/** A document of several lines (an ADR, a message, an issue body), a line per call; CRLF endings read as line ends. */
export function printText(io: Io, text: string): void {
  for (const line of text.replace(/\r?\n$/, '').split(/\r?\n/)) io.out(line);
}

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export interface Command {
  /** CLI words, e.g. "adr list". */
  command: string;
  summary: string;
  usage: string;
  description?: string;
  examples: string[];
  options: OptionDef[];
  /** Most positionals accepted (Infinity for any number). */
  maxPositionals: number;
  /** The positionals by name, in order (what the MCP server calls its arguments). */
  positionals?: { name: string; help: string; required?: boolean }[];
  /**
   * Called by a program (git), not a person: with arguments, --help is an
   * error rather than help, so an argument that looks like a flag can never
   * make it print help and exit 0.
   */
  machine?: true;
  run(args: Parsed, io: Io): Promise<number>;
}
