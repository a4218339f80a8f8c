-- Hand-written data migration (not generated): today's free-text customers become customer rows, and
-- legacy invoices get the columns the invoicing workflow reads. Safe on an empty database.
INSERT INTO "customers" ("org_id", "name", "email")
SELECT DISTINCT ON ("org_id", lower("customer_name")) "org_id", "customer_name", "customer_email"
FROM "invoices"
ORDER BY "org_id", lower("customer_name"), "created_at" DESC;
--> statement-breakpoint
UPDATE "invoices" i SET "customer_id" = c."id"
FROM "customers" c
WHERE c."org_id" = i."org_id" AND lower(c."name") = lower(i."customer_name") AND i."customer_id" IS NULL;
--> statement-breakpoint
-- Legacy invoices had no tax; those already past draft keep the number they were issued with.
UPDATE "invoices" SET
  "subtotal_cents" = "total_cents",
  "invoice_number" = CASE WHEN "status" <> 'draft' THEN 'INV-' || "number" END,
  "sent_at" = CASE WHEN "status" <> 'draft' THEN "created_at" END,
  "paid_cents" = CASE WHEN "status" = 'paid' THEN "total_cents" ELSE 0 END;
--> statement-breakpoint
INSERT INTO "invoice_payments" ("org_id", "invoice_id", "amount_cents", "currency", "paid_on")
SELECT "org_id", "id", "total_cents", "currency", "updated_at"::date
FROM "invoices" WHERE "status" = 'paid' AND "total_cents" > 0;
--> statement-breakpoint
INSERT INTO "org_settings" ("org_id") SELECT "id" FROM "organization" ON CONFLICT DO NOTHING;
