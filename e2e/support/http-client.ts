import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// React's own reply encoder, the one the browser uses to send a Server Action's arguments.
const { encodeReply } = createRequire(import.meta.url)('next/dist/compiled/react-server-dom-webpack/client.node') as {
  encodeReply: (value: unknown) => Promise<string | FormData>;
};

/** A Server Action called over HTTP the way React's client calls it: `Next-Action: <id>` and the encoded arguments. */
export interface ActionCall {
  /** Entries of the FormData argument, in order (a name may repeat). */
  fields?: [string, string][];
  /** Sent as the body instead of the encoded arguments: a JSON argument list, e.g. a string where FormData belongs. */
  rawArguments?: string;
  /** The action takes FormData alone, not `(previousState, formData)`. */
  formDataOnly?: boolean;
  headers?: Record<string, string>;
}

export interface HttpAnswer {
  status: number;
  body: string;
  headers: Headers;
}

/** Action ids by exported name (`signIn`, `updateInvoice`, …) from the build's manifest. */
export function actionIds(): Map<string, string> {
  const manifest = JSON.parse(readFileSync(join(process.cwd(), '.next/server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const ids = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.exportedName && !entry.exportedName.startsWith('$$')) ids.set(entry.exportedName, id);
  }
  return ids;
}

export class TallyClient {
  constructor(
    readonly baseURL: string,
    public cookie = '',
  ) {}

  private async send(path: string, init: RequestInit): Promise<HttpAnswer> {
    const response = await fetch(`${this.baseURL}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...(init.headers as Record<string, string>) },
    });
    return { status: response.status, body: await response.text(), headers: response.headers };
  }

  get(path: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    return this.send(path, { method: 'GET', headers });
  }

  post(path: string, body: BodyInit, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    return this.send(path, { method: 'POST', body, headers: { origin: this.baseURL, ...headers } });
  }

  async action(id: string, page: string, call: ActionCall): Promise<HttpAnswer> {
    const form = new FormData();
    for (const [name, value] of call.fields ?? []) form.append(name, value);
    const body = call.rawArguments ?? (await encodeReply(call.formDataOnly ? [form] : [null, form]));
    const type: Record<string, string> = typeof body === 'string' ? { 'content-type': 'text/plain;charset=UTF-8' } : {};
    return this.post(page, body, { 'next-action': id, accept: 'text/x-component', ...type, ...call.headers });
  }

  /** Signs in through the sign-in Server Action and keeps the session cookie. */
  async signIn(signInId: string, email: string, password = 'demo-password'): Promise<void> {
    const answer = await this.action(signInId, '/sign-in', {
      fields: [
        ['email', email],
        ['password', password],
      ],
    });
    const cookies = answer.headers.getSetCookie().map((line) => line.split(';')[0]);
    if (cookies.length === 0)
      throw new Error(`sign-in as ${email} set no cookie (HTTP ${answer.status}): ${answer.body.slice(0, 300)}`);
    this.cookie = cookies.join('; ');
  }
}
