/**
 * dist/cli.cjs, the whole CLI: `main`, and check's full run for
 * dist/cli-check.cjs, which holds only what replays check's last verdict
 * and loads this bundle when the verdict does not stand (scripts/build.mjs).
 */
import type { checkFully as CheckFully } from '../check/run.js';

export { main, commandOf } from './main.js';

export async function checkFully(...args: Parameters<typeof CheckFully>): ReturnType<typeof CheckFully> {
  return (await import('../check/run.js')).checkFully(...args);
}
