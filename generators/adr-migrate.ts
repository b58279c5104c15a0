/**
 * `docpact adr migrate --to FORMAT`: convert a whole ADR series to another
 * format in one all-or-nothing plan (see src/adr/migrate.ts), and record the
 * new format in docpact.yaml. Files take the target format's naming (ADR-0007-x.md
 * for docpact, 0007-x.md for the others) unless --keep-names, and every link to
 * a renamed file — in docs pages, ADRs of every series and open chat
 * messages — follows (src/adr/references.ts).
 */
import { CONFIG_FILE, renderConfig, validateConfig } from '../src/config/load.js';
import { ADR_FORMATS, FORMAT_STATUSES, defaultPattern, type AdrFormatName, type DocpactConfig } from '../src/config/schema.js';
import { DocpactError } from '../src/errors.js';
import { configOf, type Generator } from '../src/core/generator.js';
import { seriesQuestion } from '../src/adr/questions.js';
import { migrateAdr, migrationProblem } from '../src/adr/migrate.js';
import { parseAdr, toRecord } from '../src/adr/parse.js';
import { DEFAULT_HEADINGS, fileName, patternRegex, seriesConfig, seriesOf, type Series } from '../src/adr/series.js';
import { planRenameLinks, type Rename } from '../src/adr/references.js';
import { listAdrFiles, planIndex } from '../src/adr/store.js';

export const adrMigrate: Generator = {
  name: 'adr-migrate',
  command: 'adr migrate',
  description: 'Convert an ADR series to another format (docpact, nygard, madr2, madr3, madr4), all or nothing.',
  usage: 'docpact adr migrate --to FORMAT [--series NAME] [--keep-names] [options]',
  examples: ['docpact adr migrate --to docpact --dry-run', 'docpact adr migrate --to madr4 --series billing', 'docpact adr migrate --to docpact --keep-names'],
  needsConfig: true,
  writesYaml: true,
  questions: [
    { name: 'to', flag: 'to', kind: 'choice', message: 'Target format', required: true, help: `the format to convert to: ${ADR_FORMATS.join(', ')}`, choices: () => [...ADR_FORMATS] },
    seriesQuestion,
    {
      name: 'keepNames',
      flag: 'keep-names',
      kind: 'boolean',
      message: 'Keep the file names',
      help: "keep each ADR's file name instead of the target format's naming (ADR-0007-x.md for docpact, 0007-x.md for the others)",
      default: () => false,
    },
  ],
  plan(ctx, a, plan) {
    const config = configOf(ctx);
    const name = String(a.series ?? '');
    const view = seriesConfig(config, name);
    const from = seriesOf(view);
    const format = String(a.to) as AdrFormatName;
    if (from.format === format) throw new DocpactError('input', `The ${name ? `"${name}" ` : ''}ADR series in ${from.dir} is already in the ${format} format.`);

    // 1. The target series: same folder, the target's naming and vocabulary plus any status the ADRs use.
    const files = listAdrFiles(ctx.root, view);
    const pattern = a.keepNames ? from.pattern : defaultPattern(format);
    const records = files.map((f) => toRecord(parseAdr(f.file, plan.read(`${from.dir}/${f.file}`) ?? '', from)));
    const vocab = FORMAT_STATUSES[format];
    const statuses = [...vocab.statuses];
    for (const r of records) {
      const st = r.status.trim();
      if (st && /^[A-Za-z][A-Za-z -]*$/.test(st) && !statuses.some((x) => x.toLowerCase() === st.toLowerCase()) && st.toLowerCase() !== from.superseded.toLowerCase()) statuses.push(st);
    }
    const settings = { format, pattern, statuses, initial: vocab.initial, superseded: vocab.superseded };
    // The target's own heading: a series' configured one was the old format's.
    const to: Series = { ...from, ...settings, heading: DEFAULT_HEADINGS[format], re: patternRegex(pattern) };
    const folderOf = (file: string) => file.slice(0, file.lastIndexOf('/') + 1);
    const newName = new Map(files.map((f) => [f.file, folderOf(f.file) + fileName(to, f.number, (from.re.exec(f.file.slice(folderOf(f.file).length)) as RegExpExecArray)[2])]));
    // Two ADRs may not end up with one name, nor a renamed ADR land on a file outside the series.
    const owner = new Map<string, string>();
    for (const [old, next] of newName) {
      const other = owner.get(next) ?? (next !== old && !newName.has(next) && plan.read(`${from.dir}/${next}`) !== null ? 'an existing file' : undefined);
      if (other) throw new DocpactError('input', `${old} would be renamed ${next}, which ${other} already has. Rename one of them first, or pass --keep-names.`);
      owner.set(next, old);
    }

    // 2. Every ADR, rewritten under its new name; links between them name the new files. Nothing is written unless all convert.
    const byId = new Map(records.map((r) => [r.id, { ...r, file: newName.get(r.file) ?? r.file }]));
    const added: string[] = [];
    const renames: Rename[] = [];
    for (const f of files) {
      const rel = `${from.dir}/${f.file}`;
      const original = plan.read(rel) ?? '';
      const res = migrateAdr(f.file, original, from, to, byId);
      // Read back in the target format, the ADR must say what it said, every word of its text kept.
      const why = migrationProblem(f.file, original, res, newName.get(f.file) as string, from, to);
      if (why !== null) {
        throw new DocpactError('input', `Nothing was changed: docpact cannot convert ${rel} to ${format} safely (${why}).`, [
          `  Convert that ADR by hand (or make it read like the others of the series), then run "docpact adr migrate --to ${format}" again.`,
        ]);
      }
      const next = `${from.dir}/${newName.get(f.file)}`;
      if (next === rel) plan.write(rel, res.text);
      else {
        plan.remove(rel);
        plan.write(next, res.text);
        renames.push({ from: rel, to: next });
      }
      if (res.added.length) added.push(`${f.file}: added ${res.added.map((s) => `"## ${s}"`).join(', ')}`);
    }
    // Links to renamed files elsewhere: docs pages, other series, open chat messages (sealed ones are reported).
    const { rewritten, sealed } = renames.length ? planRenameLinks(plan, config, renames) : { rewritten: [], sealed: [] };
    for (const r of sealed) plan.warnings.push(`Not rewritten (sealed chat message): ${r.file}:${r.lines.join(',')} links a renamed ADR — add a new message with the new link if it matters.`);

    // 3. docpact.yaml records the new format; the index is regenerated from the converted files.
    const adr = config.adr;
    const next: DocpactConfig = name
      ? { ...config, adr: { ...adr, series: (adr.series ?? []).map((x) => (x.name === name ? { ...x, ...settings } : x)) } }
      : { ...config, adr: { ...adr, ...settings } };
    // The old format's heading pattern does not carry over: the target writes its own.
    if (name) next.adr.series = next.adr.series?.map((x) => (x.name === name ? { ...x, heading: undefined } : x));
    else next.adr = { ...next.adr, heading: undefined };
    const nextConfig = validateConfig(next);
    plan.write(CONFIG_FILE, renderConfig(nextConfig));
    const nextView = seriesConfig(nextConfig, name);
    const converted = files.map((f) => {
      const file = newName.get(f.file) as string;
      return toRecord(parseAdr(file, plan.read(`${from.dir}/${file}`) ?? '', seriesOf(nextView)));
    });
    if (plan.read(seriesOf(nextView).index) !== null) planIndex(plan, nextView, converted);

    Object.assign(plan.result, {
      series: name || null,
      from: from.format,
      to: format,
      files: files.map((f) => `${from.dir}/${newName.get(f.file)}`),
      renamed: renames,
      linksRewritten: rewritten,
      sealed,
    });
    const links = rewritten.reduce((n, r) => n + r.lines.length, 0);
    plan.notes.push(
      `Converted ${files.length} ADR${files.length === 1 ? '' : 's'} in ${from.dir} from ${from.format} to ${format}${renames.length ? `, renamed ${renames.length} (${from.pattern} → ${pattern})` : ''}.`,
      ...(renames.length ? [`Rewrote ${links} link${links === 1 ? '' : 's'} to renamed ADRs in ${rewritten.length} other file${rewritten.length === 1 ? '' : 's'}.`] : []),
      ...added,
    );
  },
};
