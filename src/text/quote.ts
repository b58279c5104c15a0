/**
 * Quoting for values placed in generated shell commands (the governance
 * workflow's `run:` lines, the build hint in conf.py). Config paths already
 * follow a strict grammar (config/schema.ts); this is the second wall.
 */
export function shellWord(value: string): string {
  // A control character cannot be quoted safely into a one-line command or a comment.
  if (/[\x00-\x1f\x7f]/.test(value)) throw new Error(`refusing to place a control character in a shell command: ${JSON.stringify(value)}`);
  if (/^[A-Za-z0-9._/@+=:,-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
