/** ADRs: names, numbering, sections, statuses, relations, and the generated index. */
import { RELATIONS, RELATION_KEYS, adrId, formatOf, parseAdr, toRecord, type ParsedAdr } from '../../adr/parse.js';
import { canonicalStatus, fileName, sameStatus, seriesOf } from '../../adr/series.js';
import { INDEX_END, INDEX_START, adrFilesIn, adrIndexPage, byNumberThenFile, canonicalNumber, indexLayout, legacyDataFile, listAdrFiles, regionBounds, renderIndex, strayIndexFiles } from '../../adr/store.js';
import { closest } from '../../text/suggest.js';
import { listDir } from '../../io/fs.js';
import { isCalendarDate } from '../../text/date.js';
import { problem, type Problem, type Repo } from '../problem.js';


/**
 * Every ADR file parsed, as check and --fix see them. `names` is the ADR
 * folder's listing when the caller has it; `parsed` holds ADRs already parsed
 * while walking the docs tree, so each file is read once.
 */
export function parseAll({ root, config, read }: Repo, names?: string[], parsed?: Map<string, ParsedAdr>): ParsedAdr[] {
  const s = seriesOf(config);
  // A file that vanished or that docpact refuses to read (reported as repo/unsafe-path) is not an ADR.
  return (names ? adrFilesIn(names, config) : listAdrFiles(root, config)).flatMap((f) => {
    const done = parsed?.get(f.file);
    if (done) return [done];
    const text = read(`${s.dir}/${f.file}`);
    return text === null ? [] : [parseAdr(f.file, text, s)];
  });
}

/** Text as it means: a Windows checkout's CRLF endings are not drift. */
const lf = (t: string) => t.replace(/\r\n/g, '\n');

export function checkAdrs(repo: Repo, adrs: ParsedAdr[], names = listDir(repo.root, seriesOf(repo.config).dir)): Problem[] {
  const { config } = repo;
  const s = seriesOf(config);
  const format = formatOf(s);
  const dir = s.dir;
  const digits = s.digits;
  const out: Problem[] = [];
  const at = (a: ParsedAdr) => `${dir}/${a.file}`;
  const indexName = s.index.startsWith(`${dir}/`) ? s.index.slice(dir.length + 1) : '';

  for (const name of names) {
    if (!/\.md$/i.test(name) || name === indexName || name === 'index.md' || name === 'ADR-template.md') continue;
    const m = s.re.exec(name);
    if (m && canonicalNumber(m[1], digits)) continue;
    if (m || /^adr[-_ ]?\d/i.test(name) || (/^\d/.test(s.pattern.replace('{number}', '0')) && /^\d+[-_]/.test(name))) {
      out.push(problem(`${dir}/${name}`, 1, 'adr/file-name', `ADR files are named ${fileName(s, s.first, '<slug>')} (${digits}-digit number)`));
    }
  }

  const byNumber = new Map<number, ParsedAdr>();
  const byId = new Map<string, ParsedAdr>();
  const outsideDocs = !dir.startsWith(`${config.paths.docs}/`);
  for (const a of adrs) {
    if (outsideDocs && repo.read(at(a))?.includes('\uFFFD')) out.push(problem(at(a), 1, 'docs/encoding', 'not valid UTF-8; re-save it as UTF-8.'));
    if (!a.lines.h1 || !a.h1Ok) out.push(problem(at(a), a.lines.h1 || 1, 'adr/h1', `the first heading must be "${format.h1Hint(s, a.number)}"`));
    else if (a.h1Number !== null && a.h1Number !== a.number) out.push(problem(at(a), a.lines.h1, 'adr/number-mismatch', `the heading says ${adrId(a.h1Number, digits)} but the file name says ${a.id}`));
    const first = byNumber.get(a.number);
    // Days are shared by design in a dated series (log4brains).
    if (first && s.numbering !== 'date') out.push(problem(at(a), 1, 'adr/duplicate-number', `${a.id} is also ${first.file}; renumber one of them`));
    if (!first) {
      byNumber.set(a.number, a);
      byId.set(a.id, a);
    }
    for (const name of format.sections) if (!a.sections.has(name)) out.push(problem(at(a), a.lines.h1 || 1, 'adr/missing-section', `missing the "## ${name}" section`));
    if (!canonicalStatus(s, a.status)) {
      const near = a.status ? closest(a.status, s.statuses) : undefined;
      out.push(problem(at(a), a.lines.status || a.lines.h1 || 1, 'adr/unknown-status', `status "${a.status || '(none)'}" is not one of ${s.statuses.join(', ')}${near ? `; did you mean "${near}"?` : ''}`));
    }
    if (a.date && !isCalendarDate(a.date)) {
      const line = (repo.read(at(a)) ?? '').split(/\r?\n/).findIndex((l) => /^[-*]\s+Date:/i.test(l)) + 1;
      out.push(problem(at(a), line || a.lines.h1 || 1, 'adr/date', `date "${a.date}" is not a calendar date (YYYY-MM-DD); write the day the decision was made`));
    }
  }

  for (const a of adrs) {
    if (byNumber.get(a.number) !== a) continue;
    for (const key of RELATION_KEYS) {
      const line = a.lines.relations[key] ?? 1;
      const inverse = RELATIONS[key].inverse;
      for (const id of a[key]) {
        const target = byId.get(id);
        if (!target) {
          out.push(problem(at(a), line, 'adr/relation-target', `${RELATIONS[key].label} ${id}, which does not exist`));
          continue;
        }
        if (!target[inverse].includes(a.id)) {
          out.push(problem(at(target), target.lines.relations[inverse] ?? target.lines.status ?? 1, 'adr/relation-reciprocal', `${a.id} says "${RELATIONS[key].label} ${id}" but ${id} has no "${RELATIONS[inverse].label}: ${a.id}"`));
        }
      }
    }
    if (a.supersededBy.length && !sameStatus(a.status, s.superseded)) {
      out.push(problem(at(a), a.lines.status || 1, 'adr/relation-reciprocal', `superseded by ${a.supersededBy.join(', ')} but its status is ${a.status || '(none)'}, not ${s.superseded}`));
    }
  }
  return out;
}

/**
 * The generated index — page region, range data and pages, relation graph —
 * compared file by file with a full regeneration from the ADRs, one range at
 * a time; and index files a regeneration would not write.
 */
export function checkAdrIndex({ root, config, read }: Repo, adrs: ParsedAdr[]): Problem[] {
  const out: Problem[] = [];
  const pageRel = adrIndexPage(config);
  const exists = read(pageRel) !== null;
  const records = adrs.map(toRecord).sort(byNumberThenFile);
  for (const [rel, want] of renderIndex(config, records, indexLayout(config, read))) {
    const have = read(rel);
    if (rel === pageRel) {
      if (have === null) {
        out.push(problem(pageRel, 1, 'adr/index-missing', `the ADR index page (adr.index in docpact.yaml) does not exist; run "docpact check --fix" to create it`));
        continue;
      }
      const at = regionBounds(have);
      if (!at) out.push(problem(pageRel, 1, 'adr/index-drift', `the generated region markers are missing (${INDEX_START} … ${INDEX_END}); add both where the table belongs`));
      else if (lf(have.slice(at.start, at.end)) !== want) {
        const line = have.slice(0, at.start).split('\n').length;
        out.push(problem(pageRel, line, 'adr/index-drift', 'the ADR table is out of date with the ADR files; run "docpact check --fix"'));
      }
    } else if (have === null || lf(have) !== want) {
      // The graph's links lead from the index page: nothing to compare while that page is missing.
      if (!exists && rel.endsWith('.dot')) continue;
      const what = rel.endsWith('.md') ? 'ADR range page' : rel.endsWith('.dot') ? 'ADR relation graph' : 'ADR data';
      out.push(problem(rel, 1, rel.endsWith('.md') ? 'adr/index-drift' : 'generated/drift', `the generated ${what} is ${have === null ? 'missing' : 'out of date with the ADR files'}; run "docpact check --fix"`));
    }
  }
  for (const rel of strayIndexFiles(root, config, records)) {
    const why = rel === legacyDataFile(config) ? 'is the single-file ADR data of an earlier docpact, now split by number range' : 'covers a number range that has no ADRs';
    out.push(problem(rel, 1, rel.endsWith('.md') ? 'adr/index-drift' : 'generated/drift', `${why}; run "docpact check --fix" to remove it`));
  }
  return out;
}
