/** Uploading a file to a real Avisa server as a stream of chunks (node:http, chunked unless a length is given). */
import { request } from 'node:http';

export interface UploadAnswer {
  status: number;
  body: { job?: { id: number; status: string; read: number } & Record<string, unknown>; error?: { code: string; message: string; field?: string } };
}

/** POSTs `chunks` (written as they come; an async source may pause between them) and parses the JSON answer. */
export function upload(
  url: string,
  headers: Record<string, string>,
  chunks: Iterable<Buffer | string> | AsyncIterable<Buffer | string>,
): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as UploadAnswer['body']) : {} }));
    });
    req.on('error', reject);
    void (async () => {
      try {
        for await (const chunk of chunks) {
          if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
        }
        req.end();
      } catch (err) {
        req.destroy(err as Error);
      }
    })();
  });
}
