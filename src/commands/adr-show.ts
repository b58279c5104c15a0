/**
 * `docpact adr show REF`: one ADR, with its status, relations and sections.
 * Read-only; REF is resolved exactly, as everywhere (7, 0007, ADR-0007, the
 * file name).
 */
import path from 'node:path';
import { openRepo } from '../config/load.js';
import { DocpactError } from '../errors.js';
import { parseAdr, toRecord } from '../adr/parse.js';
import { listAdrFiles, resolveRef } from '../adr/store.js';
import { seriesConfig, seriesOf } from '../adr/series.js';
import { sectionBodies } from '../adr/formats/text.js';
import { readText } from '../io/fs.js';
import { readConsistently } from '../io/journal.js';
import { printText, type Command } from './command.js';

export const adrShow: Command = {
  command: 'adr show',
  summary: 'show one ADR: status, relations and text',
  usage: 'docpact adr show <REF> [--series NAME] [--json]',
  description: 'Print an ADR as it is in its file. REF is 7, 0007, ADR-0007 or the file name.\nWith --json: its record (status, date, deciders, relations), its sections by heading, and its text.',
  examples: ['docpact adr show 7', 'docpact adr show ADR-0007 --json', 'docpact adr show 0003-charge.md --series billing'],
  options: [{ name: 'series', type: 'string', value: 'NAME', help: 'the ADR series (a name from adr.series; default: the main one)' }],
  maxPositionals: 1,
  positionals: [{ name: 'ref', help: 'the ADR: 7, 0007, ADR-0007 or its file name', required: true }],
  async run(args, io) {
    const { root, config } = openRepo(path.resolve(String(args.values.cwd ?? '.')));
    const ref = args.positionals[0] ?? (typeof args.values.ref === 'string' ? args.values.ref : undefined);
    if (ref === undefined || ref.trim() === '') throw new DocpactError('usage', 'Which ADR? Usage: docpact adr show <REF> (7, 0007, ADR-0007 or a file name).');
    const c = seriesConfig(config, typeof args.values.series === 'string' ? args.values.series : undefined);
    const s = seriesOf(c);
    const { file, text } = readConsistently(root, () => {
      const found = resolveRef(ref, listAdrFiles(root, c), s.digits);
      return { file: `${s.dir}/${found.file}`, text: readText(root, `${s.dir}/${found.file}`) ?? '' };
    });
    if (io.json) {
      const record = toRecord(parseAdr(path.posix.basename(file), text, s));
      const sections = Object.fromEntries([...sectionBodies(text)].filter(([h]) => h.startsWith('## ')).map(([h, b]) => [h.slice(3), b.body]));
      io.emit({ adr: { ...record, file }, sections, text });
      return 0;
    }
    printText(io, text);
    return 0;
  },
};
