import { Agent, request } from 'node:http';

/** Sockets kept open between requests, enough for the bench's concurrency. */
const agent = new Agent({ keepAlive: true, maxSockets: 128 });

/** Requests sent again after the race below, counted so that a run can report them. */
export const resent = { afterIdleSocketReset: 0 };

/**
 * The bench's HTTP client: node:http over kept-alive sockets. It shares the machine's two
 * cores with what it measures, and `fetch` (WHATWG streams over undici) cost more CPU a
 * request than half of what the service spends answering one.
 */
export function httpSend(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed as idle just as this request went out on it: the
      // server read nothing, so the request goes again on a new socket (Node's documented race).
      if (outgoing.reusedSocket && error.code === 'ECONNRESET') {
        resent.afterIdleSocketReset += 1;
        httpSend(url, method, headers, body).then(resolve, reject);
      } else reject(error);
    });
    outgoing.end(body);
  });
}
