/**
 * The Makefile the governance workflow's "make docs" promises: `make docs`
 * checks the generated references against their generators (docpact
 * generate --check), then builds the docs with warnings as errors; `make
 * generate` runs the generators; `make check` runs docpact check. docpact
 * gets docpact the way the workflow does. Written only when the repository
 * has no Makefile of its own (src/sync/tree.ts).
 */
import type { DocpactConfig } from '../config/schema.js';
import { engineOf } from '../docs/engines/index.js';
import { getDocpact, type DocpactSource } from './workflow.js';

export function renderMakefile(c: DocpactConfig, source: DocpactSource, version: string): string {
  // In a variable's value make also reads "#" as a comment: escaped.
  const docpact = getDocpact(c, source, version).run().replace(/\$/g, '$$$$').replace(/#/g, '\\#');
  return [
    '# Written by docpact: the targets the contributing guide and the governance workflow name.',
    '#   make docs      generated references match their generators, then the docs build (warnings are errors)',
    '#   make generate  run the generators declared in docpact.yaml (generated:)',
    '#   make check     docpact check',
    `DOCPACT ?= ${docpact}`,
    '',
    '.PHONY: docs generate check',
    '',
    'docs:',
    '\t$(DOCPACT) generate --check',
    // The docs engine's build command (shell-quoted already); make expands `$`, so a literal one is `$$`.
    `\t${engineOf(c).build(c).command.replace(/\$/g, '$$$$')}`,
    '',
    'generate:',
    '\t$(DOCPACT) generate',
    '',
    'check:',
    '\t$(DOCPACT) check',
    '',
  ].join('\n');
}
