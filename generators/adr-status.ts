/**
 * `docpact adr status REF STATUS`: change one ADR's status line (nothing else
 * in the file) and regenerate the index.
 */
import { DocpactError } from '../src/core/errors.js';
import { configOf, type Generator } from '../src/core/generator.js';
import { adrId, parseAdr, setStatus, toRecord } from '../src/adr/parse.js';
import { listAdrFiles, planIndexUpdate, resolveRef } from '../src/adr/store.js';
import { refQuestion, settableStatuses } from '../src/adr/questions.js';

export const adrStatus: Generator = {
  name: 'adr-status',
  command: 'adr status',
  description: 'Change the status of an ADR (Superseded is reached only through "adr new --supersedes").',
  usage: 'docpact adr status <REF> <STATUS> [options]',
  examples: ['docpact adr status 7 accepted', 'docpact adr status ADR-0003 Deprecated'],
  needsConfig: true,
  undated: true,
  questions: [
    refQuestion,
    {
      name: 'status',
      flag: 'status',
      positional: 1,
      kind: 'choice',
      message: 'New status',
      required: true,
      help: 'one of the configured statuses (any case), except Superseded',
      // Offered: what may be set here. Superseded comes only from a superseding ADR.
      choices: (ctx) => settableStatuses(configOf(ctx)),
      validate: (v, ctx) => {
        const c = configOf(ctx);
        if (String(v).toLowerCase() === c.adr.superseded.toLowerCase()) {
          throw new DocpactError('input', `An ADR becomes ${c.adr.superseded} only when a new ADR replaces it: run "docpact adr new <title> --supersedes <REF>".`);
        }
        return v;
      },
    },
  ],
  plan(ctx, a, plan) {
    const c = configOf(ctx);
    const files = listAdrFiles(ctx.root, c);
    const target = resolveRef(String(a.ref), files, c.adr.digits);
    const rel = `${c.paths.adr}/${target.file}`;
    const text = plan.read(rel) as string;
    const current = parseAdr(target.file, text, c.adr.digits);
    const id = adrId(target.number, c.adr.digits);
    if (current.status === c.adr.superseded) {
      throw new DocpactError('input', `${id} is ${c.adr.superseded} by ${current.supersededBy.join(', ') || 'another ADR'}; change that ADR instead.`);
    }
    const next = setStatus(text, String(a.status));
    plan.write(rel, next);
    planIndexUpdate(plan, c, files, [toRecord(parseAdr(target.file, next, c.adr.digits))]);
    Object.assign(plan.result, { id, file: rel, from: current.status, to: a.status });
    plan.notes.push(current.status === a.status ? `${id} is already ${a.status}.` : `${id}: ${current.status || '(none)'} → ${a.status}`);
  },
};
