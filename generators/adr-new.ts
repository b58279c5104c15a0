/**
 * `docpact adr new [title]`: the next numbered ADR, with relations written on
 * both sides and the index regenerated. Cost is one directory listing plus the
 * generated index data, whatever the number of ADRs.
 */
import { DocpactError } from '../src/core/errors.js';
import { configOf, type Generator } from '../src/core/generator.js';
import { RELATIONS, addRelation, adrId, adrLink, parseAdr, setStatus, toRecord, type RelationKey } from '../src/adr/parse.js';
import { listAdrFiles, nextNumber, planIndexUpdate, resolveRef, type AdrFile } from '../src/adr/store.js';
import { refsQuestion, settableStatuses } from '../src/adr/questions.js';
import { prepareSlug, singleLine, slugFromTitle } from '../src/text/slug.js';
import { render } from '../src/templates/render.js';

export const adrNew: Generator = {
  name: 'adr-new',
  command: 'adr new',
  description: 'Create the next numbered ADR; --supersedes / --amends update the older ADR too.',
  usage: 'docpact adr new [title] [options]',
  examples: [
    'docpact adr new "Use Postgres for the TruthStore"',
    'docpact adr new "Lease world paths per facet" --supersedes 3 --deciders "architect, engineer"',
    'docpact adr new "Tighten budget caps" --amends ADR-0004 --status Accepted --date 2026-11-23',
  ],
  needsConfig: true,
  questions: [
    {
      name: 'title',
      flag: 'title',
      positional: 0,
      kind: 'text',
      message: 'Decision title',
      required: true,
      help: 'the decision, kept exactly in the H1 (positional or --title)',
      validate: (v) => singleLine(String(v), 'title'),
    },
    {
      name: 'status',
      flag: 'status',
      kind: 'choice',
      message: 'Status',
      prompt: true,
      help: 'initial status (default: Proposed)',
      choices: (ctx) => settableStatuses(configOf(ctx)),
      default: (ctx) => configOf(ctx).adr.initial,
      validate: (v, ctx) => {
        if (String(v).toLowerCase() === configOf(ctx).adr.superseded.toLowerCase()) throw new DocpactError('input', `A new ADR cannot start as ${configOf(ctx).adr.superseded}; supersede an old one with --supersedes instead.`);
        return v;
      },
    },
    {
      name: 'deciders',
      flag: 'deciders',
      kind: 'text',
      message: 'Deciders',
      prompt: true,
      help: 'who decides (default: the configured roles)',
      default: (ctx) => configOf(ctx).roles.join(', '),
      validate: (v) => singleLine(String(v), 'deciders list'),
    },
    refsQuestion('supersedes', 'Supersedes (ADR refs, comma-separated; empty for none)', 'REF of an ADR this one replaces'),
    refsQuestion('amends', 'Amends (ADR refs, comma-separated; empty for none)', 'REF of an ADR this one amends'),
  ],
  async plan(ctx, a, plan) {
    const c = configOf(ctx);
    const title = a.title as string;
    await prepareSlug(title);
    const slug = slugFromTitle(title);

    // 1. Number: highest existing + 1 (the repo mutex makes this race-free).
    const files = listAdrFiles(ctx.root, c);
    const number = nextNumber(files);
    const id = adrId(number, c.adr.digits);
    const file = `${id}-${slug}.md`;
    const me = { id, file };

    // 2. Resolve relation targets exactly.
    const targets = (key: 'supersedes' | 'amends') => {
      const seen = new Map<string, AdrFile>();
      for (const ref of a[key] as string[]) {
        const f = resolveRef(ref, files, c.adr.digits);
        seen.set(f.file, f);
      }
      return [...seen.values()];
    };
    const supersedes = targets('supersedes');
    const amends = targets('amends');
    const both = supersedes.find((s) => amends.some((m) => m.file === s.file));
    if (both) throw new DocpactError('input', `${both.file} cannot be both superseded and amended by the same ADR.`);

    // 3. The new ADR, then the reciprocal edits on the old ones.
    const link = (f: AdrFile) => adrLink({ id: adrId(f.number, c.adr.digits), file: f.file });
    const relations = [
      { label: RELATIONS.supersedes.label, links: supersedes.map(link).join(', ') },
      { label: RELATIONS.amends.label, links: amends.map(link).join(', ') },
    ].filter((r) => r.links);
    const content = render({ root: ctx.root, overrides: c.paths.templates }, 'docs/adr/adr.md', {
      id,
      title,
      status: a.status,
      date: ctx.date,
      deciders: a.deciders,
      relations,
    });
    plan.create(`${c.paths.adr}/${file}`, content);
    const changed = [toRecord(parseAdr(file, content, c.adr.digits))];
    const edit = (targetsOf: AdrFile[], key: RelationKey, superseding: boolean) => {
      for (const t of targetsOf) {
        const rel = `${c.paths.adr}/${t.file}`;
        let text = plan.read(rel) as string;
        if (superseding) {
          const old = parseAdr(t.file, text, c.adr.digits);
          if (old.status === c.adr.superseded) {
            const by = old.supersededBy.length ? ` by ${old.supersededBy.join(', ')}` : '';
            plan.warnings.push(`${old.id} was already ${c.adr.superseded}${by}; ${id} supersedes it too. If you meant the ADR that replaced it, supersede that one instead.`);
          }
          text = setStatus(text, c.adr.superseded);
        }
        text = addRelation(text, key, adrLink(me), id);
        plan.write(rel, text);
        changed.push(toRecord(parseAdr(t.file, text, c.adr.digits)));
      }
    };
    edit(supersedes, 'supersededBy', true);
    edit(amends, 'amendedBy', false);

    // 4. The index page and data: edited in place, so the cost does not grow with the ADR count.
    planIndexUpdate(plan, c, files, changed);

    Object.assign(plan.result, { id, number, file: `${c.paths.adr}/${file}`, title, supersedes: supersedes.map((f) => f.file), amends: amends.map((f) => f.file) });
    plan.notes.push(`${id} — ${title}`);
  },
};
