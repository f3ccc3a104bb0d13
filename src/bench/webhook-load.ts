/**
 * The load side of the webhook bench, in its own thread (so the server's event loop is not the client's): posts
 * signed Cloud API status callbacks — three per message (sent, delivered, read), each its own request as Meta
 * sends them — at a target rate over keep-alive connections, and reports each request's acknowledgement time.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'undici';
import { signPayload } from '../providers/cloudapi/signature.js';

interface Job {
  url: string;
  appSecret: string;
  phoneNumberId: string;
  wamids: string[];
  /** Callbacks per second. */
  rate: number;
  connections: number;
  /** Messages whose callbacks are offered first, the same way, not counted. */
  warmupWamids: string[];
}

const job = workerData as Job;

function payload(wamid: string, status: string, ts: number): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '554830000000', phone_number_id: job.phoneNumberId }, statuses: [{ id: wamid, status, timestamp: String(ts), recipient_id: '5548999000000' }] } }] }],
  });
}

async function run(): Promise<void> {
  const origin = new URL(job.url);
  const pool = new Pool(origin.origin, { connections: job.connections, pipelining: 1 });
  const now = Math.floor(Date.now() / 1000);
  // three callbacks per message, read before delivered for a third of them: the order Meta does not promise
  const callbacks = (wamids: string[]) =>
    wamids.flatMap((w, i) => {
      const order = i % 3 === 0 ? ['sent', 'read', 'delivered'] : ['sent', 'delivered', 'read'];
      return order.map((status) => payload(w, status, now + order.indexOf(status)));
    });
  const bodies = callbacks(job.wamids);
  const latencies: number[] = [];
  /** When each request left, in ms from the start (to see where the slow ones are). */
  const startedAt: number[] = [];
  let errors = 0;
  /** Offers `list` open-loop at the target rate (request i leaves at i / rate s, however slow the answers). */
  const offer = async (list: string[], record: boolean) => {
    const started = performance.now();
    const inFlight = new Set<Promise<void>>();
    const send = async (body: string) => {
      const t0 = performance.now();
      let ok = false;
      try {
        const res = await pool.request({ path: origin.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signPayload(body, job.appSecret) }, body });
        await res.body.arrayBuffer();
        ok = res.statusCode === 200;
      } catch {
        ok = false;
      }
      if (!record) return;
      if (!ok) errors++;
      latencies.push(performance.now() - t0);
      startedAt.push(t0 - started);
    };
    let next = 0;
    while (next < list.length) {
      const due = Math.floor(((performance.now() - started) / 1000) * job.rate) + 1;
      while (next < Math.min(due, list.length)) {
        const p: Promise<void> = send(list[next++]!).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    await Promise.all(inFlight);
    return (performance.now() - started) / 1000;
  };
  // A server that has been running (its hot path compiled by the JIT, its connections open, its caches filled):
  // the same traffic at the same rate first, for messages of their own, not counted.
  await offer(callbacks(job.warmupWamids), false);
  const seconds = await offer(bodies, true);
  await pool.close();
  parentPort!.postMessage({ sent: bodies.length, seconds, errors, latencies, startedAt });
}

void run();
