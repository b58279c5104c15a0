/**
 * Where init writes. A folder inside a git repository is governed from the
 * git root, because GitHub reads issue forms, the PR template and workflows
 * only from `.github` there: the root becomes the git root, and the folder
 * (a package of a monorepo) keeps the docs, ADRs and agents. Kept apart from
 * detect.ts so every command's start-up stays small.
 */
import path from 'node:path';
import { DocpactError } from '../errors.js';
import { exists, openRoot, readText, type Root } from '../io/fs.js';

/** The folder holding `.git` at or above `dir` (absolute), or null outside git. */
export function findGitRoot(dir: string): string | null {
  for (let cur = path.resolve(dir); ; cur = path.dirname(cur)) {
    try {
      if (exists({ dir: cur }, '.git')) return cur;
    } catch {
      // unreadable: keep looking up
    }
    if (path.dirname(cur) === cur) return null;
  }
}

/** The top-level `package:` of a docpact.yaml, read as text (the full configuration is loaded and checked later). */
const packageOf = (config: string) => /^package:[ \t]*(["']?)([^"'\n#]*?)\1[ \t]*(?:#.*)?$/m.exec(config)?.[2].replace(/\/+$/, '') ?? null;

/**
 * init's root for `dir`, and the folder relative to it (empty when they are
 * the same). `here` keeps the folder as a root of its own.
 */
export function initTarget(dir: string, here: boolean): { root: Root; base: string } {
  const own = openRoot(dir);
  if (here || exists(own, 'docpact.yaml')) return { root: own, base: '' };
  const gitDir = findGitRoot(own.dir);
  if (!gitDir) return { root: own, base: '' };
  const root = openRoot(gitDir);
  const base = path.relative(root.dir, own.dir).split(path.sep).join('/');
  if (!base || base.startsWith('..')) return { root: own, base: '' };
  if (exists(root, 'docpact.yaml')) {
    // Governed for this very package already (init run again): the same root and folder.
    if (packageOf(readText(root, 'docpact.yaml') ?? '') === base) return { root, base };
    throw new DocpactError(
      'input',
      `The git repository at ${root.dir} is already governed by its docpact.yaml, and docpact governs a repository from one docpact.yaml at its git root (where GitHub reads .github).`,
      [
        `Add ${base}'s ADRs as a series there: an entry under adr.series in docpact.yaml (see README, "Adopting an existing repository").`,
        `Or run "docpact init ${base} --here" to make ${base} a root of its own (GitHub will not read its .github).`,
      ],
    );
  }
  return { root, base };
}
