/**
 * `--json`: one envelope for every command, in one place. A command reports
 * data through `io.emit` (src/commands/command.ts); when it ends, the CLI
 * prints one JSON object on stdout, and nothing else on stdout or stderr:
 *
 *   {"ok": true, …data}                                  exit code 0
 *   {"ok": false, …data, "error": {code, message, details?}}   any other exit code
 *
 * `ok` means exactly "exit code 0", and every failure has an `error`. Its
 * codes are DocpactError's (src/errors.ts) and those only a run can have:
 * `problems` (check, gate, generate --check found errors; they are in
 * `problems`), `generator` (a declared generator failed), `environment` (the
 * machine refused: disk full, permissions) and `internal` (a bug). README,
 * "--json: one envelope for every command", documents the keys.
 */
import type { ErrorCode } from '../errors.js';

export type EnvelopeCode = ErrorCode | 'problems' | 'generator' | 'environment' | 'internal';

export interface ErrorData {
  code: EnvelopeCode;
  message: string;
  details?: string[];
}

/** An error as the envelope carries it (details only when there are some). */
export const errorData = (code: EnvelopeCode, message: string, details: string[] = []): ErrorData => ({ code, message, ...(details.length ? { details } : {}) });

export class Envelope {
  private readonly data: Record<string, unknown> = {};

  /** Merge a command's data in; `ok` is never the command's to say. */
  add(data: Record<string, unknown>): void {
    const { ok: _ok, ...rest } = data;
    Object.assign(this.data, rest);
  }

  /** The one object a --json run prints: ok first, the data, then the error of a failure (thrown, else emitted). */
  render(exitCode: number, thrown?: ErrorData): string {
    const { error: emitted, ...data } = this.data;
    if (exitCode === 0) return JSON.stringify({ ok: true, ...data }, null, 2);
    const error = thrown ?? (emitted as ErrorData | undefined) ?? errorData('internal', `docpact ended with exit code ${exitCode} without saying why (a bug in docpact). Please report it.`);
    return JSON.stringify({ ok: false, ...data, error }, null, 2);
  }
}
