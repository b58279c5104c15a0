/**
 * `docpact sync`: re-render every file docpact generated from the current
 * docpact.yaml and templates, and merge the differences into the repository
 * (three-way: your edits and the new rendering are both kept). The engine
 * is src/sync/; init's re-run uses the same one.
 */
import { configOf, type Generator } from '../src/core/generator.js';
import { planSync } from '../src/sync/plan.js';

export const sync: Generator = {
  name: 'sync',
  command: 'sync',
  description: 'Bring generated files in step with docpact.yaml and the templates: three-way merge, your edits kept.',
  usage: 'docpact sync [--dry-run] [--json] [--force]',
  examples: ['docpact sync', 'docpact sync --dry-run', 'docpact sync --json', 'docpact sync --force   # also restore generated files you deleted'],
  needsConfig: true,
  partial: true,
  questions: [],
  async plan(ctx, _answers, plan) {
    // The yaml writer is loaded by planSync when it renders (with nothing to do, it renders nothing: ./tree-memo.ts).
    await planSync(ctx.root, configOf(ctx), plan, { force: ctx.force, date: ctx.date, remember: true });
  },
};
