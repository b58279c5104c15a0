/**
 * `docpact generate [NAME] [--check]`: run the generators docpact.yaml
 * declares (`generated:`), or check them in a scratch copy (src/gate/generate.ts).
 * They are the repository's own commands: each is printed before it runs,
 * and nothing else in docpact runs them.
 */
import path from 'node:path';
import { openRepo } from '../config/load.js';
import { checkGenerators, howFailed, runGenerators, selectGenerators, type Ran } from '../gate/generate.js';
import { plural } from '../text/style.js';
import { printOutcome } from '../check/report.js';
import type { Command } from './command.js';

export const generate: Command = {
  command: 'generate',
  summary: 'run the declared generators of generated references (--check: in a scratch copy)',
  usage: 'docpact generate [NAME] [--check] [--json]',
  description:
    'Run the generators docpact.yaml declares under "generated:" (name, run, outputs, inputs), in order,\n' +
    'or only NAME. Each "run" is a shell command of the repository, run from the folder holding\n' +
    'docpact.yaml and printed before it runs; nothing else in docpact runs it (not check, sync, gate\n' +
    'or the MCP server).\n\n' +
    '--check runs them in a scratch copy of the tracked files (a temporary folder, removed after;\n' +
    'the working tree is never touched) and compares every file matching "outputs" with the\n' +
    'repository: exit 1 naming each output that differs (generate/drift), 0 when all match.\n' +
    'Untracked files among "inputs" are not in the copy; they are named.',
  examples: ['docpact generate', 'docpact generate registry', 'docpact generate --check', 'docpact generate --check --json'],
  options: [{ name: 'check', type: 'boolean', help: 'run in a scratch copy and fail when an output differs from the repository’s' }],
  maxPositionals: 1,
  async run(args, io) {
    const { root, config } = openRepo(path.resolve(String(args.values.cwd ?? '.')));
    const entries = selectGenerators(config, args.positionals[0]);
    const check = !!args.values.check;
    if (!entries.length) {
      io.emit({ generators: [], ...(check ? { outputs: 0, problems: [], untracked: [] } : {}) });
      if (!io.quiet) io.err('No generators declared in docpact.yaml (generated:): nothing to run.');
      return 0;
    }
    const announce = (e: { name: string; run: string }) => {
      if (!io.quiet) io.err(`$ ${e.run}    # ${e.name}${check ? ', in a scratch copy' : ''}`);
    };
    // The generators' own output is theirs to print; with --json it is captured into the object (output: by name).
    const output = io.json ? 'capture' : io.quiet ? 'quiet' : 'inherit';
    const failure = (f: NonNullable<Ran['failed']>, where: string) => {
      const message = `generator "${f.name}" ${howFailed(f)}${where}.`;
      io.err(`docpact: ${message}`);
      io.emit({ error: { code: 'generator', message } });
      return 1;
    };
    if (!check) {
      const ran = runGenerators(entries, root.dir, announce, output);
      io.emit({ generators: entries.map((e) => e.name), ...ran });
      if (ran.failed) return failure(ran.failed, '');
      if (!io.quiet) io.err(`docpact generate: ran ${plural(entries.length, 'generator')} (${entries.map((e) => e.name).join(', ')}).`);
      return 0;
    }
    const result = checkGenerators(root, entries, announce, output);
    if (!io.quiet) {
      for (const f of result.untracked) io.err(`note: ${f} is among the generators' inputs but git does not track it, so the check ran without it (commit it, or ignore it in .gitignore).`);
    }
    if (result.failed) {
      io.emit({ ...result });
      return failure(result.failed, ' in the scratch copy; nothing was compared');
    }
    const passed = `docpact generate --check: ${plural(result.outputs, 'output')} of ${plural(entries.length, 'generator')} match what the repository holds`;
    return printOutcome(io, result.problems, passed, { ...result });
  },
};
