declare module 'virtual:templates' {
  type Template = (data: unknown) => string;
  export const runtime: { registerHelper(name: string, fn: (...args: any[]) => unknown): void };
  export const builtin: Record<string, Template>;
}
declare module 'handlebars/runtime.js';
