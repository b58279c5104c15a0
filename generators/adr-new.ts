/**
 * `docpact adr new [title]`: the next numbered ADR, with relations written on
 * both sides and the index updated. Cost does not grow with the number of
 * ADRs: the numbers cache spares the listing, and only one index range is rewritten.
 */
import path from 'node:path';
import { DocpactError } from '../src/errors.js';
import { configOf, type Answers, type Generator, type Question } from '../src/core/generator.js';
import { CONTENT_KEYS, type AdrFormat, type ContentKey } from '../src/adr/formats/types.js';
import { fillSections, placeholders, sectionBodies } from '../src/adr/formats/text.js';
import { withSeriesKeys } from '../src/adr/formats/frontmatter.js';
import { adrTemplate, fromTeamTemplate, quoteDeadLinks, teamTemplateOf, unfilledFields } from '../src/adr/skeleton.js';
import { addRelation, formatOf, parseAdr, toRecord, type LinkTarget, type RelationKey } from '../src/adr/parse.js';
import { DEFAULT_HEADINGS, canonicalStatus, fileName, recordId, rejectedStatus, renderHeading, sameStatus, seriesOf, type Series } from '../src/adr/series.js';
import { escapeFor } from '../src/text/markdown.js';
import { frontMatterEnd, h1Index, joinLines, splitLines } from '../src/adr/formats/text.js';
import { AdrSet, listAdrFiles, planIndexUpdate, rememberHighest, resolveRef, shardOf, type AdrFile } from '../src/adr/store.js';
import { adrConfigOf, refsQuestion, seriesQuestion, settableStatuses } from '../src/adr/questions.js';
import { gitSync } from '../src/git/run.js';
import { indexLists } from '../src/adopt/detect.js';
import { bookSummaryOf, summaryEntry } from '../src/adr/book.js';
import { exists, readText, type Root } from '../src/io/fs.js';
import type { DocpactConfig } from '../src/config/schema.js';
import { prepareSlug, singleLine, slugFromTitle, slugNow } from '../src/text/slug.js';
import { renderAdr } from '../src/templates/adr.js';
import { templateSource } from '../src/templates/renderer.js';

const nonEmpty = (v: unknown, what: string) => {
  const text = String(v);
  if (text.trim() === '') throw new DocpactError('input', `${what} is empty; leave it out to keep the template's text there.`);
  return text;
};

/** --context, --decision, --consequences, --alternatives: the section's text, or @file. */
const contentQuestion = (key: ContentKey): Question => ({
  name: key,
  flag: key,
  kind: 'text',
  message: key[0].toUpperCase() + key.slice(1),
  file: 'at',
  help: `the ${key} section's text, or @file ("@-": stdin); default: the template's guidance`,
  validate: (v) => nonEmpty(v, `--${key}`),
});

/** The heading line `text` has for `heading` ("## Decision Outcome"): the same name at level 2 or 3 (a team's template nests some), else `heading` itself. */
function headingIn(text: string, heading: string): string {
  const name = heading.replace(/^#+\s+/, '');
  return [...sectionBodies(text).keys()].find((h) => /^#{2,3}\s/.test(h) && h.replace(/^#+\s+/, '') === name) ?? heading;
}

/** The rendered ADR with the content given: each section filled, or the whole body replaced. */
function withContent(text: string, format: AdrFormat, a: Answers): string {
  const given = CONTENT_KEYS.filter((k) => a[k] !== undefined);
  if (a.body === undefined) return fillSections(text, given.map((k) => [headingIn(text, format.content[k]), String(a[k])]));
  if (given.length) throw new DocpactError('usage', `--body-file is the whole body; give the sections in it, not also ${given.map((k) => `--${k}`).join(', ')}.`);
  const body = String(a.body);
  const missing = format.sections.filter((name) => !sectionBodies(body).has(`## ${name}`));
  if (missing.length) throw new DocpactError('input', `The --body-file lacks ${missing.length === 1 ? 'the section' : 'the sections'} ${missing.map((m) => `"## ${m}"`).join(', ')} this ADR format has.`);
  // Everything from the template's first section on is the body's.
  const l = text.split('\n');
  const first = [...sectionBodies(text).values()].map((b) => b.start - 1).find((i) => l[i].startsWith('## ')) ?? l.length;
  return `${l.slice(0, first).join('\n').replace(/\s*$/, '\n\n')}${body.replace(/^\s*\n/, '').replace(/\s*$/, '\n')}`;
}

/**
 * A Rejected ADR never took effect, so there is nothing to supersede: refused
 * where the REF is given (a flag, or typed at the prompt and asked again).
 */
function notRejected(q: Question): Question {
  return {
    ...q,
    validate: (value, ctx, answers) => {
      const refs = q.validate?.(value, ctx, answers) as string[];
      if (!refs.length) return refs;
      const c = adrConfigOf(ctx);
      const s = seriesOf(c);
      const rejected = rejectedStatus(s);
      if (!rejected) return refs;
      const files = listAdrFiles(ctx.root, c);
      for (const ref of refs) {
        const f = resolveRef(ref, files, s.digits);
        if (sameStatus(parseAdr(f.file, readText(ctx.root, `${s.dir}/${f.file}`) ?? '', s).status, rejected)) throw rejectedTarget(recordId(s, f.number, f.file), rejected);
      }
      return refs;
    },
  };
}

const rejectedTarget = (id: string, rejected: string) =>
  new DocpactError('input', `${id} is ${rejected}: it never took effect, so nothing can supersede it. Write the new ADR without --supersedes ${id}, and refer to ${id} in its Context.`);

/**
 * Who decides a new ADR, by default, as the series does: docpact's own
 * series names the configured roles; another series the person writing
 * (git's user.name, asked without letting the repository run anything) when
 * its latest ADRs name that person, else nobody — never names it never wrote.
 */
function defaultDeciders(root: Root, c: DocpactConfig): string {
  const s = seriesOf(c);
  if (s.format === 'docpact') return c.roles.join(', ');
  const set = new AdrSet(root, c);
  const highest = set.highestNumber();
  if (highest < s.first) return '';
  let recent = (set.range(shardOf(c, highest)) ?? []).slice(-3);
  if (!recent.length) recent = set.list().slice(-3).map((f) => toRecord(parseAdr(f.file, readText(root, `${s.dir}/${f.file}`) ?? '', s)));
  const named = recent.map((r) => r.deciders.trim()).filter(Boolean);
  if (!named.length) return '';
  const r = gitSync(['config', '--get', 'user.name'], { cwd: root.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
  const me = r.status === 0 ? String(r.stdout).trim() : '';
  return me && named.some((d) => d.split(/\s*,\s*/).some((n) => n.toLowerCase() === me.toLowerCase())) ? me : '';
}

export const adrNew: Generator = {
  name: 'adr-new',
  command: 'adr new',
  description: "Create the next numbered ADR from the series' template (the team's own where its ADR folder has one); --supersedes / --amends update the older ADR too.",
  usage: 'docpact adr new [title] [options]',
  examples: [
    'docpact adr new "Use Postgres for the TruthStore"',
    'docpact adr new "Lease world paths per facet" --supersedes 3 --deciders "architect, engineer"',
    'docpact adr new "Tighten budget caps" --amends ADR-0004 --status Accepted --date 2026-11-23',
    'docpact adr new "Use Postgres" --context "Orders need transactions." --decision "We use Postgres 16." --consequences @consequences.md --alternatives "SQLite: no concurrent writers."',
    'docpact adr new "Use Postgres" --body-file adr-body.md',
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
      validate: (v) => {
        const title = singleLine(String(v), 'title');
        slugNow(title);
        return title;
      },
    },
    {
      name: 'status',
      flag: 'status',
      kind: 'choice',
      message: 'Status',
      prompt: true,
      help: "initial status (default: the series' adr.initial; Proposed instead of an initial Accepted while sections hold the template's text)",
      choices: (ctx) => settableStatuses(adrConfigOf(ctx)),
      default: (ctx, a) => initialStatus(ctx.root, adrConfigOf(ctx), a),
      validate: (v, ctx) => {
        const superseded = seriesOf(adrConfigOf(ctx)).superseded;
        if (sameStatus(String(v), superseded)) throw new DocpactError('input', `A new ADR cannot start as ${superseded}; supersede an old one with --supersedes instead.`);
        return v;
      },
    },
    {
      name: 'deciders',
      flag: 'deciders',
      kind: 'text',
      message: 'Deciders',
      prompt: true,
      help: 'who decides (default: the configured roles in a docpact-format series; in another, your git user.name when its latest ADRs name you, else none)',
      default: (ctx) => defaultDeciders(ctx.root, adrConfigOf(ctx)),
      // Empty is allowed: an ADR whose series names no deciders gets none.
      validate: (v) => (String(v).trim() === '' ? '' : singleLine(String(v), 'deciders list')),
    },
    notRejected(refsQuestion('supersedes', 'Supersedes (ADR refs, comma-separated; empty for none)', 'REF of an ADR this one replaces')),
    refsQuestion('amends', 'Amends (ADR refs, comma-separated; empty for none)', 'REF of an ADR this one amends'),
    seriesQuestion,
    ...CONTENT_KEYS.map(contentQuestion),
    {
      name: 'body',
      flag: 'body-file',
      kind: 'text',
      message: 'ADR body',
      file: 'path',
      help: 'file with the whole body: every section of the format ("-" for stdin); instead of --context …',
      validate: (v) => nonEmpty(v, '--body-file'),
    },
  ],
  async plan(ctx, a, plan) {
    const c = adrConfigOf(ctx);
    const s = seriesOf(c);
    const format = formatOf(s);
    const title = a.title as string;
    await prepareSlug(title);
    const slug = slugFromTitle(title);

    // 1. Number: highest existing + 1 (the repo mutex makes this race-free), or the day for a dated series.
    const set = new AdrSet(ctx.root, c);
    const number = s.numbering === 'date' ? Number(ctx.date.replace(/-/g, '')) : set.nextNumber();
    const file = fileName(s, number, slug);
    // A dated series: a record of the same day may have this title's file name. It is never overwritten (not even with --force).
    if (plan.read(`${s.dir}/${file}`) !== null) {
      throw new DocpactError('input', `${s.dir}/${file} is already an ADR of ${ctx.date}, and two records of one day need file names of their own: choose another title.`);
    }
    const id = recordId(s, number, file);
    const me: LinkTarget = { number, file, title };

    // 2. Resolve relation targets exactly.
    const targets = (key: 'supersedes' | 'amends') => {
      const seen = new Map<string, AdrFile>();
      for (const ref of a[key] as string[]) {
        const f = set.resolve(ref);
        seen.set(f.file, f);
      }
      return [...seen.values()];
    };
    const supersedes = targets('supersedes');
    const amends = targets('amends');
    // The lifecycle (README): a rejected ADR replaces nothing, and a rejected ADR is not replaced.
    const rejected = rejectedStatus(s);
    if (rejected && supersedes.length && sameStatus(String(a.status), rejected)) {
      throw new DocpactError('input', `A rejected ADR replaces nothing: a new ADR that supersedes ${supersedes.map((f) => recordId(s, f.number, f.file)).join(', ')} cannot start as ${rejected}. Record the rejected proposal without --supersedes.`);
    }
    const both = supersedes.find((s) => amends.some((m) => m.file === s.file));
    if (both) throw new DocpactError('input', `${both.file} cannot be both superseded and amended by the same ADR.`);

    // 3. The new ADR in the series' format, then the reciprocal edits on the old ones, in theirs.
    const target = (f: AdrFile): LinkTarget => ({ number: f.number, file: f.file, title: parseAdr(f.file, plan.read(`${s.dir}/${f.file}`) ?? '', s).title });
    const status = canonicalStatus(s, String(a.status)) ?? String(a.status);
    const data = format.newData(
      { number, title, status, date: ctx.date, deciders: String(a.deciders), relations: [{ key: 'supersedes', targets: supersedes.map(target) }, { key: 'amends', targets: amends.map(target) }] },
      s,
    );
    const own = teamTemplate(ctx.root, s, { number, title, status, date: ctx.date, deciders: String(a.deciders), file }, plan.warnings);
    let content: string;
    if (own === null) content = withHeading(withContent(renderAdr(templateSource(ctx.root, c), format.template, data), format, a), s, number, title);
    else {
      // The team's template: the relations added as the format adds them to any ADR (verified), the content under its own headings.
      content = own;
      for (const [key, list] of [['supersedes', supersedes], ['amends', amends]] as const) for (const f of list) content = addRelation(content, key, target(f), s, `${s.dir}/${file}`);
      content = withHeading(withContent(content, format, a), s, number, title);
    }
    // Front-matter keys every ADR of the series carries (a nav script's `number:`, `author:`, `replaced-by:`): this one too.
    const linked = (list: AdrFile[]) => list.map((f) => `[${recordId(s, f.number, f.file)}](${f.file})`).join(', ');
    content = withSeriesKeys(content, s.frontMatter ?? [], { number, title, status, date: ctx.date, deciders: String(a.deciders), relations: { supersedes: linked(supersedes), amends: linked(amends) } });
    plan.create(`${s.dir}/${file}`, content);
    const changed = [toRecord(parseAdr(file, content, s))];
    const edit = (targetsOf: AdrFile[], key: RelationKey) => {
      for (const t of targetsOf) {
        const rel = `${s.dir}/${t.file}`;
        const before = plan.read(rel) as string;
        if (key === 'supersededBy') {
          const old = parseAdr(t.file, before, s);
          if (rejected && sameStatus(old.status, rejected)) throw rejectedTarget(old.id, rejected);
          if (sameStatus(old.status, s.superseded)) {
            const by = old.supersededBy.length ? ` by ${old.supersededBy.join(', ')}` : '';
            plan.warnings.push(`${old.id} was already ${s.superseded}${by}; ${id} supersedes it too. If you meant the ADR that replaced it, supersede that one instead.`);
          }
        }
        // A link from an ADR in a folder of older records leads up to the new one.
        const from = path.posix.dirname(t.file);
        const text = addRelation(before, key, from === '.' ? me : { ...me, file: path.posix.relative(from, me.file) }, s, rel);
        plan.write(rel, text);
        changed.push(toRecord(parseAdr(t.file, text, s)));
      }
    };
    edit(supersedes, 'supersededBy');
    edit(amends, 'amendedBy');

    // 4. The index: only the ranges these ADRs fall in are rewritten, so the cost does not grow with the ADR count.
    planIndexUpdate(plan, set, changed);
    const highest = Math.max(number, set.highestNumber());
    plan.afterApply.push(() => rememberHighest(ctx.root, c, highest));

    Object.assign(plan.result, { id, number, file: `${s.dir}/${file}`, title, supersedes: supersedes.map((f) => f.file), amends: amends.map((f) => f.file) });
    plan.notes.push(`${id} — ${title}`);
    // The team's own index (adr.ownIndex) is theirs: docpact never edits it, so it says what to add there.
    const ownPage = s.ownIndex ? plan.read(s.index) : null;
    if (ownPage !== null) {
      const rst = s.index.endsWith('.rst');
      const rel = path.posix.relative(path.posix.dirname(s.index), `${s.dir}/${file}`);
      if (!indexLists(ownPage, rst, rel)) {
        const entry = rst ? `${rel.replace(/\.md$/i, '')}   (an entry of its toctree)` : `- [${title}](${rel})`;
        plan.warnings.push(`${s.index} is the series' own index, which docpact does not edit, and it does not list ${id} yet: add  ${entry}`);
      }
    }
    // An ADR folder in an mdBook book: mdBook renders only what SUMMARY.md lists, which is the team's to edit.
    const summaryRel = bookSummaryOf(s.dir, (rel) => plan.read(rel));
    const summary = summaryRel ? plan.read(summaryRel) : null;
    if (summaryRel && summary !== null) {
      const h1 = /^#[ \t]+(.+?)[ \t]*$/m.exec(content)?.[1] ?? title;
      const entry = summaryEntry(summaryRel, summary, s.dir, file, h1, title, (rel) => plan.read(rel));
      if (entry) plan.warnings.push(`${summaryRel} is the mdBook table of contents, which docpact does not edit, and mdBook renders only the pages it lists: add  ${entry.line}  after line ${entry.after}, or ${id} is left out of the book.`);
    }
    // 5. What is left to write: a skeleton is a draft, and check holds an accepted one to its sections.
    const left = placeholders(content, adrTemplate(ctx.root, c));
    if (left.length) {
      const names = left.map((h) => `"${h}"`).join(', ');
      const ref = `${s.numbering === 'date' ? file.replace(/\.md$/i, '') : number}${s.name ? ` --series ${s.name}` : ''}`;
      if (sameStatus(status, 'accepted')) plan.warnings.push(`${id} is ${status}, but ${names} still ${left.length === 1 ? 'holds' : 'hold'} the template's text: check reports adr/placeholder as an error until you write ${left.length === 1 ? 'it' : 'them'}.`);
      else plan.notes.push(`Still to write: ${names} (the template's text is there).${sameStatus(status, s.initial) ? '' : ` ${id} starts ${status}; once written: docpact adr status ${ref} ${s.initial}`}`);
    }
  },
};

/**
 * A new ADR's status unless one is given: the series' initial status; but
 * where the series starts its records Accepted (adr-tools) and this one will
 * still hold template text, the series' Proposed status, so a skeleton is not
 * born failing check (adr/placeholder) — it is accepted once written.
 */
function initialStatus(root: Root, c: DocpactConfig, a: Answers): string {
  const s = seriesOf(c);
  const proposed = canonicalStatus(s, 'Proposed');
  if (!proposed || !sameStatus(s.initial, 'accepted')) return s.initial;
  const format = formatOf(s);
  const template = adrTemplate(root, c);
  return placeholders(withContent(template, format, a), template).length ? proposed : s.initial;
}

/**
 * A new ADR from the series' own template (src/adr/skeleton.ts), or null
 * without one, or when the result does not read back as this ADR (its title
 * and status), which a warning says.
 */
function teamTemplate(root: Root, s: Series, adr: { number: number; title: string; status: string; date: string; deciders: string; file: string }, warnings: string[]): string | null {
  const own = teamTemplateOf(root, s);
  if (!own) return null;
  const made = fromTeamTemplate(quoteDeadLinks(own.text, `${s.dir}/${adr.file}`, (rel) => exists(root, rel)), adr.file, s, adr);
  if ('text' in made) {
    const unfilled = unfilledFields(made.text, own.text);
    if (unfilled.length) warnings.push(`${s.dir}/${adr.file}: ${unfilled.join(', ')} in its front matter still ${unfilled.length === 1 ? 'holds' : 'hold'} the guidance of ${own.rel}; write ${unfilled.length === 1 ? 'it' : 'them'} (or remove ${unfilled.length === 1 ? 'the key' : 'the keys'}) before the ADR is accepted.`);
    return made.text;
  }
  warnings.push(`${own.rel} does not read back as this ADR (${made.why}), so docpact's own template was used; write NUMBER, TITLE, DATE and STATUS where the ADR has them, as adr-tools reads them, or the format's own title and Status lines.`);
  return null;
}

/** The rendered ADR with the series' own first heading ("# ADR 112: Title"), when it is not the format's. */
function withHeading(content: string, s: Series, number: number, title: string): string {
  if (s.heading === DEFAULT_HEADINGS[s.format]) return content;
  const l = splitLines(content);
  const h1 = h1Index(l.lines, frontMatterEnd(l.lines) + 1);
  if (h1 !== -1) l.lines[h1] = `# ${renderHeading(s, number, escapeFor(s.markup)(title))}`;
  return joinLines(l);
}
