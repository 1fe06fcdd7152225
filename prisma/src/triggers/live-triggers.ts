// Which events the trigger engines have work for: those of a type a live, enabled trigger listens to.

/** The live, enabled triggers' versions as `v` (with their documents `d`); a condition on `v` may follow (AND). */
export const liveTriggersSql = `SELECT v.document_id, v.number, v.content, v.author_id FROM document_versions v
  JOIN documents d ON d.id = v.document_id
  WHERE v.status = 'live' AND d.kind = 'trigger' AND d.archived_at IS NULL AND (v.content->>'enabled')::boolean`;

/** Whether a live trigger listens to events of the type `type` (an SQL expression). */
export const isListenedToSql = (type: string) =>
  `EXISTS (${liveTriggersSql} AND v.content->'event'->>'type' = ${type})`;

/**
 * `dispatched_at` of an event of the type `type` being written: null (the trigger engines' queue) when a live
 * trigger listens to it, else now() — nothing to dispatch. A trigger's runs come from events written after it went
 * live (as before: events from before a trigger are history), and an event nobody listens to costs the engines no
 * statement and no commit of their own.
 */
export const dispatchedAtSql = (type: string) =>
  `CASE WHEN ${isListenedToSql(type)} THEN NULL ELSE now() END`;
