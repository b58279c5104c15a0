/**
 * The bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069; "Trojan Source"): text holding one shows in another order
 * than it is. One class for every place that refuses or escapes them: the
 * one-line text check (text/slug.ts), the body check (io/user-text.ts) and
 * what is printed (text/style.ts). The marks U+200E/U+200F are not in it:
 * right-to-left text needs them (only the printer escapes them).
 */
/** The class's body, to compose into a larger class: `[${BIDI_CONTROLS}…]`. */
export const BIDI_CONTROLS = '\\u202a-\\u202e\\u2066-\\u2069';
export const BIDI = new RegExp(`[${BIDI_CONTROLS}]`);
