import { describe, expect, it } from 'vitest';
import { canonicalJson, jsonParts } from './bulk';

describe('jsonParts', () => {
  it('keeps every row, in order, in parts under the byte limit', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ i, pad: 'x'.repeat(10) }));
    const size = JSON.stringify(rows[0]).length + 1;
    const parts = jsonParts(rows, size * 3);
    expect(parts.map((p) => p.length)).toEqual([3, 3, 3, 1]);
    expect(parts.flat()).toEqual(rows);
  });

  it('gives a row larger than the limit a part of its own', () => {
    expect(jsonParts([{ a: 'long text' }, { b: 1 }], 5).map((p) => p.length)).toEqual([1, 1]);
    expect(jsonParts([])).toEqual([]);
  });
});

describe('canonicalJson', () => {
  it('is the same for objects that differ only in key order, and skips undefined', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: null }], u: undefined })).toBe('{"a":[{"x":null,"y":2}],"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
});
