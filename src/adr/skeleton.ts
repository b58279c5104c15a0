/**
 * A new ADR of a series as its template renders it, before anyone writes in
 * it: what check's adr/placeholder compares sections with, and what `adr new`
 * asks to tell a skeleton from a written record. A series has one template:
 * the team's own where its folder holds one (adr-tools' `templates/template.md`,
 * MADR's `adr-template.md` or `template.md`), else docpact's for its format.
 */
import type { DocpactConfig } from '../config/schema.js';
import { readText, type Root } from '../io/fs.js';
import { escapeFor } from '../text/markdown.js';
import { findLinks, isExternal, linkPath, resolveLink } from '../docs/links.js';
import { renderAdr } from '../templates/adr.js';
import { templateSource } from '../templates/renderer.js';
import { frontMatterEnd, h1Index, joinLines, sections, splitLines, yamlScalar } from './formats/text.js';
import { formatOf, parseAdr } from './parse.js';
import { renderHeading, sameStatus, seriesOf, zeroTemplates, type Series } from './series.js';

/**
 * Where teams keep the template for new ADRs, in the ADR folder, first found
 * first: adr-tools' `templates/template.md`, MADR 3's and 4's
 * `adr-template.md`, MADR 2's and log4brains' `template.md` (also in
 * capitals, `TEMPLATE.md`, as TechDocs sites name it); then one kept
 * among the ADRs under number zero (`0000-template.md`, see `zeroTemplates`).
 */
export const TEAM_TEMPLATES = ['templates/template.md', 'adr-template.md', 'template.md', 'TEMPLATE.md', 'ADR-TEMPLATE.md'] as const;

/** The series' own template (its path and text), or null: none in its folder, or docpact's own series, which has docpact's. */
export function teamTemplateOf(root: Root, s: Series): { rel: string; text: string } | null {
  if (s.format === 'docpact') return null;
  for (const name of [...TEAM_TEMPLATES, ...zeroTemplates(s)]) {
    const rel = `${s.dir}/${name}`;
    const text = readText(root, rel);
    if (text !== null) return { rel, text };
  }
  return null;
}

/** adr-tools' way: the first NUMBER, TITLE, DATE and STATUS of each line replaced. */
function fillTokens(text: string, s: Series, adr: { number: number; title: string; status: string; date: string }): string {
  const values: [string, string][] = [['NUMBER', String(adr.number)], ['TITLE', escapeFor(s.markup)(adr.title)], ['DATE', adr.date], ['STATUS', adr.status]];
  return text
    .split('\n')
    .map((line) => values.reduce((l, [key, value]) => l.replace(key, () => value), line))
    .join('\n');
}

/** Front-matter keys a site reads as a page's title, and as its place in the navigation (the ADR's number there). */
const TITLE_KEY = /^(title|sidebar_label|nav_title)$/i;
const PLACE_KEY = /^(nav_order|sidebar_position)$/i;

/**
 * The template's front matter with the keys a site titles and orders pages by
 * set to this ADR's title and number: JabRef's `title: ADR Template` and
 * `nav_order: 100` (just-the-docs), a Docusaurus `sidebar_label`, made every
 * new ADR a page called "ADR Template" at the template's place. A comment
 * after such a value is the template's guidance ("Replace this with the
 * number of the ADR") and goes with it.
 */
function ownPlace(text: string, adr: { number: number; title: string }): string {
  const l = splitLines(text);
  const end = frontMatterEnd(l.lines);
  if (end <= 0) return text;
  let changed = false;
  for (let i = 1; i < end; i++) {
    const m = /^([A-Za-z][\w-]*):(?:[ \t].*)?$/.exec(l.lines[i]);
    if (!m || /^\s+\S/.test(l.lines[i + 1] ?? '') && i + 1 < end) continue; // a block value is not ours
    const value = TITLE_KEY.test(m[1]) ? yamlScalar(adr.title) : PLACE_KEY.test(m[1]) ? String(adr.number) : null;
    if (value === null) continue;
    l.lines[i] = `${m[1]}: ${value}`;
    changed = true;
  }
  return changed ? joinLines(l) : text;
}

/** A front-matter line `key: value` (a plain one-line value), as ownPlace reads them. */
const FIELD_LINE = /^([A-Za-z][\w-]*):[ \t]+(\S.*)$/;
/**
 * A value that tells the author what to write rather than stating a fact: a
 * phrase of three or more words starting in lower case ("person proposing the
 * ADR", "list everyone involved in the decision"), or MADR's braces and
 * brackets around words ("{list everyone involved}"). A constant a site needs
 * (`layout: adr`, `parent: Architecture Decision Records`) is not one.
 */
const GUIDANCE = /^(?:\{[^{}\s]*\s[^{}]*\}|\[[^[\]\s]*\s[^[\]]*\]|\p{Ll}[\p{L}\p{M}'’-]*(?:\s+\S+){2,})$/u;

/**
 * The front-matter keys of a new ADR still holding its template's guidance,
 * word for word: the title and place keys, the status and the date are set
 * by docpact (and deciders when given); any other value (sharethrift's
 * `contact: person proposing the ADR`, MADR's `consulted`, `informed`) is
 * the author's to write. The key and its guidance stay — they say what goes
 * there, and an empty value would be YAML's null on the team's site — and
 * adr new names them.
 */
export function unfilledFields(adr: string, template: string): string[] {
  const fields = (text: string) => {
    const lines = splitLines(text).lines;
    const end = frontMatterEnd(lines);
    const out = new Map<string, string>();
    for (let i = 1; i < end; i++) {
      const m = FIELD_LINE.exec(lines[i]);
      if (m && !(i + 1 < end && /^\s+\S/.test(lines[i + 1]))) out.set(m[1], m[2].trimEnd());
    }
    return out;
  };
  const given = fields(template);
  return [...fields(adr)].filter(([key, value]) => !TITLE_KEY.test(key) && !PLACE_KEY.test(key) && !/^(status|date)$/i.test(key) && given.get(key) === value && GUIDANCE.test(value)).map(([key]) => key);
}

/**
 * The record part of a template that explains itself first under an H1 of
 * its own (sig-moonwalk: "# ADR template by Michael Nygard", how to use it,
 * then "# Title" and the sections): from the last H1 before the first `## `
 * section. The explanation is the template's, not the new ADR's.
 */
function recordPart(template: string): string {
  const l = splitLines(template);
  const first = h1Index(l.lines, frontMatterEnd(l.lines) + 1);
  const heads = [...sections(l.lines).values()];
  const section = heads.length ? Math.min(...heads) - 1 : -1;
  if (first === -1 || section <= first) return template;
  let last = first;
  for (let next = h1Index(l.lines, last + 1); next !== -1 && next < section; next = h1Index(l.lines, last + 1)) last = next;
  if (last === first) return template;
  l.lines.splice(first, last - first);
  return joinLines(l);
}

/**
 * A new ADR from the team's template. adr-tools' tokens first; then, for a
 * template that writes its fields as guidance (MADR's `# [short title …]`,
 * `Status: [proposed | …]`, `Date: [YYYY-MM-DD …]`), the first heading, the
 * status, the date and the deciders given set where the format reads them.
 * The result, or why it does not read back as this ADR (its title, status
 * and deciders).
 */
export function fromTeamTemplate(template: string, file: string, s: Series, adr: { number: number; title: string; status: string; date: string; deciders: string }): { text: string } | { why: string } {
  let out = ownPlace(fillTokens(recordPart(template), s, adr), adr);
  let back = parseAdr(file, out, s);
  if (back.title !== adr.title) {
    const l = splitLines(out);
    const h1 = h1Index(l.lines, frontMatterEnd(l.lines) + 1);
    if (h1 !== -1) {
      l.lines[h1] = `# ${renderHeading(s, adr.number, escapeFor(s.markup)(adr.title))}`;
      out = joinLines(l);
    }
  }
  back = parseAdr(file, out, s);
  if (!sameStatus(back.status, adr.status)) {
    // A status guidance wrapped onto indented lines (`- Status: {proposed | … | superseded by` / `  [ADR-0005](…)}`) is one value, replaced whole.
    if (back.lines.status) {
      const l = splitLines(out);
      const i = back.lines.status - 1;
      while (i + 1 < l.lines.length && /^\s+\S/.test(l.lines[i + 1]) && !/^\s*(?:[-*+]|\d+\.)\s/.test(l.lines[i + 1])) l.lines[i] = `${l.lines[i].trimEnd()} ${l.lines.splice(i + 1, 1)[0].trim()}`;
      out = joinLines(l);
    }
    out = formatOf(s).setStatus(out, adr.status, s);
  }
  back = parseAdr(file, out, s);
  if (back.date && back.date !== adr.date && back.lines.date) out = setField(out, back.lines.date - 1, /date/, adr.date, back.date);
  // Deciders given (--deciders, or the writer a series' records name) replace the template's guidance on its Deciders line.
  back = parseAdr(file, out, s);
  if (adr.deciders && back.deciders && back.deciders !== adr.deciders) {
    const i = splitLines(out).lines.findIndex((l) => FIELD(/deciders|decision-makers/).test(l));
    if (i !== -1) out = setField(out, i, /deciders|decision-makers/, adr.deciders, back.deciders);
  }
  back = parseAdr(file, out, s);
  if (back.title === adr.title && sameStatus(back.status, adr.status) && (!adr.deciders || !back.deciders || back.deciders === adr.deciders)) return { text: out };
  return { why: `title "${back.title}", status "${back.status || '(none)'}"${back.deciders && adr.deciders && back.deciders !== adr.deciders ? `, deciders "${back.deciders}"` : ''}` };
}

/**
 * The team's template with each inline link to a file that does not exist
 * (cometbft's `Superseded by [ADR 123](./adr-123.md)`, an example in its
 * guidance) written as code: the example stays as the team wrote it, and the
 * new ADR (`file`, repo-relative) is not born with a dead link docpact wrote.
 * check's adr/placeholder reads such a link as the template's (see
 * `placeholders`). Links that resolve, URLs, anchors and targets without an
 * extension (MyST resolves those as pages or labels) are kept.
 */
export function quoteDeadLinks(template: string, file: string, exists: (rel: string) => boolean): string {
  let out = '';
  let at = 0;
  for (const l of findLinks(template)) {
    if (l.kind !== 'markdown' || !l.text || isExternal(l.target) || l.target.startsWith('/') || !/\.\w+$/.test(linkPath(l.target))) continue;
    const rel = resolveLink(file, l.target, '');
    if (rel === null || exists(rel)) continue;
    const start = l.text.start - 1 - (template[l.text.start - 2] === '!' ? 1 : 0);
    const end = template.indexOf(')', l.end) + 1;
    const whole = template.slice(start, end);
    if (start < at || whole.includes('`') || whole.includes('\n')) continue;
    out += `${template.slice(at, start)}\`${whole}\``;
    at = end;
  }
  return at ? out + template.slice(at) : template;
}

/** A field line, front matter or bullet: `date: …`, `- Date: … <!-- note -->`, `* **Deciders:** …`; groups: what comes before the value, the value, a trailing note. */
const FIELD = (key: RegExp) => new RegExp(`^(\\s*(?:[-*+]\\s+)?\\**(?:${key.source})\\**\\s*:\\**\\s*)(.*?)(\\s*<!--.*-->)?$`, 'i');

/**
 * The line with its field's value replaced whole (a guidance such as
 * `{YYYY-MM-DD …}` is one value, whatever YAML makes of it); in front matter,
 * a value YAML would not read as the text it is, quoted; a note that stands
 * alone as the value is the guidance for it, and goes. A line that is no
 * field (Nygard's `Date: DATE` is one): `was` replaced.
 */
function setField(text: string, i: number, key: RegExp, value: string, was: string): string {
  const l = splitLines(text);
  const m = FIELD(key).exec(l.lines[i]);
  if (!m) l.lines[i] = l.lines[i].replace(was, () => value);
  else {
    const plain = i > frontMatterEnd(l.lines) || /^\d{4}-\d{2}-\d{2}$/.test(value) || (/^\p{L}[\p{L}\p{N} .,'()-]*$/u.test(value) && !/^(?:true|false|null|yes|no|on|off|y|n)$/i.test(value));
    // A note standing alone where the value goes (`Date: <!-- Today's date -->`) is the guidance for it: replaced, not kept glued to the value.
    l.lines[i] = `${m[1]}${plain ? value : JSON.stringify(value)}${m[2] ? (m[3] ?? '') : ''}`;
  }
  return joinLines(l);
}

/**
 * A team template's own status word taken out (`## Status` / `Accepted`, as
 * citizensadvice's 0000-template.md writes it, not adr-tools' STATUS token):
 * every accepted record states that word too, and is no placeholder for it.
 */
function withoutStatus(text: string, rel: string, s: Series): string {
  const back = parseAdr(rel, text, s);
  if (!back.status || !back.lines.status) return text;
  const l = splitLines(text);
  const line = l.lines[back.lines.status - 1];
  const at = line.toLowerCase().indexOf(back.status.toLowerCase());
  if (at === -1) return text;
  l.lines[back.lines.status - 1] = line.slice(0, at) + line.slice(at + back.status.length);
  return joinLines(l);
}

/**
 * The series' template rendered for a placeholder ADR. Its status is left
 * empty: a Nygard Status section holds the status itself, and an ADR whose
 * status is the initial one ("Accepted", as adr-tools writes it) has not left
 * template text there. A team's template is compared as it is, its tokens filled.
 */
export function adrTemplate(root: Root, config: DocpactConfig): string {
  const s = seriesOf(config);
  const own = teamTemplateOf(root, s);
  const adr = { number: s.first, title: 'x', status: '', date: '2000-01-01' };
  if (own) return withoutStatus(fillTokens(own.text, s, adr), own.rel, s);
  const format = formatOf(s);
  return renderAdr(templateSource(root, config), format.template, format.newData({ ...adr, deciders: 'x', relations: [] }, s));
}
