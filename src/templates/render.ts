/** Rendering with every built-in template (see renderer.ts). */
import { builtin } from 'virtual:templates';
import { renderer } from './renderer.js';

export { templateSource, templateVersion, type TemplateSource } from './renderer.js';

export const { render, hasTemplate } = renderer(builtin);
