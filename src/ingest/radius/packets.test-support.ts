/**
 * Test and bench helpers: Accounting-Requests built by the `radius` npm package (an encoder independent of
 * wire.ts), raw packets signed by hand (for malformed ones a NAS could still sign), and a UDP client.
 */
import { createHash } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import radius from 'radius';

export type Attributes = [string, string | number | Date | Buffer][];

export function accountingRequest(secret: string, identifier: number, attributes: Attributes): Buffer {
  return radius.encode({ code: 'Accounting-Request', secret, identifier, attributes });
}

/** Writes Length and the Request Authenticator (RFC 2866) into a hand-built packet, whatever its attributes. */
function signRaw(packet: Buffer, secret: string): Buffer {
  const out = Buffer.from(packet);
  out.writeUInt16BE(out.length, 2);
  out.fill(0, 4, 20);
  createHash('md5').update(out).update(secret).digest().copy(out, 4);
  return out;
}

/** A raw packet: header (code 4) plus attributes given as [type, value octets]. */
export function rawRequest(identifier: number, attributes: [number, Buffer][], secret: string): Buffer {
  const parts: Buffer[] = [Buffer.from([4, identifier, 0, 0]), Buffer.alloc(16)];
  for (const [type, value] of attributes) parts.push(Buffer.from([type, value.length + 2]), value);
  return signRaw(Buffer.concat(parts), secret);
}

export const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

export function verifyResponse(request: Buffer, response: Buffer, secret: string): boolean {
  return radius.verify_response({ request, response: Buffer.from(response), secret });
}

export interface UdpClient {
  /** Sends and waits for the answer with the same Identifier, or `null` after `timeoutMs`. */
  exchange(packet: Buffer, timeoutMs?: number): Promise<Buffer | null>;
  send(packet: Buffer): void;
  close(): Promise<void>;
}

export async function udpClient(port: number, host = '127.0.0.1'): Promise<UdpClient> {
  const socket: Socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const waiting = new Map<number, (b: Buffer) => void>();
  socket.on('message', (msg) => {
    const id = msg[1];
    if (id === undefined) return;
    waiting.get(id)?.(msg);
    waiting.delete(id);
  });
  return {
    send: (packet) => socket.send(packet, port, host),
    exchange(packet, timeoutMs = 2000) {
      return new Promise((resolve) => {
        const id = packet[1]!;
        const timer = setTimeout(() => {
          waiting.delete(id);
          resolve(null);
        }, timeoutMs);
        waiting.set(id, (msg) => {
          clearTimeout(timer);
          resolve(msg);
        });
        socket.send(packet, port, host);
      });
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
