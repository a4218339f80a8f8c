import NextLink from 'next/link';
import type { ComponentProps } from 'react';

/**
 * Every link in Tally, without prefetching (docs/decisions/032). Pages block until their data is read
 * (decision 017), so a prefetch brings no usable shell: it costs the server a render per link in
 * view (18 for one /invoices view) and saves the visitor nothing on the click.
 */
export function Link(props: Omit<ComponentProps<typeof NextLink>, 'prefetch'>) {
  return <NextLink {...props} prefetch={false} />;
}
