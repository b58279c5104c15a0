import { describe, expect, it } from 'vitest';
import { GENERATORS } from '../generators/index.js';

describe('the generator list', () => {
  it('names each generator by the command its module declares, and the plop name follows the command', async () => {
    for (const entry of GENERATORS) {
      const gen = await entry.load();
      expect(gen.command).toBe(entry.command);
      expect(gen.name).toBe(entry.command.replace(/ /g, '-'));
    }
  });
});
