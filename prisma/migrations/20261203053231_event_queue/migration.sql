-- The trigger dispatcher's queue moves off the events (schema.prisma, QueuedEvent): dispatching an event used to
-- rewrite its row — a non-HOT update, so a new copy of the payload and an entry in each of the events' indexes,
-- the costliest statement of a dispatch (bench P5). A queue row is a seq; dispatching deletes it.

-- The live, enabled trigger versions: what the insert trigger below asks for an event's type, and what the
-- dispatcher reads (engine/src/triggers/dispatch.ts) — one definition for both.
CREATE VIEW "live_triggers" AS
  SELECT v.document_id, v.number, v.content, v.author_id, v.content->'event'->>'type' AS event_type
  FROM document_versions v JOIN documents d ON d.id = v.document_id
  WHERE v.status = 'live' AND d.kind = 'trigger' AND d.archived_at IS NULL AND (v.content->>'enabled')::boolean;

CREATE TABLE "event_queue" (
    "seq" BIGINT NOT NULL,

    CONSTRAINT "event_queue_pkey" PRIMARY KEY ("seq")
);

INSERT INTO "event_queue" ("seq") SELECT "seq" FROM "events" WHERE "dispatched_at" IS NULL;

-- Drops the partial index of undispatched events with it.
ALTER TABLE "events" DROP COLUMN "dispatched_at";

-- Every writer of events feeds the queue: an event joins it when a live trigger listens to its type (runs come
-- from events written after a trigger went live; an event nobody listens to is no work for the engines). The
-- notification says whether it did, so only those wake a dispatcher (engine/src/triggers/trigger-runner.ts); the
-- others still announce a change to the dataset caches (api/src/modules/datasets/result-cache.ts).
CREATE OR REPLACE FUNCTION erp_notify_events() RETURNS trigger AS $$
BEGIN
  INSERT INTO event_queue (seq)
    SELECT i.seq FROM inserted i WHERE i.type IN (SELECT event_type FROM live_triggers);
  PERFORM pg_notify('erp_events', CASE WHEN FOUND THEN 'events' ELSE 'events.unqueued' END);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
