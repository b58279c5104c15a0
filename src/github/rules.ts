/**
 * The rules GitHub applies to issue forms beyond the SchemaStore JSON schema
 * (SPEC §5). Pure: takes the parsed YAML, returns problems.
 */
export interface FormProblem {
  rule: string;
  message: string;
  /** Key path inside the form, e.g. "body[3].id". */
  where: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function formRules(form: unknown): FormProblem[] {
  const out: FormProblem[] = [];
  if (!isObj(form)) return out;
  const name = typeof form.name === 'string' ? form.name.trim() : '';
  // GitHub leaves a form whose name is shorter than 3 characters out of the chooser ("QA"); "Bug" is offered.
  if (name.length < 3) out.push({ rule: 'forms/name-length', where: 'name', message: `form name "${name}" must be at least 3 characters long` });
  const body = Array.isArray(form.body) ? form.body : [];
  const ids = new Map<string, number>();
  const labels = new Map<string, number>();
  let fields = 0;
  body.forEach((el, i) => {
    if (!isObj(el)) return;
    const attrs = isObj(el.attributes) ? el.attributes : {};
    if (el.type === 'markdown') {
      if (el.id !== undefined) out.push({ rule: 'forms/markdown-id', where: `body[${i}].id`, message: 'markdown elements cannot have an id' });
      return;
    }
    fields++;
    if (typeof el.id === 'string') {
      if (ids.has(el.id)) out.push({ rule: 'forms/unique-ids', where: `body[${i}].id`, message: `id "${el.id}" is already used by body[${ids.get(el.id)}]` });
      else ids.set(el.id, i);
    }
    if (typeof attrs.label === 'string') {
      const key = attrs.label.trim().toLowerCase();
      if (labels.has(key)) out.push({ rule: 'forms/unique-labels', where: `body[${i}].attributes.label`, message: `label "${attrs.label}" is already used by body[${labels.get(key)}]` });
      else labels.set(key, i);
    }
    const options = Array.isArray(attrs.options) ? attrs.options : [];
    const seen = new Set<string>();
    options.forEach((opt, j) => {
      const text = isObj(opt) ? String(opt.label ?? '') : String(opt);
      const where = `body[${i}].attributes.options[${j}]`;
      if (el.type === 'dropdown' && text.trim().toLowerCase() === 'none') {
        out.push({ rule: 'forms/reserved-none', where, message: '"None" is reserved by GitHub for an unanswered dropdown' });
      }
      if (seen.has(text.trim())) out.push({ rule: 'forms/unique-options', where, message: `option "${text}" appears twice` });
      seen.add(text.trim());
    });
  });
  if (fields === 0) out.push({ rule: 'forms/no-fields', where: 'body', message: 'a form needs at least one field that is not markdown' });
  return out;
}
