/**
 * docpact as a plop pack. A user's plopfile passes its plop to this function
 * (README, "As a plop pack"), or loads it with `plop.load('docpact')`. Each
 * generator is registered through the plop adapter (src/plop/adapter.ts):
 * prompts plop can bypass, and one action running the same
 * plan → validate → apply core as the docpact CLI, in plop's destination folder.
 */
import { loadGenerators } from './generators/index.js';
import { plopGenerator, registerPromptType, type PlopApi } from './src/plop/adapter.js';

interface PlopLike extends PlopApi {
  setDefaultInclude(include: { generators: boolean }): void;
  setGenerator(name: string, config: object): void;
}

// plop registers generators synchronously: the plop pack (a build of its own) loads them all up front.
const generators = await loadGenerators();

export default function docpact(plop: PlopLike): void {
  // Only consulted by plop.load('docpact'): include the generators.
  plop.setDefaultInclude({ generators: true });
  registerPromptType(plop);
  for (const gen of generators) plop.setGenerator(gen.name, plopGenerator(gen, plop));
}
