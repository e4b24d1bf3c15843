import { eventually, httpClient, newCustomerId, registerBody } from '@app/testing';
import { RunningSystem, startSystem } from './support';
import { connect, Socket } from 'node:net';

const SLOTS = 4;
const REQUEST_TIMEOUT_MS = 1_000;

/** A client that sends a command's headers and a first few bytes of its body, then nothing. */
function trickling(baseUrl: string): { socket: Socket; answer: () => string; closed: Promise<void> } {
  const { hostname, port } = new URL(baseUrl);
  let received = '';
  const socket = connect(Number(port), hostname, () => {
    socket.write(
      `POST /customers HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"customerId": "`,
    );
  });
  socket.on('data', (chunk) => (received += chunk.toString()));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => undefined);
  return { socket, answer: () => received.split('\r\n')[0], closed };
}

// Admission counts a command from its headers on, before its body and token are read: a
// client that never finishes its body must not hold that slot for long.
describe('slow clients and command slots, on the real servers', () => {
  let system: RunningSystem;
  const settings = {
    MAX_HTTP_COMMANDS_IN_FLIGHT: String(SLOTS),
    HTTP_HEADERS_TIMEOUT_MS: '500',
    HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
  };
  beforeAll(async () => {
    Object.assign(process.env, settings);
    system = await startSystem();
  });
  afterAll(async () => {
    for (const name of Object.keys(settings)) delete process.env[name];
    await system?.stop();
  });

  it('cuts off clients that trickle their bodies in, after which real writes are taken again', async () => {
    const request = httpClient(system.baseUrl);
    const slow = Array.from({ length: SLOTS * 2 }, () => trickling(system.baseUrl));
    // While they hold every slot, a real write is turned away: the attack works, for a moment.
    const during = await eventually(async () => {
      const response = await request('POST', '/customers', { body: registerBody(newCustomerId()) });
      expect(response.status).toBe(503);
      return response;
    });
    expect(during.body).toMatchObject({ status: 503 });

    const started = Date.now();
    await Promise.all(slow.map(({ closed }) => closed));
    expect(Date.now() - started).toBeLessThan(REQUEST_TIMEOUT_MS + 2_000);
    // Those that got a slot were cut off; the rest were turned away at once.
    expect(slow.map(({ answer }) => answer()).sort()).toEqual([
      ...Array(SLOTS).fill('HTTP/1.1 408 Request Timeout'),
      ...Array(SLOTS).fill('HTTP/1.1 503 Service Unavailable'),
    ]);
    expect((await request('POST', '/customers', { body: registerBody(newCustomerId()) })).status).toBe(201);
  });
});
