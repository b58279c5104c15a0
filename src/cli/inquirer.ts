/**
 * Inquirer's prompt packages docpact asks with on a terminal, from one
 * module: the build makes it one bundle of its own (dist/vendor/inquirer.cjs,
 * one copy of @inquirer/core), loaded only when docpact prompts.
 */
export { default as input } from '@inquirer/input';
export { default as select } from '@inquirer/select';
export { default as confirm } from '@inquirer/confirm';
