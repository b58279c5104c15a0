/**
 * The one error class docpact throws for anything a user can fix.
 * Library code throws; only the CLI prints and sets the exit code.
 */
export type ErrorCode =
  | 'usage' // bad flag, missing argument
  | 'input' // invalid title, slug, REF, body
  | 'config' // docpact.yaml or another governed file cannot be read
  | 'not-found' // unknown REF, thread, kind
  | 'not-your-turn' // a chat message from the role whose turn it is not
  | 'conflict' // plan would overwrite something the user wrote
  | 'locked' // another docpact run holds the repo too long
  | 'cancelled'; // prompt aborted by the user

const EXIT: Record<ErrorCode, number> = {
  usage: 2,
  input: 2,
  config: 2,
  'not-found': 2,
  'not-your-turn': 2,
  conflict: 1,
  locked: 1,
  cancelled: 130,
};

export class DocpactError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra lines (one problem each) printed under the message. */
    readonly details: string[] = [],
    /** 1-based line in the file the message is about, when known. */
    readonly line?: number,
    /** 1-based line of each detail in that file (a config key), when known. */
    readonly lines: (number | undefined)[] = [],
  ) {
    super(message);
    this.name = 'DocpactError';
  }

  get exitCode(): number {
    return EXIT[this.code];
  }
}

export const usage = (msg: string, details?: string[]) => new DocpactError('usage', msg, details);
export const input = (msg: string, details?: string[]) => new DocpactError('input', msg, details);
