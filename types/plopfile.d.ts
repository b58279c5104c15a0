// Types for docpact's package entry: the plop pack (dist/plopfile.js).
// Written by hand: the entry's only export is this function.
import type { NodePlopAPI } from 'node-plop';

/** Registers every docpact generator (init, adr-new, …) on `plop`. */
export default function docpact(plop: NodePlopAPI): void;
