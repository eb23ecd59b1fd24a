import { describe, expect, it } from 'vitest';
import { loadSpec } from './load.ts';
import { validateExamples } from './validator.ts';

describe('examples of openapi/openapi.yaml', () => {
  it('every named example validates against its schema', () => {
    const { checked, errors } = validateExamples(loadSpec());
    expect(errors).toEqual([]);
    // Responses, request bodies, parameters and headers all carry examples.
    expect(checked).toBeGreaterThan(60);
  });
});
