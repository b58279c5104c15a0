/**
 * `docpact adr status REF STATUS`: change one ADR's status line (nothing else
 * in the file) and regenerate the index.
 */
import { DocpactError } from '../src/errors.js';
import type { Generator } from '../src/core/generator.js';
import { adrId, parseAdr, setStatus, toRecord } from '../src/adr/parse.js';
import { canonicalStatus, sameStatus, seriesOf } from '../src/adr/series.js';
import { AdrSet, planIndexUpdate, rememberHighest } from '../src/adr/store.js';
import { adrConfigOf, refQuestion, seriesQuestion, settableStatuses } from '../src/adr/questions.js';

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
      choices: (ctx) => settableStatuses(adrConfigOf(ctx)),
      validate: (v, ctx) => {
        const s = seriesOf(adrConfigOf(ctx));
        if (sameStatus(String(v), s.superseded)) {
          throw new DocpactError('input', `An ADR becomes ${s.superseded} only when a new ADR replaces it: run "docpact adr new <title> --supersedes <REF>".`);
        }
        return v;
      },
    },
    seriesQuestion,
  ],
  plan(ctx, a, plan) {
    const c = adrConfigOf(ctx);
    const s = seriesOf(c);
    const set = new AdrSet(ctx.root, c);
    const target = set.resolve(String(a.ref));
    const rel = `${s.dir}/${target.file}`;
    const text = plan.read(rel) as string;
    const current = parseAdr(target.file, text, s);
    const id = adrId(target.number, s.digits);
    if (sameStatus(current.status, s.superseded) || current.supersededBy.length) {
      throw new DocpactError('input', `${id} is ${s.superseded} by ${current.supersededBy.join(', ') || 'another ADR'}; change that ADR instead.`);
    }
    const next = setStatus(text, canonicalStatus(s, String(a.status)) ?? String(a.status), s, rel);
    plan.write(rel, next);
    planIndexUpdate(plan, set, [toRecord(parseAdr(target.file, next, s))]);
    const highest = set.highestNumber();
    plan.afterApply.push(() => rememberHighest(ctx.root, c, highest));
    Object.assign(plan.result, { id, file: rel, from: current.status, to: a.status });
    plan.notes.push(current.status === a.status ? `${id} is already ${a.status}.` : `${id}: ${current.status || '(none)'} → ${a.status}`);
  },
};
