// Test listeners on loopback: a squatter on a port, closed again by the test.
import { createServer, type Server } from 'node:net';

// Listens on 127.0.0.1:port (0 = any free port) and resolves once bound.
export function listen(
  port = 0,
  host = '127.0.0.1',
): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      resolve({ server, port: bound, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
