import { describe, expect, it } from 'vitest';
import { basicAuth, normaliseIxcUrl, parseIxcConfig, prepareSourceInput, splitIxcToken } from './config.js';

const HEX = '4dacdb8e47193e8cbbabe508c3c59b4547e463817b1d9b9a1d20ab4812fe1a62';

describe('IXC source settings', () => {
  it('normalises the address as pasted', () => {
    expect(normaliseIxcUrl('ixc.provedor.com.br')).toBe('https://ixc.provedor.com.br');
    expect(normaliseIxcUrl(' https://ixc.provedor.com.br/webservice/v1/cliente ')).toBe('https://ixc.provedor.com.br');
    expect(normaliseIxcUrl('http://10.0.0.5:8080/ixc/webservice/v1/')).toBe('http://10.0.0.5:8080/ixc');
    expect(() => normaliseIxcUrl('ftp://ixc')).toThrow(/https/);
    expect(() => normaliseIxcUrl('https://u:p@ixc.example')).toThrow(/user or password/);
  });

  it('applies defaults and names the field of a bad value', () => {
    expect(parseIxcConfig({ url: 'ixc.example.com', userId: 7 })).toEqual({
      url: 'https://ixc.example.com',
      userId: '7',
      insecureTls: false,
      timeoutSeconds: 60,
      pageSize: 1000,
      overlapSeconds: 120,
    });
    expect(() => parseIxcConfig({ url: 'ixc.example.com', userId: '7', pageSize: 5000 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION', field: 'config.pageSize' }),
    );
    expect(() => parseIxcConfig({ url: 'ixc.example.com', userId: 'maria' })).toThrow(expect.objectContaining({ field: 'config.userId' }));
    expect(() => parseIxcConfig({ url: 'x.example', userId: '1', colour: 'blue' })).toThrow(expect.objectContaining({ field: 'config' }));
  });

  it('splits a token pasted as IXC shows it (<id>:<hex>) and checks it against the user id', () => {
    expect(splitIxcToken(`6:${HEX}`)).toEqual({ userId: '6', token: HEX });
    expect(splitIxcToken(HEX, '6')).toEqual({ userId: '6', token: HEX });
    expect(() => splitIxcToken(`6:${HEX}`, '7')).toThrow(expect.objectContaining({ field: 'secret' }));
    expect(prepareSourceInput('ixc', { config: { url: 'x' }, secret: `6:${HEX}` })).toEqual({ config: { url: 'x', userId: '6' }, secret: HEX });
    expect(prepareSourceInput('radacct', { config: {}, secret: '6:abc' })).toEqual({ config: {}, secret: '6:abc' });
    expect(basicAuth('6', HEX)).toBe(`Basic ${Buffer.from(`6:${HEX}`).toString('base64')}`);
  });
});
