/** A tiny, hand-written ISP for API and browser tests: 3 NAS, 6 clients, 7 logins (2 offline, 1 never seen). */
import type { Db } from '../db/database.js';
import { fillClientContacts } from '../ingest/derived.js';
import { cities, nas } from '../db/schema/lookups.js';
import { clients, contracts, logins } from '../db/schema/subscribers.js';

export async function seedSmallIsp(db: Db): Promise<void> {
  await db.insert(cities).values([
    { id: 1, name: 'Florianópolis', state: 'SC', nameSearch: 'florianopolis' },
    { id: 2, name: 'São José', state: 'SC', nameSearch: 'sao jose' },
  ]);
  await db.insert(nas).values([
    { id: 1, name: 'BRAS-CENTRO', ipAddress: '10.0.0.1' },
    { id: 2, name: 'BRAS-NORTE', ipAddress: '10.0.0.2' },
    { id: 3, name: 'BRAS-SUL', ipAddress: '10.0.0.3' },
  ]);
  const names = ['Ana Souza', 'Bruno Lima', 'Carla Dias', 'Diego Alves', 'Elisa Rocha', 'Fábio Nunes'];
  await db.insert(clients).values(
    names.map((name, i) => ({
      id: i + 1,
      name,
      nameSearch: name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase(),
      mobile: `(48) 9991${i}-000${i}`,
      cityId: (i % 2) + 1,
      neighbourhood: 'Centro',
    })),
  );
  await db.insert(contracts).values(names.map((_, i) => ({ id: i + 1, clientId: i + 1, status: 'A', accessStatus: 'A' })));
  const ended = new Date(Date.now() - 45 * 60_000);
  await db.insert(logins).values([
    { id: 1, login: 'ana.souza', clientId: 1, contractId: 1, online: 'S', nasId: 1 },
    { id: 2, login: 'bruno.lima', clientId: 2, contractId: 2, online: 'N', nasId: 1, sessionEndedAt: ended },
    { id: 3, login: 'carla.dias', clientId: 3, contractId: 3, online: 'N', nasId: 1, sessionEndedAt: ended },
    { id: 4, login: 'diego.alves', clientId: 4, contractId: 4, online: 'S', nasId: 2 },
    { id: 5, login: 'elisa.rocha', clientId: 5, contractId: 5, online: 'S', nasId: 3 },
    { id: 6, login: 'fabio.nunes', clientId: 6, contractId: 6, online: 'SS', nasId: 3 },
    { id: 7, login: 'fabio.nunes2', clientId: 6, contractId: 6, online: 'S', nasId: 2 },
  ]);
}

/** The small ISP with its clients' contact columns computed, as an import would leave them (sends need them). */
export async function seedSmallIspWithContacts(db: Db): Promise<void> {
  await seedSmallIsp(db);
  await fillClientContacts(db);
}
