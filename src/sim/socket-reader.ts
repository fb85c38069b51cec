// Pulls exact byte counts and lines out of a socket, for the simulator's small IPC protocol.
import type { Socket } from 'node:net';

// Buffers a socket's data so a protocol can await "16 bytes" or "one line"; null means the peer went away.
export class SocketReader {
  #buffer = Buffer.alloc(0);
  #ended = false;
  #wake: (() => void) | null = null;

  constructor(socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#notify();
    });
    const end = (): void => {
      this.#ended = true;
      this.#notify();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }

  // Resolves with exactly `count` bytes, or null if the connection ends first.
  async readBytes(count: number): Promise<Buffer | null> {
    while (this.#buffer.length < count) {
      if (this.#ended) return null;
      await this.#waitForData();
    }
    const bytes = this.#buffer.subarray(0, count);
    this.#buffer = this.#buffer.subarray(count);
    return bytes;
  }

  // Resolves with the next line without its newline, or null if the connection ends or the line is too long.
  async readLine(maxBytes: number): Promise<string | null> {
    for (;;) {
      const newline = this.#buffer.indexOf(10);
      if (newline >= 0 && newline <= maxBytes) {
        const line = this.#buffer.subarray(0, newline).toString('utf8');
        this.#buffer = this.#buffer.subarray(newline + 1);
        return line;
      }
      if (newline > maxBytes || this.#buffer.length > maxBytes || this.#ended) return null;
      await this.#waitForData();
    }
  }

  #waitForData(): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}
