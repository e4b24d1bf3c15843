import {
  ID_PATTERN,
  MAX_REASON_LENGTH,
  MAY_AUDIT,
  OPERATION_TYPES,
  MAY_ISSUE,
  MAY_OPERATE,
  MAY_READ,
  PURCHASABLE_RESOURCES,
} from '@app/domain';

/**
 * The HTTP API as OpenAPI 3.1, served at GET /openapi.json. Written by hand, next to the
 * controllers; test/openapi-fuzz.e2e-spec.ts keeps it honest: every route the service has
 * is described, valid requests built from these schemas are accepted, and every status the
 * fuzzer provokes is one the operation documents.
 */
type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const text = (example?: string, extra: Schema = {}): Schema => ({ type: 'string', ...(example !== undefined && { example }), ...extra });
const nullableText = (example?: string): Schema => ({ type: ['string', 'null'], ...(example !== undefined && { example }) });
const GUID = { type: 'string', format: 'uuid' };

const ADDRESS_FIELDS: Record<string, string> = {
  country: 'US',
  addressLine1: '1 Microsoft Way',
  addressLine2: 'Building 92',
  addressLine3: 'Floor 3',
  city: 'Redmond',
  district: 'Overlake',
  state: 'WA',
  postalCode: '98052',
  region: 'Pacific Northwest',
  firstName: 'Alex',
  lastName: 'Wilber',
  phoneNumber: '+1 425 555 0100',
};
const BILLING_FIELDS: Record<string, string> = {
  firstName: 'Alex',
  lastName: 'Wilber',
  email: 'alex@contoso.com',
  culture: 'en-US',
  language: 'en',
  companyName: 'Contoso',
};

const schemas: Record<string, Schema> = {
  Address: {
    type: 'object',
    additionalProperties: false,
    required: ['country', 'addressLine1', 'firstName', 'lastName'],
    properties: Object.fromEntries(Object.entries(ADDRESS_FIELDS).map(([name, example]) => [name, text(example)])),
    description:
      'Lengths, state lists, postal-code patterns and the countries that require a phone number are the rules of docs/domain.md; breaking one is a 400 naming the field.',
  },
  AddressPatch: {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(ADDRESS_FIELDS).map(([name, example]) => [name, nullableText(example)])),
  },
  BillingProfile: {
    type: 'object',
    additionalProperties: false,
    required: [...Object.keys(BILLING_FIELDS), 'defaultAddress'],
    properties: {
      ...Object.fromEntries(Object.entries(BILLING_FIELDS).map(([name, example]) => [name, text(example)])),
      middleName: text('J.'),
      defaultAddress: ref('Address'),
    },
  },
  BillingProfilePatch: {
    type: 'object',
    additionalProperties: false,
    description: 'A JSON merge patch (RFC 7396): null removes an optional field.',
    properties: {
      ...Object.fromEntries(Object.entries(BILLING_FIELDS).map(([name, example]) => [name, nullableText(example)])),
      middleName: nullableText('J.'),
      defaultAddress: { oneOf: [ref('AddressPatch'), { type: 'null' }] },
    },
  },
  CompanyProfile: {
    type: 'object',
    additionalProperties: false,
    required: ['domain', 'companyName'],
    properties: {
      domain: text('contoso.onmicrosoft.com'),
      companyName: text('Contoso'),
      organizationRegistrationNumber: text(undefined, { description: 'Only for AM AZ BY HU KZ KG MD RU TJ UZ UA, and required there' }),
    },
  },
  CompanyProfilePatch: {
    type: 'object',
    additionalProperties: false,
    properties: { companyName: nullableText('Contoso Ltd'), organizationRegistrationNumber: { type: ['string', 'null'] } },
  },
  RegisterCustomerRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['customerId', 'companyProfile', 'billingProfile'],
    properties: { customerId: GUID, companyProfile: ref('CompanyProfile'), billingProfile: ref('BillingProfile') },
  },
  UpdateCustomerDetailsRequest: {
    type: 'object',
    additionalProperties: false,
    properties: { billingProfile: ref('BillingProfilePatch'), companyProfile: ref('CompanyProfilePatch') },
  },
  CommandResult: {
    type: 'object',
    required: ['commandId', 'customerId', 'commandType', 'outcome', 'status', 'version', 'events'],
    properties: {
      commandId: text(),
      customerId: GUID,
      commandType: text(),
      outcome: { const: 'accepted' },
      status: { type: 'integer' },
      version: { type: 'integer' },
      events: { type: 'array', items: { type: 'object', properties: { eventId: text(), type: text(), version: { type: 'integer' } } } },
    },
  },
  Problem: {
    type: 'object',
    description: 'RFC 7807 problem details with the Partner Center error code; field errors name the field, never echo its value.',
    required: ['type', 'title', 'status', 'code', 'detail', 'errors'],
    properties: {
      type: text(),
      title: text(),
      status: { type: 'integer' },
      code: { type: 'integer' },
      detail: text(undefined, { maxLength: 1024 }),
      instance: text(),
      errors: { type: 'array', items: { type: 'object', properties: { field: text(), reason: text(), code: { type: 'integer' } } } },
    },
  },
  CustomerAccount: {
    type: 'object',
    properties: {
      customerId: GUID,
      partnerId: GUID,
      companyProfile: { type: 'object' },
      billingProfile: { type: 'object', description: 'Personal fields are absent once erased' },
      purchasePermissions: {
        type: 'array',
        items: { type: 'object', properties: { resource: { enum: [...PURCHASABLE_RESOURCES] }, action: { const: 'Purchase' } } },
      },
      version: { type: 'integer' },
      resourceVersions: {
        type: 'object',
        description: "The version of the last event that changed each resource: the ETag of the resource's own routes",
        properties: { billingProfile: { type: 'integer' }, companyProfile: { type: 'integer' }, purchasePermissions: { type: 'integer' } },
      },
      erasedFields: { type: 'array', items: text() },
      legalHold: { const: true, description: 'On legal hold: the personal data cannot be forgotten until the hold is released' },
    },
  },
};

interface Operation {
  summary: string;
  roles: readonly string[];
  parameters?: Schema[];
  body?: string;
  ok: Record<string, string>;
  errors: number[];
}

const customerId = { name: 'customerId', in: 'path', required: true, schema: GUID };
const resource = { name: 'resource', in: 'path', required: true, schema: { enum: [...PURCHASABLE_RESOURCES] } };
const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: true,
  schema: text('"1"'),
  description: 'The ETag of the account as last read, or *',
};
const requestId = {
  name: 'MS-RequestId',
  in: 'header',
  required: false,
  schema: text(undefined, { pattern: ID_PATTERN }),
  description: 'Idempotency key: a retry gets the first answer; the same id with another command is a 409',
};
const correlationId = {
  name: 'MS-CorrelationId',
  in: 'header',
  required: false,
  schema: text(undefined, { pattern: ID_PATTERN }),
};
const changeReason = {
  name: 'X-Change-Reason',
  in: 'header',
  required: false,
  schema: text('Customer asked to buy reservations on their own', { maxLength: MAX_REASON_LENGTH }),
  description:
    'Why the change is made: plain text on one line, at most 500 characters, as UTF-8 or percent-encoded UTF-8. Recorded on the events, shown in history and exports. Required for the command types in REASON_REQUIRED_FOR (400, code 800420, without one).',
};
const minVersion = {
  name: 'X-Min-Version',
  in: 'header',
  required: false,
  schema: text('2', { pattern: '^[1-9]\\d{0,8}$' }),
  description:
    'Read your own write: the version a write answered. The read waits up to READ_YOUR_WRITES_WAIT_MS for the read model, then answers from the event store (X-Served-From: event-store); 412 when no write made that version.',
};
const requiredChangeReason = { ...changeReason, required: true };
const traceparent = {
  name: 'traceparent',
  in: 'header',
  required: false,
  schema: text('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'),
  description:
    'W3C Trace Context (with tracestate): recorded with the events and carried on their Kafka messages; an invalid one is ignored',
};
const query = (name: string, schema: Schema, required = false) => ({ name, in: 'query', required, schema });
const ISO = text('2026-11-24T10:00:00Z', { format: 'date-time' });

// Who may call each operation, from the domain's own tables: one source for the code and the document.
const READERS = MAY_READ;
const AUDITORS = MAY_AUDIT;
/** The Operator role counts only in a token of the operator tenant (AUTH_OPERATOR_TENANT_ID). */
const OPERATORS = MAY_OPERATE;
/** Every write: bad input, no token, not allowed, too large, not JSON in UTF-8, the instance at its limit of commands under way (503, with Retry-After). */
// 409: the MS-RequestId was used before for another command (and, registering, the customer exists).
const WRITE_ERRORS = [400, 401, 403, 409, 413, 415, 503];
const UPDATE_ERRORS = [...WRITE_ERRORS, 404, 412, 428];
const READ_ERRORS = [400, 401, 403, 404];
/** Audit reads pass admission control: 503 with Retry-After past MAX_HTTP_AUDIT_READS_IN_FLIGHT. */
const AUDIT_READ_ERRORS = [...READ_ERRORS, 503];

const paths: Record<string, Record<string, Operation>> = {
  '/customers': {
    post: {
      summary: 'RegisterCustomer',
      roles: MAY_ISSUE.RegisterCustomer,
      parameters: [requestId, correlationId, changeReason, traceparent],
      body: 'RegisterCustomerRequest',
      ok: { 201: 'CommandResult' },
      errors: WRITE_ERRORS,
    },
  },
  '/customers/{customerId}': {
    get: {
      summary: 'The current account, from the read model; ETag is its version',
      roles: READERS,
      parameters: [customerId, minVersion],
      ok: { 200: 'CustomerAccount' },
      errors: [...READ_ERRORS, 412],
    },
    patch: {
      summary: 'UpdateCustomerDetails: merge patches of either profile',
      roles: MAY_ISSUE.UpdateCustomerDetails,
      parameters: [customerId, ifMatch, requestId, correlationId, changeReason, traceparent],
      body: 'UpdateCustomerDetailsRequest',
      ok: { 200: 'CommandResult' },
      errors: UPDATE_ERRORS,
    },
  },
  '/customers/{customerId}/billing-profile': {
    get: {
      summary: 'The billing profile; ETag is the version of the last change to it, which a write to another resource leaves valid',
      roles: READERS,
      parameters: [customerId, minVersion],
      ok: { 200: 'object' },
      errors: [...READ_ERRORS, 412],
    },
    put: {
      summary: 'UpdateCustomerDetails: replace the billing profile',
      roles: MAY_ISSUE.UpdateCustomerDetails,
      parameters: [customerId, ifMatch, requestId, correlationId, changeReason, traceparent],
      body: 'BillingProfile',
      ok: { 200: 'CommandResult' },
      errors: UPDATE_ERRORS,
    },
    patch: {
      summary: 'UpdateCustomerDetails: merge patch of the billing profile',
      roles: MAY_ISSUE.UpdateCustomerDetails,
      parameters: [customerId, ifMatch, requestId, correlationId, changeReason, traceparent],
      body: 'BillingProfilePatch',
      ok: { 200: 'CommandResult' },
      errors: UPDATE_ERRORS,
    },
  },
  '/customers/{customerId}/company-profile': {
    get: {
      summary: 'The company profile; ETag is the version of the last change to it',
      roles: READERS,
      parameters: [customerId, minVersion],
      ok: { 200: 'object' },
      errors: [...READ_ERRORS, 412],
    },
    patch: {
      summary: 'UpdateCustomerDetails: merge patch of the company details',
      roles: MAY_ISSUE.UpdateCustomerDetails,
      parameters: [customerId, ifMatch, requestId, correlationId, changeReason, traceparent],
      body: 'CompanyProfilePatch',
      ok: { 200: 'CommandResult' },
      errors: UPDATE_ERRORS,
    },
  },
  '/customers/{customerId}/purchase-permissions': {
    get: {
      summary: 'The purchase permissions',
      roles: READERS,
      parameters: [customerId, minVersion],
      ok: { 200: 'CustomerAccount' },
      errors: [...READ_ERRORS, 412],
    },
  },
  '/customers/{customerId}/purchase-permissions/{resource}': {
    put: {
      summary: 'GrantPurchasePermission',
      roles: MAY_ISSUE.GrantPurchasePermission,
      parameters: [customerId, resource, ifMatch, requestId, correlationId, changeReason, traceparent],
      ok: { 200: 'CommandResult' },
      errors: UPDATE_ERRORS,
    },
    delete: {
      summary: 'RevokePurchasePermission',
      roles: MAY_ISSUE.RevokePurchasePermission,
      parameters: [customerId, resource, ifMatch, requestId, correlationId, changeReason, traceparent],
      ok: { 200: 'CommandResult' },
      errors: UPDATE_ERRORS,
    },
  },
  '/customers/{customerId}/personal-data': {
    delete: {
      summary: 'ForgetCustomerPersonalData: destroys the customer key, scrubs the read model',
      roles: MAY_ISSUE.ForgetCustomerPersonalData,
      parameters: [customerId, requestId, correlationId, changeReason, traceparent],
      ok: { 200: 'CommandResult' },
      errors: [...WRITE_ERRORS, 404, 412],
    },
  },
  '/customers/{customerId}/legal-hold': {
    put: {
      summary: 'PlaceLegalHold: while held, ForgetCustomerPersonalData is refused (409, code 800423); X-Change-Reason is required',
      roles: MAY_ISSUE.PlaceLegalHold,
      parameters: [customerId, ifMatch, requestId, correlationId, requiredChangeReason, traceparent],
      ok: { 200: 'CommandResult' },
      errors: UPDATE_ERRORS,
    },
    delete: {
      summary: 'ReleaseLegalHold; X-Change-Reason is required',
      roles: MAY_ISSUE.ReleaseLegalHold,
      parameters: [customerId, ifMatch, requestId, correlationId, requiredChangeReason, traceparent],
      ok: { 200: 'CommandResult' },
      errors: UPDATE_ERRORS,
    },
  },
  '/audit/customers/{customerId}/history': {
    get: {
      summary: 'Every change and rejected command of the customer',
      roles: AUDITORS,
      parameters: [
        customerId,
        query('from', ISO),
        query('to', ISO),
        query('field', text('billingProfile.email')),
        query('actor', text('admin@partner.example')),
        query('reason', text('contract', { maxLength: 500 })),
        query('outcome', { enum: ['accepted', 'rejected'] }),
        query('limit', text('50', { pattern: '^([1-9]\\d{0,2}|1000)$' })),
        query('pageToken', text()),
        query('format', { enum: ['json', 'jsonl', 'csv'] }),
      ],
      ok: { 200: 'object' },
      errors: AUDIT_READ_ERRORS,
    },
  },
  '/audit/customers/{customerId}/state': {
    get: {
      summary: 'The account as it was at a moment or version, folded from the events',
      roles: AUDITORS,
      parameters: [customerId, query('at', ISO), query('version', text('1', { pattern: '^[1-9]\\d{0,8}$' }))],
      ok: { 200: 'object' },
      errors: AUDIT_READ_ERRORS,
    },
  },
  '/audit/history': {
    get: {
      summary:
        "The partner's changes and rejections of a period (at most 366 days), as a file written as it is read; the X-Export-Manifest header names its signed manifest",
      roles: AUDITORS,
      parameters: [query('from', ISO, true), query('to', ISO, true), query('format', { enum: ['jsonl', 'csv'] }, true)],
      ok: { 200: 'object' },
      errors: [400, 401, 403, 503],
    },
  },
  '/audit/partner-history': {
    get: {
      summary:
        "The partner's changes and its senders' rejections across all its customers, oldest first, in pages: `nextPageToken` as `pageToken` goes on; a page may hold fewer than `limit` entries",
      roles: AUDITORS,
      parameters: [
        query('from', ISO, true),
        query('to', ISO, true),
        query('customerId', GUID),
        query('operationType', { enum: Object.values(OPERATION_TYPES) }),
        query('actor', text('admin@partner.example')),
        query('field', text('billingProfile.email')),
        query('outcome', { enum: ['accepted', 'rejected'] }),
        query('reason', text('contract', { maxLength: 500 })),
        query('limit', text('50', { pattern: '^([1-9]\\d{0,2}|1000)$' })),
        query('pageToken', text()),
      ],
      ok: { 200: 'object' },
      errors: [400, 401, 403, 503],
    },
  },
  '/audit/security-log': {
    get: {
      summary:
        "Commands the partner's own people had refused for who they are (role, another partner's customer, another sender's command id), oldest first; `next` starts the following page",
      roles: AUDITORS,
      parameters: [query('from', ISO, true), query('to', ISO, true), query('limit', { type: 'integer', minimum: 1, maximum: 1000 }, false)],
      ok: { 200: 'object' },
      errors: [400, 401, 403, 503],
    },
  },
  '/audit/access-log': {
    get: {
      summary:
        "Every audit read the partner's own people made (history, state, exports, verification, digests, manifests, these logs): who, what, when, how many entries, or refused; oldest first; `next` starts the following page",
      roles: AUDITORS,
      parameters: [query('from', ISO, true), query('to', ISO, true), query('limit', { type: 'integer', minimum: 1, maximum: 1000 }, false)],
      ok: { 200: 'object' },
      errors: [400, 401, 403, 503],
    },
  },
  '/audit/verification': {
    get: {
      summary:
        "Every hash chain of the partner's customers, each stream against the signed digests on the digests topic, and the read model against the events",
      roles: AUDITORS,
      ok: { 200: 'object' },
      errors: [401, 403, 503],
    },
  },
  '/audit/digests': {
    get: {
      summary: "The partner's signed digests of its streams' heads, as JSON lines: an auditor's copy, checked offline with the public key",
      roles: AUDITORS,
      ok: { 200: 'object' },
      errors: [401, 403, 503],
    },
    // Takes no body, but one that is sent is read (and refused when it is not JSON).
    post: {
      summary: "Sign the heads that changed since the last digest, now; answers with the partner's new digest, if any",
      roles: AUDITORS,
      ok: { 201: 'object' },
      errors: [400, 401, 403, 413, 415, 503],
    },
  },
  '/audit/exports/{exportId}/manifest': {
    get: {
      summary: "The signed manifest of an export, named by the export's X-Export-Manifest header; stored once the file is whole",
      roles: AUDITORS,
      parameters: [{ name: 'exportId', in: 'path', required: true, schema: GUID }],
      ok: { 200: 'object' },
      errors: AUDIT_READ_ERRORS,
    },
  },
  '/audit/replays': {
    // Takes no body, but one that is sent is read (and refused when it is not JSON).
    post: {
      summary: "Rebuild every partner's read model from the events, then switch over; one at a time in the cluster",
      roles: OPERATORS,
      ok: { 202: 'object' },
      errors: [400, 401, 403, 409, 413, 415, 503],
    },
  },
  '/audit/replays/current': {
    get: { summary: 'Progress of the replay this instance started', roles: OPERATORS, ok: { 200: 'object' }, errors: [401, 403, 503] },
  },
  '/pipeline/lag': {
    get: {
      summary: 'How far Kafka and the read model trail the event store',
      roles: OPERATORS,
      ok: { 200: 'object' },
      errors: [401, 403, 503],
    },
  },
};

const PUBLIC_PATHS = {
  '/health': { get: { summary: 'Liveness: the process answers', security: [], responses: { 200: { description: 'Up' } } } },
  '/health/ready': {
    get: {
      summary: 'Readiness: MongoDB and Kafka answer',
      security: [],
      responses: { 200: { description: 'Ready' }, 503: { description: 'A dependency is down; the body says which' } },
    },
  },
  '/metrics': { get: { summary: 'Prometheus metrics', security: [], responses: { 200: { description: 'Prometheus text format' } } } },
  '/openapi.json': { get: { summary: 'This document', security: [], responses: { 200: { description: 'OpenAPI 3.1' } } } },
  '/asyncapi.json': {
    get: { summary: 'The Kafka topics and messages', security: [], responses: { 200: { description: 'AsyncAPI 3.0' } } },
  },
  '/audit/public-key': {
    get: {
      summary: 'The Ed25519 public key that verifies digests and export manifests (and its key id)',
      security: [],
      responses: { 200: { description: 'The key, as PEM' } },
    },
  },
  '/audit/console': { get: { summary: 'The audit console page', security: [], responses: { 200: { description: 'HTML' } } } },
  '/audit/console/app.js': {
    get: { summary: "The audit console's script", security: [], responses: { 200: { description: 'JavaScript' } } },
  },
};

function operationObject({ summary, roles, parameters = [], body, ok, errors }: Operation) {
  const content = (schema: string) => ({ 'application/json': { schema: schema === 'object' ? { type: 'object' } : ref(schema) } });
  return {
    summary,
    description: `Roles: ${roles.join(', ')}.`,
    'x-roles': roles,
    parameters,
    ...(body && {
      requestBody: {
        required: true,
        content: { 'application/json': { schema: ref(body) }, 'application/merge-patch+json': { schema: ref(body) } },
      },
    }),
    responses: {
      ...Object.fromEntries(Object.entries(ok).map(([status, schema]) => [status, { description: 'Success', content: content(schema) }])),
      ...Object.fromEntries(
        errors.map((status) => [
          String(status),
          { description: 'Problem details', content: { 'application/problem+json': { schema: ref('Problem') } } },
        ]),
      ),
    },
  };
}

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Customer account service',
    version: '1',
    description:
      'Billing profile, company details and purchase permissions of a reseller’s customers, event-sourced. Commands are also accepted on Kafka (see the README).',
  },
  security: [{ bearer: [] }],
  paths: {
    ...Object.fromEntries(
      Object.entries(paths).map(([path, operations]) => [
        path,
        Object.fromEntries(Object.entries(operations).map(([method, operation]) => [method, operationObject(operation)])),
      ]),
    ),
    ...PUBLIC_PATHS,
  },
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Claims: upn, appid, tid (partner tenant), roles' },
    },
    schemas,
  },
};
