/**
 * `docpact adr status REF STATUS`: change one ADR's status line (nothing else
 * in the file) and regenerate the index. Rejecting an ADR that supersedes
 * others puts them back in force (--restore names their status), so no ADR
 * stays superseded by a record that never took effect.
 */
import { DocpactError } from '../src/errors.js';
import type { Generator } from '../src/core/generator.js';
import type { PlanBuilder } from '../src/core/plan.js';
import { parseAdr, setStatus, toRecord, type AdrRecord, type RelationKey } from '../src/adr/parse.js';
import { relationIds } from '../src/adr/formats/wording.js';
import { joinLines, splitLines, yamlScalar } from '../src/adr/formats/text.js';
import { canonicalStatus, rejectedStatus, sameStatus, seriesOf, type Series } from '../src/adr/series.js';
import { AdrSet, planIndexUpdate, rememberHighest } from '../src/adr/store.js';
import { adrConfigOf, refQuestion, seriesQuestion, settableStatuses } from '../src/adr/questions.js';
import { LINK } from '../src/text/markdown.js';

export const adrStatus: Generator = {
  name: 'adr-status',
  command: 'adr status',
  description: 'Change the status of an ADR (Superseded is reached only through "adr new --supersedes").',
  usage: 'docpact adr status <REF> <STATUS> [options]',
  examples: ['docpact adr status 7 accepted', 'docpact adr status ADR-0003 Deprecated', 'docpact adr status 8 rejected --restore accepted   # 8 superseded 5: 5 is Accepted again'],
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
    {
      name: 'restore',
      flag: 'restore',
      kind: 'choice',
      message: 'Status of the ADRs it superseded',
      help: 'with Rejected, for an ADR that supersedes others: the status they return to (they are in force again)',
      choices: (ctx) => {
        const s = seriesOf(adrConfigOf(ctx));
        return settableStatuses(adrConfigOf(ctx)).filter((x) => x !== rejectedStatus(s));
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
    const id = current.id;
    if (sameStatus(current.status, s.superseded) || current.supersededBy.length) {
      throw new DocpactError('input', `${id} is ${s.superseded} by ${current.supersededBy.join(', ') || 'another ADR'}; change that ADR instead.`);
    }
    const status = canonicalStatus(s, String(a.status)) ?? String(a.status);
    const rejected = rejectedStatus(s);
    const replaced = rejected && sameStatus(status, rejected) ? current.supersedes : [];
    if (a.restore !== undefined && !replaced.length) {
      throw new DocpactError('input', `--restore is for rejecting an ADR that supersedes others; ${id} ${rejected && sameStatus(status, rejected) ? 'supersedes none' : `is not being ${rejected ?? 'rejected'}`}.`);
    }
    if (replaced.length && a.restore === undefined) {
      const series = ctx.series ? ` --series ${ctx.series}` : '';
      throw new DocpactError(
        'input',
        `${id} supersedes ${replaced.join(', ')}. A rejected ADR replaces nothing, so rejecting it puts ${replaced.length === 1 ? 'that ADR' : 'those ADRs'} back in force: ` +
          `say which status ${replaced.length === 1 ? 'it returns' : 'they return'} to with --restore.`,
        [`docpact adr status ${target.number} ${status} --restore <status>${series}   (one of: ${settableStatuses(c).filter((x) => x !== rejected).join(', ')})`],
      );
    }

    // 1. This ADR: the new status, and no longer a Supersedes relation to what it gave back.
    let next = setStatus(text, status, s, rel);
    for (const other of replaced) next = dropRelation(next, target.file, 'supersedes', other, s);
    plan.write(rel, next);
    const changed: AdrRecord[] = [toRecord(parseAdr(target.file, next, s))];
    const notes: string[] = [];

    // 2. What it superseded: its Superseded by link gone, and its status restored once nothing else supersedes it.
    for (const other of replaced) {
      const f = set.resolve(other);
      const orel = `${s.dir}/${f.file}`;
      const before = plan.read(orel);
      if (before === null) continue;
      const old = parseAdr(f.file, before, s);
      if (!old.supersededBy.includes(id)) continue;
      let after = dropRelation(before, f.file, 'supersededBy', id, s);
      const still = parseAdr(f.file, after, s).supersededBy;
      if (!still.length) {
        after = setStatus(after, String(a.restore), s, orel);
        notes.push(`${old.id}: ${old.status} → ${a.restore} (in force again)`);
      }
      verify(f.file, before, after, s, { supersededBy: old.supersededBy.filter((x) => x !== id), status: still.length ? old.status : String(a.restore) });
      plan.write(orel, after);
      changed.push(toRecord(parseAdr(f.file, after, s)));
    }
    verify(target.file, text, next, s, { supersedes: current.supersedes.filter((x) => !replaced.includes(x)), status });

    planIndexUpdate(plan, set, changed);
    const highest = set.highestNumber();
    plan.afterApply.push(() => rememberHighest(ctx.root, c, highest));
    Object.assign(plan.result, { id, file: rel, from: current.status, to: status, ...(replaced.length ? { restored: replaced, restore: a.restore } : {}) });
    // The status as the file now says it: in the case the team writes it.
    const written = changed[0].status || status;
    plan.notes.push(sameStatus(current.status, status) ? `${id} is already ${current.status}.` : `${id}: ${current.status || '(none)'} → ${written}`, ...notes);
  },
};

/**
 * `text` without its `key` relation to `id`: the link is cut from the
 * relation's line, and a line left naming no ADR goes (with the blank line
 * that set it apart, in adr-tools' Status section). The line of the status
 * itself (MADR's and adr-tools' "superseded by …") stays for setStatus.
 */
function dropRelation(text: string, file: string, key: RelationKey, id: string, s: Series): string {
  const parsed = parseAdr(file, text, s);
  const at = (parsed.lines.relations[key] ?? 0) - 1;
  if (at < 0 || !parsed[key].includes(id)) return text;
  const l = splitLines(text);
  const names = (t: string) => relationIds(t, s).includes(id);
  let line = l.lines[at];
  for (const m of [...line.matchAll(LINK)].reverse()) {
    if (!names(m[0])) continue;
    const start = m.index as number;
    const end = start + m[0].length;
    const before = /,\s*$/.exec(line.slice(0, start));
    const after = /^\s*,\s*/.exec(line.slice(end));
    line = before ? line.slice(0, start - before[0].length) + line.slice(end) : line.slice(0, start) + line.slice(end + (after?.[0].length ?? 0));
  }
  if (!relationIds(line, s).length && at + 1 !== parsed.lines.status) {
    const blankAround = at > 0 && l.lines[at - 1].trim() === '' && (l.lines[at + 1] ?? '').trim() === '';
    l.lines.splice(at, blankAround ? 2 : 1);
  } else {
    // The status line itself ("Superseded by …" in adr-tools and MADR) keeps its status word for setStatus, not a dangling "by".
    // A front-matter value quoted for its link ("Superseded by [ADR-0003](…)") is plain once the link is gone: those
    // quotes were needed, not the team's style, so the status written next is not quoted for them.
    l.lines[at] = relationIds(line, s).length ? line : line.replace(/\s+by(\s*["']?\s*)$/i, '$1').replace(/\s+(["']?)$/, '$1').replace(/^([\w-]+:[ \t]*)(["'])([A-Za-z][A-Za-z -]*)\2$/, (_, key: string, _q: string, word: string) => `${key}${yamlScalar(word)}`);
  }
  return joinLines(l);
}

/**
 * The edit reads back as meant: the relation and status asked for, the title
 * and every other relation as before. Otherwise nothing is written.
 */
function verify(file: string, before: string, after: string, s: Series, want: Partial<Pick<AdrRecord, 'supersedes' | 'supersededBy' | 'status'>>): void {
  const was = parseAdr(file, before, s);
  const now = parseAdr(file, after, s);
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  const ok =
    now.title === was.title &&
    (['supersedes', 'supersededBy', 'amends', 'amendedBy'] as const).every((k) => same(now[k], want[k as 'supersedes'] ?? was[k])) &&
    sameStatus(now.status, want.status ?? was.status);
  if (!ok) {
    throw new DocpactError('input', `${file}: docpact cannot make this edit safely in the file's layout; nothing was changed. Edit its status and relation lines by hand, then run "docpact check --fix".`);
  }
}
