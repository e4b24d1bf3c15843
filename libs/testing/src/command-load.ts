import { randomUUID } from 'node:crypto';
import { billingProfile, identityHeaders, registerBody } from './fixtures';

export interface LoadReport {
  accepted: number;
  /** Attempts that failed (server down, 5xx) and were retried with the same request id. */
  retries: number;
}

/**
 * Sends commands over HTTP the way a careful upstream system does: each with its own
 * MS-RequestId, retried with the same id until the service acknowledges it, so that an
 * outage may delay a command but never lose or double it.
 */
export class CommandLoad {
  readonly report: LoadReport = { accepted: 0, retries: 0 };

  constructor(private readonly baseUrl: string) {}

  register(customerId: string): Promise<void> {
    return this.send('POST', '/customers', registerBody(customerId), {});
  }

  /** A billing change that applies to whatever version is current. */
  update(customerId: string, n: number): Promise<void> {
    const body = {
      billingProfile: { firstName: `Name${n}`, defaultAddress: { ...billingProfile().defaultAddress, addressLine2: `Suite ${n}` } },
    };
    return this.send('PATCH', `/customers/${customerId}`, body, { 'If-Match': '*' });
  }

  /** Runs `work` for every item with `concurrency` workers; the first failure stops them all. */
  static async inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    let failed = false;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        try {
          while (!failed && next < items.length) await work(items[next++]);
        } catch (error) {
          failed = true;
          throw error;
        }
      }),
    );
  }

  private async send(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<void> {
    const requestId = randomUUID();
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const response = await fetch(`${this.baseUrl}${path}`, {
          method,
          headers: { ...identityHeaders(), ...headers, 'Content-Type': 'application/json', 'MS-RequestId': requestId },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        if (response.status < 500) {
          if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
          this.report.accepted += 1;
          return;
        }
      } catch (error) {
        if ((error as Error).message.includes('answered')) throw error;
      }
      if (Date.now() > deadline) throw new Error(`${method} ${path} was not acknowledged within 60 s`);
      this.report.retries += 1;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
