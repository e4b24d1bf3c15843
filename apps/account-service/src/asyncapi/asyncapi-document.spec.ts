import { Parser } from '@asyncapi/parser';
import { topicsFor } from '@app/messaging';
import { ASYNCAPI_DOCUMENT } from './asyncapi-document';

// The AsyncAPI description as AsyncAPI's own parser reads it: valid 3.0, every reference
// resolving, every channel and message where the service's topics are.
describe('the AsyncAPI document', () => {
  it('is valid AsyncAPI 3.0 to the official parser, with no error and every topic described', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(ASYNCAPI_DOCUMENT));
    // Severity 0 is an error; warnings and hints (style advice) are not a broken document.
    expect(
      diagnostics
        .filter((diagnostic) => diagnostic.severity === 0)
        .map((diagnostic) => `${diagnostic.path.join('.')}: ${diagnostic.message}`),
    ).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    expect(
      document
        ?.channels()
        .all()
        .map((channel) => channel.id())
        .sort(),
    ).toEqual(Object.keys(topicsFor('any')).sort());
    const results = document?.channels().get('commandResults');
    expect(
      results
        ?.messages()
        .all()
        .map((message) => message.id())
        .sort(),
    ).toEqual(['accepted', 'rejected']);
  });

  it('would be refused if broken: a reference to a schema that is not there is an error', async () => {
    const broken = structuredClone(ASYNCAPI_DOCUMENT) as { channels: { commands: { messages: { command: { payload: unknown } } } } };
    broken.channels.commands.messages.command.payload = { $ref: '#/components/schemas/NoSuchSchema' };
    const { diagnostics } = await new Parser().parse(JSON.stringify(broken));
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 0).length).toBeGreaterThan(0);
  });
});
