/**
 * The load bench's NAS, in a worker thread (load-radius.ts): encodes the plan, says `encoded`, and on `start`
 * offers the packets open loop at the plan's rate — never waiting for answers, never retransmitting — then
 * waits up to `graceSeconds` for the last answers. An answer counts when its Response Authenticator matches one of
 * the last `RING` packets sent on that port with that Identifier (an answer later than RING reuses of its slot is
 * not matched, and its packet counts as unanswered).
 */
import { createHash } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { planRadius, type RadiusLoadJob, type RadiusLoadResult } from './load-radius.js';

const job = workerData as RadiusLoadJob;
const t0 = performance.now();
const plan = planRadius(job);
const encodeSeconds = (performance.now() - t0) / 1000;
const total = plan.offsets.length - 1;
const secret = Buffer.from(job.secret);
/** Packets remembered per port and Identifier. */
const RING = 4;

async function run(): Promise<RadiusLoadResult> {
  const sockets: Socket[] = [];
  /** The last RING packets sent on each port and Identifier, unanswered (-1: none). */
  const inFlight = new Int32Array(plan.sockets * 256 * RING).fill(-1);
  const uses = new Uint32Array(plan.sockets * 256);
  const sentAt = new Float64Array(total);
  const answerMs: number[] = [];
  let answered = 0;
  let lastAnswer = 0;
  let allAnswered: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allAnswered = resolve;
  });
  let finishedSending = false;
  for (let s = 0; s < plan.sockets; s++) {
    const socket = createSocket({ type: 'udp4', recvBufferSize: 1 << 20 });
    socket.on('message', (msg) => {
      if (msg.length < 20 || msg[0] !== 5) return;
      const slot = (s * 256 + msg[1]!) * RING;
      const check = Buffer.from(msg);
      let i = -1;
      for (let k = 0; k < RING && i < 0; k++) {
        const candidate = inFlight[slot + k]!;
        if (candidate < 0) continue;
        plan.packets.copy(check, 4, plan.offsets[candidate]! + 4, plan.offsets[candidate]! + 20);
        if (createHash('md5').update(check).update(secret).digest().equals(msg.subarray(4, 20))) {
          i = candidate;
          inFlight[slot + k] = -1;
        }
      }
      if (i < 0) return;
      lastAnswer = performance.now();
      answerMs.push(lastAnswer - sentAt[i]!);
      if (++answered === total && finishedSending) allAnswered();
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    sockets.push(socket);
  }
  const start = performance.now();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * job.rate) + 1);
      for (; next < due; next++) {
        const s = plan.socketOf[next]!;
        const slot = s * 256 + plan.idOf[next]!;
        inFlight[slot * RING + (uses[slot]! % RING)] = next;
        uses[slot] = uses[slot]! + 1;
        sentAt[next] = performance.now();
        sockets[s]!.send(plan.packets, plan.offsets[next]!, plan.offsets[next + 1]! - plan.offsets[next]!, job.port, '127.0.0.1');
      }
      if (next < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  const lastSent = performance.now();
  finishedSending = true;
  if (answered < total) await Promise.race([done, new Promise((r) => setTimeout(r, job.graceSeconds * 1000))]);
  for (const socket of sockets) socket.close();
  return {
    offered: total,
    sendSeconds: (lastSent - start) / 1000,
    answered,
    answerMs,
    lagMs: answered === total ? Math.max(0, lastAnswer - lastSent) : null,
    counts: plan.counts,
    encodeSeconds,
  };
}

parentPort!.postMessage({ encoded: encodeSeconds });
parentPort!.once('message', () => {
  void run().then((result) => parentPort!.postMessage({ result }));
});
