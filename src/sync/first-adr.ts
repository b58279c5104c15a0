/**
 * The first ADR docpact seeds in its own series (init, sync): its title and
 * file name. A leaf, so sync can name it without loading the tree's
 * templates.
 */
import type { DocpactConfig } from '../config/schema.js';
import { fileName, seriesOf } from '../adr/series.js';
import { slugify } from '../text/slug.js';

export const FIRST_ADR = 'Record architecture decisions';

/** The first ADR's file name in docpact's own series. */
export const firstAdrFile = (sc: DocpactConfig) => fileName(seriesOf(sc), seriesOf(sc).first, slugify(FIRST_ADR));
