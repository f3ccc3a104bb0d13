import { describe, expect, it } from 'vitest';
import { normaliseOpaBaseUrl, normaliseOpaToken } from './url.js';

describe('normaliseOpaBaseUrl', () => {
  it.each([
    ['https://suporte.provedor.com.br/atendente', 'https://suporte.provedor.com.br/api/v1'],
    ['suporte.provedor.com.br', 'https://suporte.provedor.com.br/api/v1'],
    ['  suporte.provedor.com.br/  ', 'https://suporte.provedor.com.br/api/v1'],
    ['https://suporte.provedor.com.br/', 'https://suporte.provedor.com.br/api/v1'],
    ['https://suporte.provedor.com.br/api/v1', 'https://suporte.provedor.com.br/api/v1'],
    ['https://suporte.provedor.com.br/api/v1/', 'https://suporte.provedor.com.br/api/v1'],
    ['https://suporte.provedor.com.br/api/v1/template/send', 'https://suporte.provedor.com.br/api/v1'],
    ['https://empresa.opasuite.com.br/#/chat?x=1', 'https://empresa.opasuite.com.br/api/v1'],
    ['http://10.0.0.5:8080/atendente/', 'http://10.0.0.5:8080/api/v1'],
    ['opa.provedor.net:4443', 'https://opa.provedor.net:4443/api/v1'],
    ['HTTPS://Opa.Provedor.com.br/API/V1', 'https://opa.provedor.com.br/API/V1'],
    ['http://localhost:8787', 'http://localhost:8787/api/v1'],
    ['http://opa', 'http://opa/api/v1'],
    ['https://suporte.provedor.com.br/api/v2/', 'https://suporte.provedor.com.br/api/v1'],
    ['https://suporte.provedor.com.br/opa/api/v1///', 'https://suporte.provedor.com.br/opa/api/v1'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseOpaBaseUrl(input)).toBe(expected);
  });

  it.each([
    ['', /Enter the address/],
    ['   ', /Enter the address/],
    ['ftp://suporte.provedor.com.br', /must start with https:\/\/ or http:\/\//],
    ['not a url', /is not a web address/],
    ['suporte', /is not a web address/],
    ['https://user:pass@suporte.provedor.com.br', /user name or password/],
    ['http://', /is not a web address/],
  ])('rejects %j', (input, message) => {
    expect(() => normaliseOpaBaseUrl(input)).toThrow(message);
  });
});

describe('normaliseOpaToken', () => {
  it.each([
    ['eyJhbGciOiJIUzI1NiJ9.e30.sig', 'eyJhbGciOiJIUzI1NiJ9.e30.sig'],
    ['Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig', 'eyJhbGciOiJIUzI1NiJ9.e30.sig'],
    ['  bearer   abc.def.ghi \n', 'abc.def.ghi'],
    ['Authorization: Bearer abc.def', 'abc.def'],
    ['abc.\ndef', 'abc.def'],
    ['   ', ''],
    ['Bearer  ', ''],
    ['BearerToken', 'BearerToken'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseOpaToken(input)).toBe(expected);
  });
});
