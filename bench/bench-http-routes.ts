import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** What a target behind the bench's routes does with its commands; each resolves with the stream's new version. */
export interface BenchCommands {
  register(customerId: string, body: { companyProfile: object; billingProfile: object }): Promise<number>;
  updateCompanyName(customerId: string, companyName: string): Promise<number>;
  /** GET /pipeline/lag, in the service's shape, where the target has an outbox and a projector. */
  lag?(): Promise<object>;
}

/**
 * The service's routes the bench sends to (registration, the company-name update, readiness and
 * the lag report) on node:http, for the raw chains and the peers: the same requests and answers,
 * no framework. A command that throws is answered 409, with why.
 */
export async function serveBenchRoutes(commands: BenchCommands): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => void answer(commands, request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function answer(commands: BenchCommands, request: IncomingMessage, response: ServerResponse): Promise<void> {
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
    if (request.method === 'GET' && url === '/pipeline/lag' && commands.lag) return reply(200, await commands.lag());
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
