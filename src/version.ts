declare const __DOCPACT_VERSION__: string | undefined;

/** Injected at build time from package.json (see scripts/build.mjs and vitest.config.ts). */
export const VERSION: string = typeof __DOCPACT_VERSION__ === 'string' ? __DOCPACT_VERSION__ : '0.0.0-dev';

declare const __DOCPACT_BUILD__: string | undefined;

/**
 * This build's identity (a hash of its sources, from scripts/build.mjs), for
 * caches of what it parsed. Unbuilt (vitest runs the sources), each process
 * is its own build: nothing it caches is trusted by another.
 */
export const BUILD: string = typeof __DOCPACT_BUILD__ === 'string' ? __DOCPACT_BUILD__ : `dev-${process.pid}-${Date.now()}`;
