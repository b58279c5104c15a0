#!/usr/bin/env node
// The read floor (issue #29): what any checker must at least do — list every
// file below the folder once, read each once and run one regular expression
// on its text. Nothing is parsed and nothing is kept. bench/run.mjs measures
// check against it, interleaved, in the same run.
//
//   node bench/floor.mjs [folder]      # prints nothing; exit 0
import fs from 'node:fs';
import path from 'node:path';

const HEADING = /^# .*$/m;
let matched = 0;
const visit = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === '.git' || e.name === '.docpact' || e.name === 'node_modules') continue;
    const at = path.join(dir, e.name);
    if (e.isDirectory()) visit(at);
    else if (e.isFile() && HEADING.test(fs.readFileSync(at, 'utf8'))) matched++;
  }
};
visit(path.resolve(process.argv[2] ?? '.'));
if (process.env.BENCH_FLOOR_VERBOSE) console.log(matched);
