/**
 * Where the repository is: the nearest folder holding docpact.yaml. A leaf,
 * shared by the cached config reader (open.ts) and the parser (load.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { openRoot, type Root } from '../io/fs.js';

export const CONFIG_FILE = 'docpact.yaml';

/** The nearest ancestor of `start` holding docpact.yaml, else `start` itself. */
export function findRoot(start: string): Root {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, CONFIG_FILE))) return openRoot(dir);
    const parent = path.dirname(dir);
    if (parent === dir) return openRoot(start);
    dir = parent;
  }
}
