declare module 'virtual:templates' {
  type Template = (data: unknown) => string;
  /** Each built-in template, built on first call (call it once and keep the result). */
  export const builtin: Record<string, () => Template>;
  /** The ids whose template renders through a direct function when its data is plain (scripts/templates-module.mjs). */
  export const direct: string[];
}
declare module 'virtual:templates/docs/adr' {
  type Template = (data: unknown) => string;
  /** The templates under templates/docs/adr/ (and its preset variants), as in 'virtual:templates'. */
  export const builtin: Record<string, () => Template>;
  export const direct: string[];
}
declare module 'handlebars/runtime.js';
declare module 'virtual:schemas' {
  interface Validator {
    (data: unknown): boolean;
    errors?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] | null;
  }
  export const validateIssueForm: Validator;
  export const validateChooser: Validator;
}
