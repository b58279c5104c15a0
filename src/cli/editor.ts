/**
 * The user's editor, for text longer than a line (chat messages): $VISUAL,
 * then $EDITOR, then the first of `editor` (Debian's choice), nano and vi on
 * PATH. The text goes through a private temp file that is always removed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DocpactError } from '../errors.js';

const FALLBACKS = ['editor', 'nano', 'vi'];

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, name), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The editor command line ($VISUAL / $EDITOR may carry arguments, e.g. "code --wait"). */
export function editorCommand(): string {
  const chosen = process.env.VISUAL?.trim() || process.env.EDITOR?.trim() || FALLBACKS.find(onPath);
  if (!chosen) throw new DocpactError('usage', 'No editor found: set $EDITOR (for example EDITOR=nano), or pass the text with --body-file.');
  return chosen;
}

/** Open `text` in the editor and return what the user saved. */
export function editText(text: string, name: string): string {
  const cmd = editorCommand();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docpact-edit-'));
  const file = path.join(dir, name);
  try {
    fs.writeFileSync(file, text, { mode: 0o600 });
    // Through the shell, like git does, so an editor given with arguments works.
    const res = spawnSync(`${cmd} "$DOCPACT_EDIT_FILE"`, { shell: true, stdio: 'inherit', env: { ...process.env, DOCPACT_EDIT_FILE: file } });
    if (res.error) throw new DocpactError('usage', `Cannot start the editor "${cmd}": ${res.error.message}. Set $EDITOR, or pass --body-file.`);
    if (res.status !== 0) throw new DocpactError('usage', `The editor "${cmd}" exited with status ${res.status ?? res.signal}; nothing was written.`);
    return fs.readFileSync(file, 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
