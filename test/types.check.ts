// Compile-time only (npm run typecheck): the hand-written types/plopfile.d.ts
// must describe what plopfile.ts exports and accept node-plop's API.
import type { NodePlopAPI } from 'node-plop';
import type declared from '../types/plopfile.js';
import implementation from '../plopfile.js';

export const matches: typeof declared = implementation;
export const acceptsPlop = (plop: NodePlopAPI): void => implementation(plop);
