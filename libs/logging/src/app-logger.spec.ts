import { Writable } from 'node:stream';
import { createRootLogger, REDACTED_PATHS } from './app-logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createRootLogger(stream), lines: () => lines.map((line) => JSON.parse(line)) };
}

describe('log lines', () => {
  it('are one JSON object each, with time, level by name, app and message', () => {
    const { logger, lines } = capture();
    logger.child({ app: 'account-service' }).info({ logger: 'Commands' }, 'RegisterCustomer accepted 201 at version 1');
    expect(lines()).toEqual([
      {
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        level: 'info',
        app: 'account-service',
        logger: 'Commands',
        message: 'RegisterCustomer accepted 201 at version 1',
      },
    ]);
  });

  it('never carry a field value, a body or a credential, wherever a caller put them', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer secret-token', cookie: 'session=1', 'x-change-reason': 'Why' } },
        body: { billingProfile: { email: 'alex@contoso.com' } },
        payload: { companyProfile: { companyName: 'Contoso' } },
        command: { billingProfile: { email: 'alex@contoso.com' }, companyProfile: { companyName: 'Contoso' } },
        change: { oldValue: 'Redmond', newValue: 'Seattle' },
        nested: { envelope: { billingProfile: { email: 'alex@contoso.com' } } },
        value: 'a raw message',
      },
      'an error with everything attached',
    );
    const text = JSON.stringify(lines());
    for (const secret of ['secret-token', 'session=1', 'Why', 'alex@contoso.com', 'Contoso', 'Redmond', 'Seattle', 'a raw message'])
      expect({ secret, logged: text.includes(secret) }).toEqual({ secret, logged: false });
    expect(REDACTED_PATHS.length).toBeGreaterThan(0);
  });
});
