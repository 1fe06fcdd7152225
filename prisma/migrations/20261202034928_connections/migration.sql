-- CreateEnum
CREATE TYPE "ConnectionStatus" AS ENUM ('pending', 'connected', 'expired', 'revoked');

-- CreateTable
CREATE TABLE "connections" (
    "id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "account" TEXT,
    "scopes" TEXT[],
    "status" "ConnectionStatus" NOT NULL,
    "last_error" TEXT,
    "oauth_state" TEXT,
    "code_verifier" BYTEA,
    "refresh_token" BYTEA,
    "access_token" BYTEA,
    "access_expires_at" TIMESTAMPTZ(3),
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "connections_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "connections_oauth_state_key" ON "connections"("oauth_state");

-- CreateIndex
CREATE INDEX "connections_provider_status_idx" ON "connections"("provider", "status");
