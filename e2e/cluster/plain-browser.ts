/**
 * A browser without JavaScript, over plain HTTP: it keeps the session cookie, posts a page's form the
 * way a no-JS browser does (every named input of that form, as multipart) and follows the 303 itself,
 * so the GET after a write can go to another instance. Cheap enough for thousands of steps.
 */

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', lt: '<', gt: '>', '#x27': "'", '#39': "'" };
const decode = (value: string) => value.replace(/&(amp|quot|lt|gt|#x27|#39);/g, (_, name: string) => ENTITIES[name]!);

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const [, name, value] of tag.matchAll(/\s([\w$:.-]+)(?:="([^"]*)")?/g)) found.set(name!, decode(value ?? ''));
  return found;
}

/** The fields a browser would post for the form around the button with this test id (or why it cannot). */
export function formFields(html: string, buttonTestId: string): [string, string][] {
  const at = html.indexOf(`data-testid="${buttonTestId}"`);
  const start = html.lastIndexOf('<form', at);
  const end = html.indexOf('</form>', at);
  if (at < 0 || start < 0 || end < 0) throw new Error(`no form around ${buttonTestId}`);
  const form = html.slice(start, end);
  const button = attributes(
    form.slice(form.lastIndexOf('<button', form.indexOf(`data-testid="${buttonTestId}"`))).split('>')[0]!,
  );
  if (button.has('disabled')) throw new Error(`${buttonTestId} is disabled`);
  if (/<(textarea|select)\b/.test(form)) throw new Error(`the form around ${buttonTestId} has fields this client does not post`);
  const fields: [string, string][] = [];
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const input = attributes(tag);
    const name = input.get('name');
    const type = input.get('type') ?? 'text';
    if (!name || input.has('disabled') || ((type === 'checkbox' || type === 'radio') && !input.has('checked'))) continue;
    fields.push([name, input.get('value') ?? (type === 'checkbox' ? 'on' : '')]);
  }
  return fields;
}

export class PlainBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(cookies: { name: string; value: string }[]) {
    for (const { name, value } of cookies) this.cookies.set(name, value);
  }

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const split = pair.indexOf('=');
      this.cookies.set(pair.slice(0, split), pair.slice(split + 1));
    }
  }

  private get cookie() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(url: string): Promise<string> {
    const response = await fetch(url, { headers: { cookie: this.cookie }, redirect: 'manual' });
    this.remember(response);
    const body = await response.text();
    if (response.status !== 200) throw new Error(`GET ${url}: HTTP ${response.status}`);
    return body;
  }

  /** Posts the form to `url` (its action is the page itself) and returns the path and query the 303 names. */
  async submit(url: string, fields: [string, string][]): Promise<string> {
    const body = new FormData();
    for (const [name, value] of fields) body.append(name, value);
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { cookie: this.cookie, origin: new URL(url).origin },
      redirect: 'manual',
    });
    this.remember(response);
    await response.arrayBuffer();
    const location = response.headers.get('location');
    if (response.status !== 303 || !location) throw new Error(`POST ${url}: HTTP ${response.status}, expected a 303`);
    const target = new URL(location, url);
    return `${target.pathname}${target.search}`;
  }
}
