import { identityHeaders } from './fixtures';

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: any;
}

export interface RequestOptions {
  /** JSON-encoded unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  /** Leave out the identity headers. */
  anonymous?: boolean;
}

/** A small fetch wrapper: JSON in, JSON out, identity headers of the default actor unless told. */
export function httpClient(baseUrl: string) {
  return async function request(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const headers: Record<string, string> = { ...(options.anonymous ? {} : identityHeaders()), ...options.headers };
    let body: string | Buffer | undefined = options.rawBody;
    if (body === undefined && options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['Content-Type'] ??= 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: parsedOrText(text) };
  };
}

/** JSON bodies parsed; anything else (JSON lines, CSV, HTML) as its text. */
function parsedOrText(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
