import fs from 'node:fs';
import path from 'node:path';
import { it, expect } from 'vitest';
import { parse } from 'yaml';
import { workflowProblems, issueFormSchema, chooserSchema } from '../consumers.js';
for (const dir of (process.env.R6_DIRS ?? '').split(',').filter(Boolean)) {
  it(`consumers ${dir}`, async () => {
    const wf = path.join(dir, '.github/workflows/governance.yml');
    const out: string[] = [];
    out.push(...(await workflowProblems(fs.readFileSync(wf, 'utf8'))));
    const forms = path.join(dir, '.github/ISSUE_TEMPLATE');
    for (const f of fs.readdirSync(forms)) {
      const data = parse(fs.readFileSync(path.join(forms, f), 'utf8'));
      const v = f.startsWith('config') ? chooserSchema : issueFormSchema;
      if (!v(data)) out.push(`${f}: ${JSON.stringify(v.errors)}`);
    }
    console.log(dir, out);
    expect(out).toEqual([]);
  }, 120_000);
}
