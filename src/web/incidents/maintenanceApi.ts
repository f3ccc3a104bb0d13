/** Calls of Manutenções programadas and their query keys. */
import { avisa } from '../client.js';
import type { MaintenanceBody } from './types.js';

export const maintenanceApi = {
  list: (query: { open?: 'true' | 'false'; page: number; pageSize: number }) => avisa.maintenance.list({ query }),
  get: (id: number) => avisa.maintenance.get({ params: { id } }).then((r) => r.maintenance),
  create: (body: MaintenanceBody) => avisa.maintenance.create({ body }).then((r) => r.maintenance),
  cancel: (id: number, notify: boolean) => avisa.maintenance.cancel({ params: { id }, body: { notify } }),
};

export const maintenanceKeys = {
  all: ['maintenance'] as const,
  list: (page: number) => ['maintenance', 'list', page] as const,
  one: (id: number) => ['maintenance', id] as const,
};
