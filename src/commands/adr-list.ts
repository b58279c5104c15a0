/**
 * `docpact adr list`: every ADR with its status, date and relations, read
 * from the files themselves (not the generated index). Read-only.
 */
import path from 'node:path';
import { openRepo } from '../config/load.js';
import { RELATIONS, RELATION_KEYS, parseAdr, toRecord } from '../adr/parse.js';
import { listAdrFiles } from '../adr/store.js';
import { seriesConfig, seriesConfigs, seriesOf } from '../adr/series.js';
import { readText } from '../io/fs.js';
import { readConsistently } from '../io/journal.js';
import type { Command } from './command.js';
import { table } from '../text/table.js';
import { DocpactError } from '../errors.js';
import { didYouMean } from '../text/suggest.js';

export const adrList: Command = {
  command: 'adr list',
  summary: 'list ADRs with status, date and relations',
  usage: 'docpact adr list [--status STATUS] [--json]',
  examples: ['docpact adr list', 'docpact adr list --status accepted', 'docpact adr list --json'],
  options: [
    { name: 'status', type: 'string', value: 'STATUS', help: 'only ADRs with this status (any case)' },
    { name: 'series', type: 'string', value: 'NAME', help: 'only this ADR series (a name from adr.series)' },
  ],
  maxPositionals: 0,
  async run(args, io) {
    const { root, config } = openRepo(path.resolve(String(args.values.cwd ?? '.')));
    const asked = typeof args.values.status === 'string' ? args.values.status : undefined;
    const wanted = asked?.toLowerCase();
    const all = seriesConfigs(config);
    const chosen = typeof args.values.series === 'string' ? [seriesConfig(config, args.values.series)] : all;
    const known = [...new Set(chosen.flatMap((c) => seriesOf(c).statuses))];
    if (wanted !== undefined && !known.some((s) => s.toLowerCase() === wanted)) {
      throw new DocpactError('usage', `--status must be one of: ${known.join(', ')} (got "${asked}").${didYouMean(asked as string, known)}`);
    }
    const many = all.length > 1;
    const records = readConsistently(root, () =>
      chosen.flatMap((c) => {
        const s = seriesOf(c);
        return listAdrFiles(root, c).map((f) => ({ ...(many ? { series: s.name ?? '' } : {}), ...toRecord(parseAdr(f.file, readText(root, `${s.dir}/${f.file}`) ?? '', s)) }));
      }),
    ).filter((r) => !wanted || r.status.toLowerCase() === wanted);
    if (io.json) {
      io.emit({ adrs: records });
      return 0;
    }
    if (!records.length) {
      io.out(wanted ? `No ADRs with status ${args.values.status}.` : 'No ADRs yet. Create one with: docpact adr new "Title"');
      return 0;
    }
    const relations = (r: (typeof records)[number]) =>
      RELATION_KEYS.filter((k) => r[k].length)
        .map((k) => `${RELATIONS[k].label.toLowerCase()} ${r[k].join(', ')}`)
        .join('; ');
    for (const line of table(
      [...(many ? ['SERIES'] : []), 'ADR', 'STATUS', 'DATE', 'TITLE', 'RELATIONS'],
      records.map((r) => [...(many ? [(r as { series?: string }).series || '(main)'] : []), r.id, r.status, r.date, r.title, relations(r)]),
    )) {
      io.out(line);
    }
    return 0;
  },
};
