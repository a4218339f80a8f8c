CREATE TABLE "form_flashes" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text,
	"form" text NOT NULL,
	"state" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "form_flashes_created_idx" ON "form_flashes" USING btree ("created_at");