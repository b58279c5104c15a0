/** The ADR formats by name: the `adr.format` key of docpact.yaml. */
import type { AdrFormatName } from '../../config/schema.js';
import { docpactFormat } from './docpact.js';
import { madr2Format, madr3Format, madr4Format } from './madr.js';
import { nygardFormat } from './nygard.js';
import type { AdrFormat } from './types.js';

export const FORMATS: Record<AdrFormatName, AdrFormat> = {
  docpact: docpactFormat,
  nygard: nygardFormat,
  madr2: madr2Format,
  madr3: madr3Format,
  madr4: madr4Format,
};
