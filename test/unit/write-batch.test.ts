// Frames written to one socket in one turn of the event loop leave in one write (write-batch.ts),
// checked on a real loopback TCP connection by counting the socket's calls down to the system.
import { once } from 'node:events';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { batchWrites } from '../../server/signaling/write-batch.js';

let server: Server | undefined;
afterEach(() => server?.close());

/** A connected pair on loopback, and a counter of the writing side's system-level writes. */
async function pair(): Promise<{ writer: Socket; reader: Socket; writes: () => number[] }> {
  server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const writer = connect(port, '127.0.0.1');
  await once(writer, 'connect');
  const [reader] = await accepted;
  // Each entry: how many chunks one call handed to the operating system.
  const calls: number[] = [];
  const internal = writer as unknown as {
    _write: (chunk: unknown, enc: string, cb: () => void) => void;
    _writev: (chunks: unknown[], cb: () => void) => void;
  };
  const write = internal._write.bind(writer);
  const writev = internal._writev.bind(writer);
  internal._write = (chunk, enc, cb) => {
    calls.push(1);
    write(chunk, enc, cb);
  };
  internal._writev = (chunks, cb) => {
    calls.push(chunks.length);
    writev(chunks, cb);
  };
  return { writer, reader, writes: () => calls };
}

const received = async (reader: Socket, bytes: number): Promise<string> => {
  let got = '';
  for await (const chunk of reader) {
    got += String(chunk);
    if (got.length >= bytes) return got;
  }
  return got;
};

describe('batchWrites', () => {
  it('sends the writes of one turn in one call, in order, once the turn is over', async () => {
    const { writer, reader, writes } = await pair();
    for (const frame of ['welcome;', 'roster;', 'notice;']) {
      batchWrites(writer);
      writer.write(frame);
    }
    expect(writes()).toEqual([]);
    expect(await received(reader, 'welcome;roster;notice;'.length)).toBe('welcome;roster;notice;');
    expect(writes()).toEqual([3]);
    writer.destroy();
    reader.destroy();
  });

  it('each turn has its batch: a later turn writes again', async () => {
    const { writer, reader, writes } = await pair();
    batchWrites(writer);
    writer.write('a');
    await new Promise((resolve) => setImmediate(resolve));
    batchWrites(writer);
    writer.write('b');
    batchWrites(writer);
    writer.write('c');
    expect(await received(reader, 3)).toBe('abc');
    expect(writes()).toEqual([1, 2]);
    writer.destroy();
    reader.destroy();
  });
});
