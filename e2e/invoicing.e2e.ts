import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/browser';

const browser = useBrowser();

async function createCustomer(page: Page, name: string) {
  await page.goto('/customers/new');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill('ap@customer.test');
  await page.getByLabel('Billing address').fill('9 Harbour Road\nPortsmouth');
  await Promise.all([page.waitForURL(/\/customers\/[0-9a-f-]{36}$/), page.getByTestId('save-customer').click()]);
  await page.getByTestId('customer-name').getByText(name).waitFor();
}

async function fillLine(page: Page, index: number, description: string, quantity: string, price: string, tax = '') {
  await page.fill(`input[name="lines.${index}.description"]`, description);
  await page.fill(`input[name="lines.${index}.quantity"]`, quantity);
  await page.fill(`input[name="lines.${index}.unitPrice"]`, price);
  await page.fill(`input[name="lines.${index}.taxRate"]`, tax);
}

describe('invoicing in Chromium against next start', () => {
  it('with JavaScript: customer, new invoice with an added line and tax, send (numbered), partial payment, print to PDF', async () => {
    const { context, page } = await browser.signedIn('admin@acme.test');
    const customer = `Harbour ${Date.now() % 100_000}`;
    await createCustomer(page, customer);

    await page.goto('/invoices/new');
    await page.getByLabel('Customer').selectOption({ label: customer });
    await page.getByLabel('Payment terms').selectOption('net14');
    await fillLine(page, 0, 'Consulting', '2', '100.00', '20');
    await page.getByTestId('add-line').click();
    await page.getByTestId('add-line').click();
    expect(await page.getByTestId('line-item-row').count()).toBe(4);
    await fillLine(page, 1, 'Travel', '1', '50.00');
    await Promise.all([page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/), page.getByTestId('create-invoice').click()]);
    // 200.00 + 20% tax + 50.00
    expect(await page.getByTestId('invoice-record-total').textContent()).toBe('$290.00');
    expect(await page.getByTestId('invoice-number').textContent()).toMatch(/^Draft \d+$/);

    await page.getByTestId('invoice-send').click();
    await page
      .getByTestId('invoice-number')
      .getByText(/^INV-\d{4}-\d{4}$/)
      .waitFor();
    const number = (await page.getByTestId('invoice-number').textContent()) ?? '';

    await page.getByLabel('Amount').fill('90.00');
    await page.getByTestId('invoice-pay').click();
    await page.getByTestId('invoice-balance').getByText('$200.00').waitFor();

    await page.goto(`${page.url()}/print`);
    await page.getByTestId('printable-invoice').waitFor();
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const dir = mkdtempSync(join(tmpdir(), 'tally-pdf-'));
    writeFileSync(join(dir, 'invoice.pdf'), pdf);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'invoice.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain(number);
    expect(text).toContain(customer);
    expect(text).toContain('$290.00');
    expect(text).toContain('Acme');
    expect(text).not.toContain('Record a payment');
    await context.close();
  });

  it('without JavaScript: "Add line" keeps what was typed, errors come back, then create, send and void with a reason', async () => {
    const { context, page } = await browser.signedIn('owner@acme.test', { javaScriptEnabled: false });
    await page.goto('/invoices/new');
    await page.getByLabel('Customer').selectOption({ index: 1 });
    await fillLine(page, 0, 'Design', '1', '12.345');
    const rows = await page.getByTestId('line-item-row').count();
    await Promise.all([page.waitForURL(/intent=addLine/), page.getByTestId('add-line').click()]);
    expect(await page.getByTestId('line-item-row').count()).toBe(rows + 1);
    expect(await page.locator('input[name="lines.0.description"]').inputValue()).toBe('Design');

    await page.getByTestId('create-invoice').click();
    await page.getByText(/Use an amount like/).waitFor();
    expect(await page.locator('input[name="lines.0.unitPrice"]').inputValue()).toBe('12.345');
    await page.fill('input[name="lines.0.unitPrice"]', '12.34');
    await Promise.all([page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/), page.getByTestId('create-invoice').click()]);
    expect(await page.getByTestId('invoice-record-total').textContent()).toBe('$12.34');

    await page.getByTestId('invoice-send').click();
    await page.getByTestId('invoice-void').waitFor();
    expect(await page.getByTestId('invoice-number').textContent()).toMatch(/^INV-\d{4}-\d{4}$/);
    await page.getByTestId('invoice-void').click();
    await page.getByText('Say why the invoice is void.').waitFor();
    await page.getByLabel('Reason').fill('Sent to the wrong customer');
    await page.getByTestId('invoice-void').click();
    await page
      .getByTestId('void-reason')
      .getByText(/wrong customer/)
      .waitFor();
    await context.close();
  });

  it('without JavaScript: a customer form with a bad email comes back with what was typed; create, edit and archive; a payment over the balance is refused, then paid in full', async () => {
    const { context, page } = await browser.signedIn('owner@acme.test', { javaScriptEnabled: false });
    const name = `Plain Post ${Date.now()}`;
    await page.goto('/customers/new');
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Email').fill('not an email');
    await page.getByTestId('save-customer').click();
    await page.getByText('Enter a valid email address.').waitFor();
    expect(await page.getByLabel('Name').inputValue()).toBe(name);
    await page.getByLabel('Email').fill('ap@plain.test');
    await Promise.all([page.waitForURL(/\/customers\/[0-9a-f-]{36}$/), page.getByTestId('save-customer').click()]);
    await page.getByLabel('Name').fill(`${name} Ltd`);
    await page.getByTestId('save-customer').click();
    await page.getByTestId('customer-name').getByText(`${name} Ltd`).waitFor();
    await page.getByTestId('archive-customer').click();
    await page.getByTestId('archive-customer').getByText('Restore customer').waitFor();

    await page.goto('/invoices/new');
    await page.getByLabel('Customer').selectOption({ index: 1 });
    await fillLine(page, 0, 'Audit', '2', '100.00');
    await Promise.all([page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/), page.getByTestId('create-invoice').click()]);
    await page.getByTestId('invoice-send').click();
    await page.getByTestId('invoice-pay').waitFor();
    await page.getByLabel('Amount').fill('500.00');
    await page.getByTestId('invoice-pay').click();
    await page.getByText('That is more than is owed on this invoice.').waitFor();
    expect(await page.getByLabel('Amount').inputValue()).toBe('500.00');
    expect(await page.getByTestId('invoice-payments').count()).toBe(0);
    await page.getByLabel('Amount').fill('200.00');
    await page.getByTestId('invoice-pay').click();
    await page.getByTestId('invoice-payments').waitFor();
    expect(await page.getByTestId('invoice-pay').count()).toBe(0);
    expect(await page.getByText('paid', { exact: true }).count()).toBe(1);
    await context.close();
  });

  it('without JavaScript: the filter form finds by customer text and status; the CSV export follows the filter', async () => {
    const { context, page } = await browser.signedIn('member@acme.test', { javaScriptEnabled: false });
    await page.goto('/invoices');
    await page.getByLabel('Search').fill('harbor');
    await page.getByLabel('Status').selectOption('paid');
    await Promise.all([page.waitForURL(/q=harbor/), page.getByTestId('filter-submit').click()]);
    const customers = await page.locator('[data-testid=invoice-row] td:nth-child(2)').allTextContents();
    expect(customers.length).toBeGreaterThan(0);
    expect(customers.every((name) => /harbor/i.test(name))).toBe(true);
    const href = (await page.getByTestId('export-csv').getAttribute('href')) ?? '';
    const csv = await (await context.request.get(href)).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('number,customer,email,status,issued_on,due_on,currency,subtotal,tax,total,paid');
    expect(lines.length - 1).toBeGreaterThanOrEqual(customers.length);
    expect(lines.slice(1).every((line) => /Harbor/.test(line) && line.includes(',paid,'))).toBe(true);
    await context.close();
  });
});
