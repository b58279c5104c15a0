/**
 * Rendering with only the ADR templates (templates/docs/adr/, in every
 * preset): `adr new` renders one of them, and loading the other built-ins
 * would cost it a tenth of its start-up.
 */
import { builtin } from 'virtual:templates/docs/adr';
import { renderer } from './renderer.js';

export const { render: renderAdr } = renderer(builtin);
