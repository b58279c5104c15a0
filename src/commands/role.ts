/** --as for the reading chat commands: a configured role, from the flag or DOCPACT_ROLE. */
import type { DocpactConfig } from '../config/schema.js';
import { DocpactError } from '../errors.js';
import { ROLE_ENV } from '../chat/threads.js';
import { didYouMean } from '../text/suggest.js';
import type { OptionDef, Parsed } from './command.js';

export const AS_OPTION: OptionDef = { name: 'as', type: 'string', value: 'ROLE', help: `your role (default: $${ROLE_ENV})` };

/** The role asked for (flag, else DOCPACT_ROLE), checked against the configured roles; undefined when neither names one. */
export function roleOf(args: Parsed, config: DocpactConfig, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const flag = typeof args.values.as === 'string' ? args.values.as : undefined;
  const raw = flag ?? (env[ROLE_ENV] || undefined);
  if (raw === undefined) return undefined;
  const role = raw.toLowerCase();
  const known = [...new Set([...config.roles, ...config.closers])];
  if (!known.includes(role)) {
    const where = flag !== undefined ? '--as' : ROLE_ENV;
    throw new DocpactError('usage', `${where} must be one of: ${known.join(', ')} (got "${raw}").${didYouMean(raw, known)}`);
  }
  return role;
}
