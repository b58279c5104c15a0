/**
 * check's full run as dist/cli-check.cjs reaches it: that bundle holds the
 * replay of the last verdict only (what a check with nothing changed needs),
 * and asks dist/cli.cjs, the whole CLI, for the rest (scripts/build.mjs puts
 * this module in place of src/check/run.ts there; `require` is the one
 * bin/docpact.js gives the bundle, which compiles cli.cjs with its code cache).
 */
import { DocpactError } from '../errors.js';
import type { checkFully as CheckFully } from '../check/run.js';

declare const require: (id: './cli.cjs') => { checkFully: typeof CheckFully };

export async function checkFully(...args: Parameters<typeof CheckFully>): ReturnType<typeof CheckFully> {
  try {
    return await require('./cli.cjs').checkFully(...args);
  } catch (err) {
    // The whole CLI's own DocpactError: the same error, as this bundle's main knows it (exit code, message, details).
    if (err instanceof Error && err.name === 'DocpactError' && !(err instanceof DocpactError)) {
      const e = err as DocpactError;
      throw Object.assign(new DocpactError(e.code, e.message, e.details, e.line, e.lines), { stack: e.stack });
    }
    throw err;
  }
}
