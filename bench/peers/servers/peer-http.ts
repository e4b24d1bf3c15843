import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** What a peer does with the bench's two commands; each resolves with the stream's new version. */
export interface PeerCommands {
  register(customerId: string, body: { companyProfile: object; billingProfile: object }): Promise<number>;
  updateCompanyName(customerId: string, companyName: string): Promise<number>;
}

/**
 * The bench's two routes over a peer library, on node:http as the raw chains are: the same
 * requests, the same answers, in a process of its own; a refused command is a 409.
 */
export async function servePeer(commands: PeerCommands): Promise<void> {
  const server = createServer((request, response) => void answer(commands, request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // The line the bench reads, as it reads the apps'.
  console.log(`HTTP on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

async function answer(commands: PeerCommands, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const reply = (status: number, body: unknown) => {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  try {
    const url = request.url ?? '';
    const update = /^\/customers\/([^/]+)\/company-profile$/.exec(url);
    if (request.method === 'GET' && url === '/health/ready') return reply(200, { status: 'ready' });
    if (request.method === 'POST' && url === '/customers') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      return reply(201, { version: await commands.register(body.customerId, body) });
    }
    if (request.method === 'PATCH' && update) {
      const { companyName } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { companyName: string };
      return reply(200, { version: await commands.updateCompanyName(update[1], companyName) });
    }
    reply(404, { status: 404 });
  } catch (error) {
    reply(409, { status: 409, detail: (error as Error).message });
  }
}
