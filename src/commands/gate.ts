/**
 * `docpact gate --base REF [--pr-body FILE | --event FILE]`: the merge
 * criteria of a pull request (src/gate/). Reads git and the body, writes
 * nothing, runs nothing of the repository's. Exit 0 when met, 1 when not,
 * 2 for a usage error (no git, unknown ref, unreadable body or event).
 */
import path from 'node:path';
import { openRepo } from '../config/load.js';
import { DocpactError } from '../errors.js';
import { bodyFromEvent, GATE_RULES, runGate } from '../gate/index.js';
import { givenUserText, readUserText } from '../io/fs.js';
import { plural } from '../text/style.js';
import { printOutcome } from '../check/report.js';
import type { Command } from './command.js';

export const gate: Command = {
  command: 'gate',
  summary: 'enforce the merge criteria on a pull request (issue link, ADR, docs)',
  usage: 'docpact gate --base REF [--pr-body FILE | --event FILE] [--json]',
  description:
    'Judge one change — the commits from the merge base of REF and HEAD to HEAD, read through git\n' +
    '(never a fetch or a checkout) — and its pull request body against the merge criteria:\n' +
    'the body links an issue, and each gate in docpact.yaml (gates:) whose paths the change touches\n' +
    'gets what it requires: an ADR added or changed (or an existing one named in the body), or one\n' +
    'of its docs pages changed. Runs no generator (that is "docpact generate --check").\n' +
    'Exit 0 met (warnings allowed), 1 not met, 2 usage error.\n\n' +
    `Rules:\n${Object.entries(GATE_RULES).map(([id, what]) => `  ${id.padEnd(22)}${what}`).join('\n')}`,
  examples: [
    'docpact gate --base origin/main --pr-body pr.md',
    'docpact gate --base "origin/$BASE_REF" --event "$GITHUB_EVENT_PATH"',
    'gh pr view 12 --json body -q .body | docpact gate --base origin/main --pr-body -',
    'docpact gate --base main --json',
  ],
  options: [
    { name: 'base', type: 'string', value: 'REF', help: 'the branch the change goes into (a branch, tag or commit git knows here, e.g. origin/main)' },
    { name: 'pr-body', type: 'string', value: 'FILE', help: 'the pull request body ("-": standard input)' },
    { name: 'event', type: 'string', value: 'FILE', help: 'a GitHub pull_request event payload ($GITHUB_EVENT_PATH); its pull_request.body is the body' },
  ],
  maxPositionals: 0,
  async run(args, io) {
    const base = args.values.base;
    if (typeof base !== 'string' || !base) throw new DocpactError('usage', 'gate needs --base REF: the branch the change goes into (on a pull request: "origin/$BASE_REF").');
    const bodyFile = args.values['pr-body'];
    const eventFile = args.values.event;
    if (typeof bodyFile === 'string' && typeof eventFile === 'string') throw new DocpactError('usage', 'Give either --pr-body or --event, not both.');
    const { root, config } = openRepo(path.resolve(String(args.values.cwd ?? '.')));
    // "-" is standard input, or the text a face handed in its place (the MCP tool's pr_body).
    const readBody = (file: string) => (file === '-' && io.stdin !== undefined ? givenUserText(io.stdin, 'pull request body') : readUserText(file, 'pull request body'));
    const body =
      typeof bodyFile === 'string' ? readBody(bodyFile) : typeof eventFile === 'string' ? bodyFromEvent(readUserText(eventFile, 'event file'), eventFile) : null;
    const result = runGate(root, config, { base, body });
    const passed = `docpact gate: merge criteria met (${plural(result.changed.length, 'file')} changed since ${base} at ${result.base.mergeBase.slice(0, 12)}; ${plural(result.gates, 'gate')} in docpact.yaml)`;
    return printOutcome(io, result.problems, passed, { ...result });
  },
};
