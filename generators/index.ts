/**
 * Every docpact generator, in menu order. plopfile.ts registers these with
 * plop; the CLI exposes each as a command.
 */
import type { Generator } from '../src/core/generator.js';
import { adrMigrate } from './adr-migrate.js';
import { adrNew } from './adr-new.js';
import { adrRenumber } from './adr-renumber.js';
import { adrStatus } from './adr-status.js';
import { chatClose } from './chat-close.js';
import { chatNew } from './chat-new.js';
import { chatReply } from './chat-reply.js';
import { docsAdd } from './docs-add.js';
import { docsTerm } from './docs-term.js';
import { init } from './init.js';
import { sync } from './sync.js';

export const generators: Generator[] = [init, adrNew, adrStatus, adrRenumber, adrMigrate, chatNew, chatReply, chatClose, docsAdd, docsTerm, sync];
