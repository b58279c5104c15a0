/** ADRs: names, numbering, sections, statuses, relations, and the generated index. */
import { ADR_FILE, REQUIRED_SECTIONS, RELATIONS, RELATION_KEYS, adrId, parseAdr, toRecord, type ParsedAdr } from '../../adr/parse.js';
import { INDEX_END, INDEX_START, adrDataFile, adrIndexPage, canonicalNumber, listAdrFiles, regionBounds, renderIndexData, renderIndexRegion } from '../../adr/store.js';
import { listDir } from '../../io/fs.js';
import { checkDate } from '../../core/run.js';
import { didYouMean } from '../../text/suggest.js';

const isCalendarDate = (d: string) => {
  try {
    checkDate(d);
    return true;
  } catch {
    return false;
  }
};
import { problem, type Problem, type Repo } from '../problem.js';

/** Every ADR file parsed, as check and --fix see them. */
export function parseAll({ root, config, read }: Repo): ParsedAdr[] {
  return listAdrFiles(root, config).map((f) => parseAdr(f.file, read(`${config.paths.adr}/${f.file}`) ?? '', config.adr.digits));
}

export function checkAdrs(repo: Repo, adrs: ParsedAdr[]): Problem[] {
  const { root, config } = repo;
  const dir = config.paths.adr;
  const digits = config.adr.digits;
  const out: Problem[] = [];
  const at = (a: ParsedAdr) => `${dir}/${a.file}`;

  for (const name of listDir(root, dir)) {
    if (!/\.md$/i.test(name) || name === 'index.md' || name === 'ADR-template.md') continue;
    const m = ADR_FILE.exec(name);
    if (m && canonicalNumber(m[1], digits)) continue;
    if (m || /^adr[-_ ]?\d/i.test(name)) out.push(problem(`${dir}/${name}`, 1, 'adr/file-name', `ADR files are named ${adrId(1, digits)}-<slug>.md (${digits}-digit number)`));
  }

  const byNumber = new Map<number, ParsedAdr>();
  const byId = new Map<string, ParsedAdr>();
  for (const a of adrs) {
    if (!a.lines.h1 || a.h1Number === null) out.push(problem(at(a), a.lines.h1 || 1, 'adr/h1', `the first heading must be "# ${a.id} — <title>"`));
    else if (a.h1Number !== a.number) out.push(problem(at(a), a.lines.h1, 'adr/number-mismatch', `the heading says ${adrId(a.h1Number, digits)} but the file name says ${a.id}`));
    const first = byNumber.get(a.number);
    if (first) out.push(problem(at(a), 1, 'adr/duplicate-number', `${a.id} is also ${first.file}; renumber one of them`));
    else {
      byNumber.set(a.number, a);
      byId.set(a.id, a);
    }
    for (const s of REQUIRED_SECTIONS) if (!a.sections.has(s)) out.push(problem(at(a), a.lines.h1 || 1, 'adr/missing-section', `missing the "## ${s}" section`));
    if (!config.adr.statuses.includes(a.status)) {
      const hint = a.status ? didYouMean(a.status, config.adr.statuses) : '';
      out.push(problem(at(a), a.lines.status || a.lines.h1, 'adr/unknown-status', `status "${a.status || '(none)'}" is not one of ${config.adr.statuses.join(', ')}.${hint}`));
    }
    if (a.date && !isCalendarDate(a.date)) {
      const line = (repo.read(at(a)) ?? '').split(/\r?\n/).findIndex((l) => /^[-*]\s+Date:/i.test(l)) + 1;
      out.push(problem(at(a), line || a.lines.h1, 'adr/date', `date "${a.date}" is not a calendar date (YYYY-MM-DD); write the day the decision was made`));
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
    if (a.supersededBy.length && a.status !== config.adr.superseded) {
      out.push(problem(at(a), a.lines.status || 1, 'adr/relation-reciprocal', `superseded by ${a.supersededBy.join(', ')} but its status is ${a.status || '(none)'}, not ${config.adr.superseded}`));
    }
  }
  return out;
}

/** The generated index page region and data file, compared with what the ADRs say. */
export function checkAdrIndex({ config, read }: Repo, adrs: ParsedAdr[]): Problem[] {
  const out: Problem[] = [];
  const records = adrs.map(toRecord);
  const pageRel = adrIndexPage(config);
  const page = read(pageRel);
  if (page !== null) {
    const at = regionBounds(page);
    if (!at) out.push(problem(pageRel, 1, 'adr/index-drift', `the generated region markers are missing (${INDEX_START} … ${INDEX_END}); add both where the table belongs`));
    else if (page.slice(at.start, at.end) !== renderIndexRegion(records)) {
      const line = page.slice(0, at.start).split('\n').length;
      out.push(problem(pageRel, line, 'adr/index-drift', 'the ADR table is out of date with the ADR files; run "docpact check --fix"'));
    }
  }
  const dataRel = adrDataFile(config);
  const data = read(dataRel);
  if (data !== renderIndexData(records) && (data !== null || records.length)) {
    out.push(problem(dataRel, 1, 'generated/drift', data === null ? 'the generated ADR data is missing; run "docpact check --fix"' : 'the generated ADR data is out of date; run "docpact check --fix"'));
  }
  return out;
}
