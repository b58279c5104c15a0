/**
 * `docpact adr migrate --to FORMAT`: convert a whole ADR series to another
 * format in one all-or-nothing plan (see src/adr/migrate.ts), and record the
 * new format in docpact.yaml. File names are kept (the pattern is data), so
 * no link anywhere in the docs changes.
 */
import { CONFIG_FILE, renderConfig, validateConfig } from '../src/config/load.js';
import { ADR_FORMATS, FORMAT_STATUSES, type AdrFormatName, type DocpactConfig } from '../src/config/schema.js';
import { DocpactError } from '../src/core/errors.js';
import { configOf, type Generator } from '../src/core/generator.js';
import { migrateAdr } from '../src/adr/migrate.js';
import { parseAdr, toRecord } from '../src/adr/parse.js';
import { seriesConfig, seriesOf, type Series } from '../src/adr/series.js';
import { listAdrFiles, planIndex } from '../src/adr/store.js';

export const adrMigrate: Generator = {
  name: 'adr-migrate',
  command: 'adr migrate',
  description: 'Convert an ADR series to another format (docpact, nygard, madr2, madr3, madr4), all or nothing.',
  usage: 'docpact adr migrate --to FORMAT [--series NAME] [options]',
  examples: ['docpact adr migrate --to docpact --dry-run', 'docpact adr migrate --to madr4 --series billing'],
  needsConfig: true,
  writesYaml: true,
  questions: [
    { name: 'to', flag: 'to', kind: 'choice', message: 'Target format', required: true, help: `the format to convert to: ${ADR_FORMATS.join(', ')}`, choices: () => [...ADR_FORMATS] },
    { name: 'series', flag: 'series', kind: 'text', message: 'ADR series', help: 'which ADR series (a name from adr.series; default: the main one)', default: () => '' },
  ],
  plan(ctx, a, plan) {
    const config = configOf(ctx);
    const name = String(a.series ?? '');
    const view = seriesConfig(config, name);
    const from = seriesOf(view);
    const format = String(a.to) as AdrFormatName;
    if (from.format === format) throw new DocpactError('input', `The ${name ? `"${name}" ` : ''}ADR series in ${from.dir} is already in the ${format} format.`);

    // 1. The target series: same folder and names, the target's vocabulary plus any status the ADRs use.
    const files = listAdrFiles(ctx.root, view);
    const records = files.map((f) => toRecord(parseAdr(f.file, plan.read(`${from.dir}/${f.file}`) ?? '', from)));
    const vocab = FORMAT_STATUSES[format];
    const statuses = [...vocab.statuses];
    for (const r of records) {
      const st = r.status.trim();
      if (st && /^[A-Za-z][A-Za-z -]*$/.test(st) && !statuses.some((x) => x.toLowerCase() === st.toLowerCase()) && st.toLowerCase() !== from.superseded.toLowerCase()) statuses.push(st);
    }
    const settings = { format, statuses, initial: vocab.initial, superseded: vocab.superseded };
    const to: Series = { ...from, ...settings };

    // 2. Every ADR, rewritten; nothing is written unless all of them convert.
    const byId = new Map(records.map((r) => [r.id, r]));
    const added: string[] = [];
    for (const f of files) {
      const rel = `${from.dir}/${f.file}`;
      const res = migrateAdr(f.file, plan.read(rel) ?? '', from, to, byId);
      plan.write(rel, res.text);
      if (res.added.length) added.push(`${f.file}: added ${res.added.map((s) => `"## ${s}"`).join(', ')}`);
    }

    // 3. docpact.yaml records the new format; the index is regenerated from the converted files.
    const adr = config.adr;
    const next: DocpactConfig = name
      ? { ...config, adr: { ...adr, series: (adr.series ?? []).map((x) => (x.name === name ? { ...x, ...settings } : x)) } }
      : { ...config, adr: { ...adr, ...settings } };
    const nextConfig = validateConfig(next);
    plan.write(CONFIG_FILE, renderConfig(nextConfig));
    const nextView = seriesConfig(nextConfig, name);
    const converted = files.map((f) => toRecord(parseAdr(f.file, plan.read(`${from.dir}/${f.file}`) ?? '', seriesOf(nextView))));
    if (plan.read(seriesOf(nextView).index) !== null) planIndex(plan, nextView, converted);

    Object.assign(plan.result, { series: name || null, from: from.format, to: format, files: files.map((f) => `${from.dir}/${f.file}`) });
    plan.notes.push(`Converted ${files.length} ADR${files.length === 1 ? '' : 's'} in ${from.dir} from ${from.format} to ${format}.`, ...added);
  },
};
