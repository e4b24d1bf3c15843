import {
  COMMAND_TYPES,
  CURRENT_EVENT_SCHEMA_VERSION,
  EVENT_TYPES,
  ID_PATTERN,
  LEGACY_OPERATION_TYPES,
  MAX_REASON_LENGTH,
  OPERATION_TYPES,
} from '@app/domain';
import OPENAPI_DOCUMENT from '../openapi/openapi.json';

/**
 * The Kafka side as AsyncAPI 3.0, served at GET /asyncapi.json: the topics, the command
 * envelope upstream systems publish and everything the service publishes. Payload schemas
 * are the HTTP API's (one description of a billing profile, not two).
 * test/asyncapi.e2e-spec.ts validates real messages from the topics against it.
 */
type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const ID = { type: 'string', pattern: ID_PATTERN };
const GUID = { type: 'string', format: 'uuid' };
const ISO = { type: 'string', format: 'date-time' };
/**
 * OpenAPI 3.0's `nullable` as JSON Schema says it (a null type beside the other), since
 * AsyncAPI's default schema format is JSON Schema and would otherwise refuse a merge patch's null.
 */
function asJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asJsonSchema);
  if (value === null || typeof value !== 'object') return value;
  const { nullable, ...schema } = Object.fromEntries(Object.entries(value).map(([key, child]) => [key, asJsonSchema(child)])) as Schema;
  if (nullable !== true) return schema;
  if (schema.allOf) {
    const { allOf, type: _type, ...rest } = schema;
    return { ...rest, oneOf: [...(allOf as Schema[]), { type: 'null' }] };
  }
  return { ...schema, type: [schema.type, 'null'] };
}

// Problem details are HTTP's alone: a rejected command's result carries its own shape.
const { Problem: _problem, ...httpSchemas } = asJsonSchema(OPENAPI_DOCUMENT.components.schemas) as Record<string, Schema>;

const schemas: Record<string, Schema> = {
  ...httpSchemas,
  CommandEnvelope: {
    type: 'object',
    additionalProperties: false,
    required: ['commandId', 'type', 'customerId'],
    properties: {
      commandId: { ...ID, description: 'Idempotency key: a redelivered command gets the first result' },
      type: { enum: [...COMMAND_TYPES] },
      customerId: GUID,
      expectedVersion: { type: 'integer', minimum: 0, description: 'Applies only if the account is still at this version' },
      correlationId: ID,
      reason: {
        type: 'string',
        maxLength: MAX_REASON_LENGTH,
        description:
          'Why the change is made: plain text on one line, recorded on the events. Required for the command types in REASON_REQUIRED_FOR (rejected 400, code 800420, without one)',
      },
      payload: {
        description:
          'RegisterCustomer: {companyProfile, billingProfile}; UpdateCustomerDetails: UpdateCustomerDetailsRequest (merge patches); Grant/RevokePurchasePermission: {resource}; SetPurchasePermissions: {permissions: [{action, resource}]}, the whole list; ForgetCustomerPersonalData, PlaceLegalHold, ReleaseLegalHold: none (a hold needs a reason)',
        oneOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['companyProfile', 'billingProfile'],
            properties: { companyProfile: ref('CompanyProfile'), billingProfile: ref('BillingProfile') },
          },
          ref('UpdateCustomerDetailsRequest'),
          {
            type: 'object',
            additionalProperties: false,
            required: ['resource'],
            properties: { resource: { enum: ['AzureReservedInstances', 'AzureSavingsPlan'] } },
          },
          { type: 'object', additionalProperties: false, maxProperties: 0 },
        ],
      },
    },
  },
  AcceptedResult: {
    type: 'object',
    additionalProperties: false,
    required: ['commandId', 'customerId', 'partnerId', 'commandType', 'outcome', 'status', 'version', 'events'],
    properties: {
      commandId: { type: 'string' },
      customerId: { type: 'string' },
      partnerId: { ...GUID, description: "The sender's partner, from its token; also the partner-id header" },
      commandType: { enum: [...COMMAND_TYPES] },
      outcome: { const: 'accepted' },
      status: { enum: [200, 201] },
      version: { type: 'integer', minimum: 0 },
      events: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['eventId', 'type', 'version'],
          properties: { eventId: { type: 'string' }, type: { type: 'string' }, version: { type: 'integer' } },
        },
      },
    },
  },
  RejectedResult: {
    type: 'object',
    additionalProperties: false,
    required: ['commandId', 'customerId', 'partnerId', 'commandType', 'outcome', 'type', 'title', 'status', 'code', 'detail', 'errors'],
    description: 'The same problem details (status and Partner Center code) as the HTTP answer',
    properties: {
      commandId: { type: 'string' },
      customerId: { type: 'string', description: 'Empty when the message named none' },
      partnerId: { ...GUID, description: "The sender's partner, from its token; also the partner-id header" },
      commandType: { type: 'string' },
      outcome: { const: 'rejected' },
      type: { type: 'string' },
      title: { type: 'string' },
      status: { enum: [400, 403, 404, 409, 412, 500] },
      code: { type: 'integer' },
      detail: { type: 'string', maxLength: 1024 },
      errors: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['field', 'reason', 'code'],
          properties: { field: { type: 'string' }, reason: { type: 'string' }, code: { type: 'integer' } },
        },
      },
    },
  },
  CommandDeadLetter: {
    type: 'object',
    additionalProperties: false,
    required: ['reason', 'code', 'source', 'key', 'valueSha256', 'valueBytes', 'deadLetteredAt'],
    description: 'What was set aside and why, never the value: commands carry personal data, and dead letters outlive a forget',
    properties: {
      reason: { type: 'string' },
      code: { type: 'integer' },
      source: {
        type: 'object',
        required: ['topic', 'partition', 'offset'],
        properties: {
          topic: { type: 'string' },
          partition: { type: 'integer' },
          offset: { type: 'string' },
          timestamp: { type: 'string' },
        },
      },
      key: { type: ['string', 'null'] },
      commandId: { type: 'string', description: 'When the message was a JSON object naming one' },
      type: { type: 'string' },
      customerId: { type: 'string' },
      valueSha256: {
        type: 'string',
        pattern: '^[0-9a-f]{64}$',
        description: "SHA-256 of the message's bytes: the sender finds which of its messages it was",
      },
      valueBytes: { type: 'integer', minimum: 0 },
      deadLetteredAt: ISO,
    },
  },
  SealedValue: {
    type: 'object',
    additionalProperties: false,
    required: ['sealedWith', 'ciphertext'],
    description:
      "A personal value encrypted with the customer's key (AES-256-GCM); unreadable for good once the customer's personal data is forgotten",
    properties: { sealedWith: { type: 'string' }, ciphertext: { type: 'string', contentEncoding: 'base64' } },
  },
  Event: {
    type: 'object',
    additionalProperties: false,
    required: [
      'eventId',
      'customerId',
      'partnerId',
      'version',
      'type',
      'schemaVersion',
      'operationType',
      'occurredAt',
      'actor',
      'correlationId',
      'causationId',
      'data',
      'previousHash',
      'hash',
    ],
    properties: {
      eventId: GUID,
      customerId: GUID,
      partnerId: GUID,
      version: {
        type: 'integer',
        minimum: 1,
        description: 'Position in the customer’s stream; the topic is keyed by customer, so versions arrive in order',
      },
      type: { enum: [...EVENT_TYPES] },
      schemaVersion: {
        type: 'integer',
        maximum: CURRENT_EVENT_SCHEMA_VERSION,
        description: 'Consumers upcast older versions and refuse newer ones',
      },
      operationType: {
        enum: [...OPERATION_TYPES, ...Object.keys(LEGACY_OPERATION_TYPES)],
        description: 'Partner Center’s activity-log name; events of schema version 2 and older may carry a legacy name',
      },
      occurredAt: ISO,
      actor: {
        type: 'object',
        additionalProperties: false,
        required: ['userPrincipalName', 'applicationId', 'partnerId'],
        properties: { userPrincipalName: { type: 'string' }, applicationId: { type: 'string' }, partnerId: GUID },
      },
      correlationId: { type: 'string' },
      causationId: { type: 'string', description: 'The command id' },
      reason: { type: 'string', description: 'The reason for change the command gave, if any' },
      trace: {
        type: 'object',
        additionalProperties: false,
        required: ['traceparent'],
        description: 'The W3C trace context of the request or message that caused it (also in the traceparent and tracestate headers)',
        properties: { traceparent: { type: 'string' }, tracestate: { type: 'string' } },
      },
      data: {
        type: 'object',
        description:
          'CustomerRegistered: {customerId, partnerId, companyProfile, billingProfile}; profile updates: {changes: [{field, oldValue?, newValue?}]}; permissions: {resource, action}; CustomerPersonalDataForgotten: {fields}. Personal values are SealedValue objects.',
      },
      previousHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      hash: {
        type: 'string',
        pattern: '^[0-9a-f]{64}$',
        description: 'SHA-256 of previousHash and the event’s canonical JSON: the stream’s hash chain',
      },
    },
  },
  SignedDigest: {
    type: 'object',
    required: ['format', 'partnerId', 'sequence', 'issuedAt', 'previousDigestHash', 'heads', 'keyId', 'digestHash', 'signature'],
    description:
      "One partner's stream heads that changed since its previous digest, signed with Ed25519 over the canonical JSON of every field but digestHash and signature (docs/audit.md)",
    properties: {
      format: { const: 'customer-account-digest/1' },
      partnerId: GUID,
      sequence: { type: 'integer', minimum: 1, description: '1, 2, 3… per partner: a gap is a deleted digest' },
      issuedAt: ISO,
      previousDigestHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      heads: {
        type: 'array',
        items: {
          type: 'object',
          required: ['customerId', 'version', 'hash'],
          properties: { customerId: GUID, version: { type: 'integer', minimum: 1 }, hash: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
        },
      },
      keyId: { type: 'string', description: 'The first 16 hex characters of the SHA-256 of the public key (SPKI DER)' },
      digestHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      signature: { type: 'string', description: 'Base64' },
    },
  },
  AccessLogEntry: {
    type: 'object',
    required: ['_id', 'partnerId', 'actor', 'read', 'outcome', 'entries', 'recordedAt'],
    description: 'One audit read: who read what, when, how many entries they were given, or that they were refused (docs/audit.md)',
    properties: {
      _id: GUID,
      partnerId: GUID,
      actor: { type: 'object', properties: { userPrincipalName: { type: 'string' }, applicationId: { type: 'string' } } },
      read: { enum: ['history', 'state', 'export', 'verification', 'digests', 'manifest', 'security-log', 'access-log'] },
      customerId: { type: 'string' },
      period: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } },
      filters: { type: 'object', additionalProperties: { type: 'string' } },
      outcome: { enum: ['answered', 'refused'] },
      entries: { type: 'integer', minimum: 0 },
      code: { type: 'integer' },
      recordedAt: ISO,
    },
  },
  EventDeadLetter: {
    type: 'object',
    additionalProperties: false,
    required: ['reason', 'source', 'deadLetteredAt'],
    properties: {
      reason: { type: 'string' },
      source: { type: 'object' },
      event: { type: 'object', description: 'The event as published (personal values sealed)' },
      valueBase64: { type: ['string', 'null'] },
      deadLetteredAt: ISO,
    },
  },
};

const prefix = { description: 'TOPIC_PREFIX, default customer-account' };
const resultHeaders = {
  type: 'object',
  required: ['command-id', 'partner-id'],
  properties: {
    'command-id': { type: 'string' },
    'partner-id': GUID,
    traceparent: { type: 'string', description: "The command message's W3C traceparent, when it had a valid one" },
    tracestate: { type: 'string' },
  },
};
const message = (name: string, payload: string, headers?: Schema) => ({
  name,
  contentType: 'application/json',
  payload: ref(payload),
  ...(headers && { headers }),
});

export const ASYNCAPI_DOCUMENT = {
  asyncapi: '3.0.0',
  info: {
    title: 'Customer account service: Kafka',
    version: '1',
    description: 'Every message is keyed by the customer id, but for the digests and the access log, keyed by the partner id.',
  },
  defaultContentType: 'application/json',
  channels: {
    commands: {
      address: '{prefix}.commands',
      parameters: { prefix },
      messages: {
        command: message('Command', 'CommandEnvelope', {
          type: 'object',
          required: ['authorization'],
          properties: {
            authorization: {
              type: 'string',
              pattern: '^Bearer ',
              description:
                'A JWT, verified as over HTTP (and no older by its iat than AUTH_KAFKA_MAX_TOKEN_AGE_SECONDS, when set); a message without a valid one gets no result and goes to the dead letters',
            },
            traceparent: {
              type: 'string',
              description:
                'W3C Trace Context: recorded with the events, carried on their messages and on the result; an invalid one is ignored',
            },
            tracestate: { type: 'string' },
          },
        }),
      },
    },
    commandResults: {
      address: '{prefix}.command-results',
      parameters: { prefix },
      description: "Shared by every partner: a partner's consumer keeps the results whose partner-id header is its own",
      messages: {
        accepted: message('CommandAccepted', 'AcceptedResult', resultHeaders),
        rejected: message('CommandRejected', 'RejectedResult', resultHeaders),
      },
    },
    commandsDeadLetter: {
      address: '{prefix}.commands.dead-letter',
      parameters: { prefix },
      messages: { deadLetter: message('UnreadableCommand', 'CommandDeadLetter') },
    },
    events: {
      address: '{prefix}.events',
      parameters: { prefix },
      messages: {
        event: message('Event', 'Event', {
          type: 'object',
          description: 'CloudEvents 1.0 binary mode (ce_*) beside the event-type, stream-version and schema-version headers',
          required: [
            'event-type',
            'stream-version',
            'schema-version',
            'ce_specversion',
            'ce_id',
            'ce_type',
            'ce_source',
            'ce_subject',
            'ce_time',
          ],
          properties: {
            'event-type': { type: 'string' },
            'stream-version': { type: 'string' },
            'schema-version': { type: 'string' },
            ce_specversion: { const: '1.0' },
            ce_id: { type: 'string', description: 'The eventId' },
            ce_type: { type: 'string', description: 'com.customer-account.<event type>.v<schema version>' },
            ce_source: { const: '/customer-account-service/customers' },
            ce_subject: { type: 'string', description: 'The customer id' },
            ce_time: { type: 'string', format: 'date-time' },
            'content-type': { const: 'application/json' },
            traceparent: { type: 'string', description: 'W3C Trace Context of the command that caused the event, when it had one' },
            tracestate: { type: 'string' },
          },
        }),
      },
    },
    eventsDeadLetter: {
      address: '{prefix}.events.dead-letter',
      parameters: { prefix },
      messages: { deadLetter: message('UnappliedEvent', 'EventDeadLetter') },
    },
    digests: {
      address: '{prefix}.integrity-digests',
      parameters: { prefix },
      description:
        'Keyed by partner id, kept forever: the copy of the signed digests outside the database, which verification checks the store against',
      messages: { digest: message('SignedDigest', 'SignedDigest') },
    },
    accessLog: {
      address: '{prefix}.access-log',
      parameters: { prefix },
      description: "Keyed by partner id, kept forever: every audit read, the access log's copy outside the database",
      messages: { read: message('AuditRead', 'AccessLogEntry') },
    },
  },
  operations: {
    receiveCommands: {
      action: 'receive',
      channel: { $ref: '#/channels/commands' },
      summary: 'Upstream systems publish commands; each gets one result',
    },
    sendResults: { action: 'send', channel: { $ref: '#/channels/commandResults' } },
    sendCommandDeadLetters: { action: 'send', channel: { $ref: '#/channels/commandsDeadLetter' } },
    sendEvents: {
      action: 'send',
      channel: { $ref: '#/channels/events' },
      summary: 'Every event, in stream order per customer; kept forever',
    },
    sendEventDeadLetters: { action: 'send', channel: { $ref: '#/channels/eventsDeadLetter' } },
    sendDigests: {
      action: 'send',
      channel: { $ref: '#/channels/digests' },
      summary: 'Signed digests, at INTEGRITY_DIGEST_INTERVAL_MS and on demand (POST /audit/digests)',
    },
    sendAccessLog: { action: 'send', channel: { $ref: '#/channels/accessLog' }, summary: 'Each audit read, as it is answered or refused' },
  },
  components: { schemas },
};
