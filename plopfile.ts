/**
 * docpact as a plop pack. A user's plopfile can do
 *
 *   export default async function (plop) { await plop.load('docpact'); }
 *
 * and run any docpact generator through plop. Each generator's prompts go
 * through plop's own inquirer (src/cli/prompt.ts); its single action runs the
 * same plan → validate → apply core as the docpact CLI, in plop's
 * destination folder.
 */
import { generators } from './generators/index.js';
import { makeContext, runGenerator } from './src/core/run.js';
import { resolveAnswers, type Answers } from './src/core/generator.js';
import { inquirerAsk, type InquirerLike } from './src/cli/prompt.js';
import { opLines } from './src/cli/output.js';

interface PlopLike {
  setDefaultInclude(include: { generators: boolean }): void;
  setGenerator(name: string, config: object): void;
  getDestBasePath(): string;
}

export default function docpact(plop: PlopLike): void {
  plop.setDefaultInclude({ generators: true });
  for (const gen of generators) {
    plop.setGenerator(gen.name, {
      description: gen.description,
      prompts: async (inquirer: InquirerLike) => {
        const ctx = makeContext(gen, { cwd: plop.getDestBasePath() });
        return resolveAnswers(gen, ctx, {}, inquirerAsk(inquirer));
      },
      actions: [
        async (answers: Answers) => {
          const res = await runGenerator(gen, { cwd: plop.getDestBasePath(), given: answers });
          const summary = opLines({ color: false }, res.applied.ops, false).join('\n');
          if (res.exitCode !== 0) throw new Error(`docpact ${gen.command}: some files were kept because you changed them\n${summary}`);
          return summary;
        },
      ],
    });
  }
}
