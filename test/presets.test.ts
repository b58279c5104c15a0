import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formRules } from '../src/github/rules.js';
import { issueFormSchema, markdownProblems } from './consumers.js';
import { DATE, buildDocs, exists, ok, read, run, snapshot, sphinxBuild, tempRepo } from './helpers.js';

const BUG = '.github/ISSUE_TEMPLATE/bug.yaml';
const PR = '.github/PULL_REQUEST_TEMPLATE.md';

/** The reference workflow's domain words: none may appear in a tree built from the user's vocabulary. */
const REFERENCE_TERMS = [
  'TruthStore', 'StreamBus', 'ArtifactStore', 'MinIO', 'theory_api', 'world', 'WorldPath', 'storage plane',
  'reserve', 'reserve→settle', 'ledger', 'facet', 'FaceTime', 'budget', 'CAS admission', 'compare-and-swap', 'lease', 'predicate',
];

function referenceTerms(dir: string): string[] {
  const hits: string[] = [];
  for (const rel of snapshot(dir).keys()) {
    const text = read(dir, rel).toLowerCase();
    for (const t of REFERENCE_TERMS) if (text.includes(t.toLowerCase())) hits.push(`${rel}: ${t}`);
  }
  return hits;
}

/** A step that must succeed; its stdout. */
const step = (dir: string, args: string[]) => ok(run(dir, args)).stdout;

describe('presets and the user’s vocabulary', () => {
  it('init --preset blank and init with the user’s vocabulary contain no reference term, pass the consumers, and build', (ctx) => {
    const blank = tempRepo();
    step(blank, ['init', '--yes', '--preset', 'blank', '--project', 'Acme API', '--date', DATE]);
    expect(referenceTerms(blank)).toEqual([]);
    expect(exists(blank, 'agents/prompts/AGENTS.md')).toBe(true);
    expect(read(blank, 'docs/source/glossary.md')).toMatch(/^Invariant$/m);
    const form = parse(read(blank, BUG));
    expect(form.body.some((f: { id?: string }) => f.id === 'invariants')).toBe(false); // no invariants yet: no empty checkbox group
    expect(issueFormSchema(form)).toBe(true);
    expect(formRules(form)).toEqual([]);
    expect(markdownProblems(blank)).toEqual([]);
    expect(step(blank, ['check'])).toMatch(/no problems/);

    const mine = tempRepo();
    step(mine, ['init', '--yes', '--project', 'Acme API', '--package', 'acme', '--concepts', 'Orders,Billing', '--apps', '', '--use-cases', 'Checkout', '--areas', 'orders,billing', '--invariants', 'Orders are immutable,Money is integer cents', '--date', DATE]);
    expect(referenceTerms(mine)).toEqual([]);
    const config = parse(read(mine, 'docpact.yaml'));
    expect(config).toMatchObject({ preset: 'blank', apps: [], invariants: ['Orders are immutable', 'Money is integer cents'] });
    expect(exists(mine, 'acme/agents/prompts/AGENTS.md')).toBe(true);
    const bug = parse(read(mine, BUG));
    expect(bug.body.find((f: { id?: string }) => f.id === 'invariants').attributes.options).toEqual([{ label: 'Orders are immutable' }, { label: 'Money is integer cents' }]);
    expect(issueFormSchema(bug)).toBe(true);
    expect(read(mine, PR)).toMatch(/^- \[ \] Money is integer cents$/m);
    for (const kind of ['concept', 'app', 'use-case']) step(mine, ['docs', 'add', kind, `A ${kind}`]);
    step(mine, ['chat', 'new', 'orders', '--title', 'Orders?', '--date', DATE]);
    step(mine, ['chat', 'reply', 'orders', '--as', 'engineer', '--date', DATE]);
    expect(referenceTerms(mine)).toEqual([]);
    expect(markdownProblems(mine)).toEqual([]);
    expect(step(mine, ['check'])).toMatch(/no problems/);
    if (!sphinxBuild()) return ctx.skip();
    const b = buildDocs(mine);
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
  });
});
