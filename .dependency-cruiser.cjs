// The floor plan of docpact, as rules (docs/ARCHITECTURE.md, "Floors").
// Imports point down, or sideways within a floor, and never form a cycle:
//
//   faces     src/cli, src/plop, src/mcp, plopfile.ts
//   commands  generators/, src/commands, src/check
//   domains   src/adr, src/chat, src/docs, src/github, src/gate, src/adopt, src/sync, src/merge
//   engine    src/core                      (plan, validate, apply, lock)
//   ground    src/io, src/text, src/config, src/templates, src/git, src/errors.ts, src/version.ts
//
// `npm test` runs `depcruise` with this file first; an upward import or a
// cycle fails the build and names the offending import.
const FACES = '^(src/(cli|plop|mcp)/|plopfile\\.ts$)';
const COMMANDS = '^(generators/|src/(commands|check)/)';
const DOMAINS = '^src/(adr|chat|docs|github|gate|adopt|sync|merge)/';
const ENGINE = '^src/core/';
const GROUND = '^src/((io|text|config|templates|git)/|errors\\.ts$|version\\.ts$)';

const above = {
  ground: [ENGINE, DOMAINS, COMMANDS, FACES],
  engine: [DOMAINS, COMMANDS, FACES],
  domains: [COMMANDS, FACES],
  commands: [FACES],
};

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...Object.entries(above).map(([floor, higher]) => ({
      name: `${floor}-imports-up`,
      severity: 'error',
      comment: `The ${floor} floor may import only its own floor and the floors below it (docs/ARCHITECTURE.md).`,
      from: { path: { ground: GROUND, engine: ENGINE, domains: DOMAINS, commands: COMMANDS }[floor] },
      to: { path: higher },
    })),
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules form no import cycle (a lazy import() counts too).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'every-module-on-a-floor',
      severity: 'error',
      comment: 'A new top-level folder under src/ needs a floor: add it to .dependency-cruiser.cjs and docs/ARCHITECTURE.md.',
      from: { path: '^src/', pathNot: [FACES, COMMANDS, DOMAINS, ENGINE, GROUND].join('|') },
      to: {},
    },
  ],
  options: {
    includeOnly: '^(src|generators)/|^plopfile\\.ts$',
    // Type-only imports count: a type is as much a dependency of the design as a value.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.d\\.ts$' },
    doNotFollow: { path: 'node_modules' },
    moduleSystems: ['es6'],
  },
};
