/**
 * COPY's CSV ends each record with LF and has no option for CRLF, which Avisa's CSV files (Brazilian Excel) use.
 * This turns the record ends of a CSV byte stream, chunk by chunk, into CRLF, leaving line breaks inside quoted
 * fields as they are: it follows the quotes across chunks (a doubled quote closes and reopens, which comes to the
 * same). Chunks are scanned with `indexOf`, so a chunk without quotes costs one native search per record.
 */

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** A converter for one stream: each call takes the next chunk and returns it with CRLF record ends. */
export function crlfRecords(): (chunk: Uint8Array) => Uint8Array {
  let quoted = false;
  return (chunk) => {
    const ends: number[] = [];
    let nextQuote = -2;
    let nextLf = -2;
    for (let pos = 0; pos < chunk.length; ) {
      if (quoted) {
        const close = chunk.indexOf(QUOTE, pos);
        if (close === -1) break;
        quoted = false;
        pos = close + 1;
        continue;
      }
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = chunk.indexOf(QUOTE, pos);
      if (nextLf !== -1 && nextLf < pos) nextLf = chunk.indexOf(LF, pos);
      if (nextLf !== -1 && (nextQuote === -1 || nextLf < nextQuote)) {
        ends.push(nextLf);
        pos = nextLf + 1;
      } else if (nextQuote !== -1) {
        quoted = true;
        pos = nextQuote + 1;
      } else break;
    }
    if (ends.length === 0) return chunk;
    const out = new Uint8Array(chunk.length + ends.length);
    let from = 0;
    let at = 0;
    for (const end of ends) {
      out.set(chunk.subarray(from, end), at);
      at += end - from;
      out[at++] = CR;
      out[at++] = LF;
      from = end + 1;
    }
    out.set(chunk.subarray(from), at);
    return out;
  };
}
