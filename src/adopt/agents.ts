/**
 * docpact's part of files agents read that a project may already have: a
 * marked section in its AGENTS.md, an entry in its .mcp.json. Each edit
 * touches only docpact's part and is verified by reading the result back:
 * the user's text outside the markers, and every other MCP server, stay as
 * they were — or the file is left alone.
 */
import { isDeepStrictEqual } from 'node:util';

export const SECTION_START = '<!-- docpact:agents:start -->';
export const SECTION_END = '<!-- docpact:agents:end -->';

/** The section between its markers. */
export const markedSection = (body: string) => `${SECTION_START}\n${body.replace(/\s*$/, '\n')}${SECTION_END}\n`;

/**
 * AGENTS.md with docpact's section current: replaced between the markers,
 * or appended when the file has none. Anything else in the file is kept byte
 * for byte (checked; a file whose markers are out of order is left as it is).
 */
export function withSection(text: string, body: string): string {
  const start = text.indexOf(SECTION_START);
  const end = text.indexOf(SECTION_END);
  const block = markedSection(body).replace(/\n$/, '');
  let out: string;
  if (start === -1 && end === -1) out = `${text.replace(/\s*$/, '')}${text.trim() ? '\n\n' : ''}${block}\n`;
  else if (start !== -1 && end > start && text.indexOf(SECTION_START, start + 1) === -1) out = text.slice(0, start) + block + text.slice(end + SECTION_END.length);
  else return text;
  // Read back: the user's text before and after the section is what it was.
  const outside = (t: string) => {
    const a = t.indexOf(SECTION_START);
    const b = t.indexOf(SECTION_END);
    return a === -1 ? t.replace(/\s*$/, '') : `${t.slice(0, a).replace(/\s*$/, '')}\0${t.slice(b + SECTION_END.length).replace(/^\s*/, '')}`;
  };
  const kept = outside(out).replace(/\0$/, '');
  return kept === outside(text).replace(/\0$/, '') || (start === -1 && kept === text.replace(/\s*$/, '')) ? out : text;
}

/**
 * .mcp.json with a "docpact" entry under mcpServers: inserted as text after
 * the object's opening brace (the file's layout and the other servers kept),
 * and read back as JSON to be exactly the file plus that entry. A file that
 * is not a JSON object, or already has a "docpact" server, is left alone.
 */
export function withMcpServer(text: string, server: { command: string; args: string[] }): string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return text;
  const servers = (data as { mcpServers?: unknown }).mcpServers;
  if (servers !== undefined && (typeof servers !== 'object' || servers === null || Array.isArray(servers))) return text;
  if (servers && Object.hasOwn(servers, 'docpact')) return text;
  const entry = JSON.stringify(server);
  let out: string;
  const key = /"mcpServers"\s*:\s*\{/g;
  const hits = [...text.matchAll(key)];
  if (servers !== undefined) {
    if (hits.length !== 1) return text;
    const at = (hits[0].index ?? 0) + hits[0][0].length;
    const empty = Object.keys(servers as object).length === 0;
    out = `${text.slice(0, at)}\n    "docpact": ${entry}${empty ? '\n  ' : ','}${text.slice(at)}`;
  } else {
    const at = text.indexOf('{') + 1;
    const empty = Object.keys(data).length === 0;
    out = `${text.slice(0, at)}\n  "mcpServers": { "docpact": ${entry} }${empty ? '\n' : ','}${text.slice(at)}`;
  }
  try {
    const want = { ...(data as object), mcpServers: { ...((servers as object) ?? {}), docpact: server } };
    return isDeepStrictEqual(JSON.parse(out), want) ? out : text;
  } catch {
    return text;
  }
}
