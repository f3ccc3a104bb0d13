import { describe, expect, it } from 'vitest';
import { fillPath, queryString } from './contract.js';

describe('contract paths', () => {
  it('fills path parameters, encoded, and says which one is missing', () => {
    expect(fillPath('/api/batches/:id/items', { id: 7 })).toBe('/api/batches/7/items');
    expect(fillPath('/api/x/:name', { name: 'a/b c' })).toBe('/api/x/a%2Fb%20c');
    expect(() => fillPath('/api/batches/:id', {})).toThrow(/path parameter id is missing/);
  });

  it('builds query strings: arrays repeat their key, empty values are left out', () => {
    expect(queryString({ channel: 'whatsapp', status: 'success', message: 'a b', page: 2, pageSize: 50 })).toBe(
      '?channel=whatsapp&status=success&message=a+b&page=2&pageSize=50',
    );
    expect(queryString({ nas: ['BRAS-1', 'BRAS 2'], empty: '', none: undefined })).toBe('?nas=BRAS-1&nas=BRAS+2');
    expect(queryString({})).toBe('');
  });
});
