/**
 * The parts of the MCP SDK docpact uses, from one module: the build makes it
 * one bundle of its own (dist/vendor/mcp-sdk.cjs), loaded only by `docpact
 * mcp`, so the SDK's subpaths share one copy of its types and zod.
 */
export { Server } from '@modelcontextprotocol/sdk/server/index.js';
export { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
export { CallToolRequestSchema, ErrorCode, GetPromptRequestSchema, ListPromptsRequestSchema, ListResourcesRequestSchema, ListToolsRequestSchema, ReadResourceRequestSchema } from '@modelcontextprotocol/sdk/types.js';
export { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
