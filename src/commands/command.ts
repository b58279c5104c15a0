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
  out(text: string): void;
  err(text: string): void;
  color: boolean;
  json: boolean;
  quiet: boolean;
  /** Prompts allowed: stdin and stdout are terminals, and no --yes / --json. */
  interactive: boolean;
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
