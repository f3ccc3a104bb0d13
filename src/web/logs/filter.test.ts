import { describe, expect, it } from 'vitest';
import { emptyLogForm, toLogFilter } from './filter.js';

describe('logs filter', () => {
  it('keeps the channel of the tab and only what was typed', () => {
    expect(toLogFilter(emptyLogForm, 'sms')).toEqual({ ok: true, filter: { channel: 'sms' } });
    const result = toLogFilter(
      { ...emptyLogForm, id: ' 12 ', clientId: '7', contact: ' (11) 98765-4321 ', status: 'failure', message: ' atendimento ', batchId: '3' },
      'whatsapp',
    );
    expect(result).toEqual({
      ok: true,
      filter: {
        channel: 'whatsapp',
        id: 12,
        clientId: 7,
        batchId: 3,
        contact: '(11) 98765-4321',
        message: 'atendimento',
        status: 'failure',
      },
    });
  });

  it('sends Data envio in the installation zone, the end minute included', () => {
    const result = toLogFilter({ ...emptyLogForm, from: '2025-01-15T08:00', to: '2025-01-15T09:30' }, 'email');
    expect(result).toEqual({
      ok: true,
      filter: { channel: 'email', from: '2025-01-15T08:00:00-03:00', to: '2025-01-15T09:30:59.999-03:00' },
    });
  });

  it('names the wrong fields', () => {
    const result = toLogFilter(
      { ...emptyLogForm, id: 'abc', clientId: '0', from: '2025-01-15T10:00', to: '2025-01-15T09:00' },
      'sms',
    );
    expect(result).toEqual({ ok: false, errors: { id: 'number', clientId: 'number', to: 'range' } });
  });

});
