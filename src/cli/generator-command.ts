/**
 * Expose a generator as a CLI command: each question becomes a flag (and a
 * positional where it has one); prompts appear only on a terminal.
 */
import path from 'node:path';
import { readGiven, type Answers, type Generator } from '../core/generator.js';
import { runGenerator } from '../core/run.js';
import type { Command, Io, OptionDef, Parsed } from './args.js';
import { diffLines, opLines, planData } from './output.js';
import { errorData } from './json.js';
import { paint } from '../text/style.js';

export function generatorCommand(gen: Generator): Command {
  const options: OptionDef[] = [
    ...gen.questions.map((q) => ({
      name: q.flag,
      type: q.kind === 'boolean' ? ('boolean' as const) : ('string' as const),
      multiple: q.kind === 'list' ? true : undefined,
      value: q.kind === 'list' ? 'A,B' : q.kind === 'choice' ? 'NAME' : 'TEXT',
      help: q.help + (q.env ? ` (default: $${q.env})` : ''),
    })),
    ...(gen.undated ? [] : [{ name: 'date', type: 'string' as const, value: 'YYYY-MM-DD', help: 'date to write (default: today)' }]),
  ];
  const maxPositionals = (gen.dirArgument ? 1 : 0) + gen.questions.filter((q) => q.positional !== undefined).length;
  return {
    command: gen.command,
    summary: gen.description,
    usage: gen.usage,
    examples: gen.examples,
    options,
    maxPositionals,
    run: (args, io) => runGeneratorCommand(gen, args, io),
  };
}

async function runGeneratorCommand(gen: Generator, args: Parsed, io: Io): Promise<number> {
  const v = args.values;
  const given: Answers = {};
  for (const q of gen.questions) {
    const fromFlag = v[q.flag];
    const fromPos = q.positional !== undefined ? args.positionals[q.positional] : undefined;
    if (fromFlag !== undefined) given[q.name] = fromFlag;
    else if (fromPos !== undefined) given[q.name] = fromPos;
  }
  // init's [dir] is the target itself; other commands find the repo from -C.
  const base = String(v.cwd ?? '.');
  const dir = gen.dirArgument ? args.positionals[0] : undefined;
  const cwd = dir ? path.resolve(base, dir) : path.resolve(base);
  const ask = io.interactive ? await (await import('./prompt.js')).terminalAsk() : undefined;
  const dryRun = !!v['dry-run'];
  const res = await runGenerator(gen, { cwd, given: readGiven(gen, given), ask, dryRun, force: !!v.force, date: v.date as string | undefined });

  io.emit(planData(res.plan, res.applied.ops, dryRun));
  for (const w of res.plan.warnings) io.err(`docpact: warning: ${w}`);
  if (!io.quiet && !io.json) {
    // What init found in the repository comes first: it explains the plan below it.
    for (const line of (res.plan.result.found as string[] | undefined) ?? []) io.out(`${paint(io, 'cyan', 'found')}  ${line}`);
    for (const line of opLines(io, res.applied.ops, dryRun)) io.out(line);
    if (dryRun) {
      for (const line of await diffLines(io, res.applied.ops)) io.out(line);
      io.out(paint(io, 'dim', 'Dry run: nothing was written.'));
    } else {
      for (const note of res.plan.notes) io.out(note);
    }
  }
  // What is left for the user: said on stderr, and with --json the envelope's error (code conflict, the files as details).
  const failures: { message: string; files: string[] }[] = [];
  const marked = res.applied.ops.filter((op) => op.outcome === 'conflict' && op.kind !== 'conflict');
  if (marked.length && dryRun) {
    // A dry run that would merge with conflicts: exit 1 (its diffs show the markers); the envelope says why.
    failures.push({ message: `${marked.length} file${marked.length === 1 ? '' : 's'} would have merge conflicts: you and the new rendering changed the same lines.`, files: marked.map((op) => op.path) });
  } else if (marked.length) {
    const message =
      `${marked.length} file${marked.length === 1 ? ' has' : 's have'} merge conflicts: you and the new rendering changed the same lines. ` +
      'Keep what you want between the "<<<<<<< yours" and ">>>>>>> docpact sync" lines, remove the markers, then run docpact check.';
    io.err(`docpact: ${message}`);
    for (const op of marked) io.err(`  ${op.path}`);
    failures.push({ message, files: marked.map((op) => op.path) });
  }
  if (res.applied.conflicts.length) {
    const message =
      `kept ${res.applied.conflicts.length} file${res.applied.conflicts.length === 1 ? '' : 's'} you changed (listed as conflict${io.json ? ' in files' : ' above'}). ` +
      'Re-run with --force to overwrite them, or --dry-run to see the difference.';
    io.err(`docpact: ${message}`);
    failures.push({ message, files: res.applied.conflicts.map((op) => op.path) });
  }
  if (failures.length) io.emit({ error: errorData('conflict', failures.map((f) => f.message).join(' '), failures.flatMap((f) => f.files)) });
  return res.exitCode;
}
