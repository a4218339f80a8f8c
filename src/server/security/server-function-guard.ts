import 'server-only';

/**
 * `'use cache'` functions are server references too: Next's SWC transform registers each one with
 * `registerServerReference` under a 42-hex-character id and lists it in the server-reference manifest,
 * and the action handler resolves a request's action id through that manifest without asking which
 * kind it is. So anyone holding a cached function's id could call it as a Server Action with any
 * arguments (another org's id) and read the result. Next encodes the kind in the id itself: the top
 * bit of the first byte is set for `'use cache'` (next/dist/shared/lib/server-reference-info.js).
 * This guard refuses any request that names such an id, before Next routes it. See docs/decisions/014.
 */
const SERVER_REFERENCE_ID = /^[0-9a-f]{42}$/i;

export function isCachedFunctionId(id: string): boolean {
  return SERVER_REFERENCE_ID.test(id) && (parseInt(id.slice(0, 2), 16) & 0x80) !== 0;
}

/** The ids a form post without JavaScript names in its body: `$ACTION_ID_<id>`, or `$ACTION_REF_<n>` with its metadata in `$ACTION_<n>:0`. */
function idsInForm(form: FormData): string[] {
  const ids: string[] = [];
  for (const [key, value] of form) {
    if (key.startsWith('$ACTION_ID_')) ids.push(key.slice('$ACTION_ID_'.length));
    else if (/^\$ACTION_[^:]*:0$/.test(key) && typeof value === 'string') ids.push(boundActionId(value));
  }
  return ids;
}

function boundActionId(metadata: string): string {
  try {
    const parsed: unknown = JSON.parse(metadata);
    return parsed && typeof parsed === 'object' && typeof (parsed as { id?: unknown }).id === 'string'
      ? (parsed as { id: string }).id
      : '';
  } catch {
    return '';
  }
}

const isFormBody = (contentType: string) => /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(contentType);

/** A 404 for a request that tries to call a cached function as a Server Action; null for everything else. */
export async function refuseCachedFunctionCall(request: Request): Promise<Response | null> {
  if (request.method !== 'POST') return null;
  const headerId = request.headers.get('next-action');
  let ids = headerId === null ? [] : [headerId];
  if (headerId === null && isFormBody(request.headers.get('content-type') ?? '')) {
    ids = await request
      .clone()
      .formData()
      .then(idsInForm, () => []);
  }
  if (!ids.some(isCachedFunctionId)) return null;
  return Response.json({ error: { code: 'not_found', message: 'There is no such Server Action.' } }, { status: 404 });
}
