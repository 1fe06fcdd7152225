// Baseline for P7: what starting and running an automatic flow writes, by hand — one transaction per start with
// the instance, its started/completed events and its (applied) step, in plain `pg` — from as many clients as ours
// gets connections, for a fixed time.
import pg from 'pg';
import { serveRequests } from '../harness/child';

async function run(options: {
  databaseUrl: string;
  documentId: string;
  versionId: string;
  requesterId: string;
  connections: number;
  durationSeconds: number;
}): Promise<{ starts: number; latencies: number[] }> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.connections });
  const latencies: number[] = [];
  const deadline = performance.now() + options.durationSeconds * 1000;
  const state = JSON.stringify({ status: 'completed', data: {}, openTasks: [], endNodeId: 'end' });
  const client = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const connection = await pool.connect();
      try {
        await connection.query('BEGIN');
        const { rows } = await connection.query<{ id: string }>(
          `INSERT INTO flow_instances (id, document_id, version_id, version_number, status, requester_id, state,
                                       finished_at, updated_at)
           VALUES (gen_random_uuid(), $1, $2, 1, 'completed', $3, $4, now(), now()) RETURNING id`,
          [options.documentId, options.versionId, options.requesterId, state],
        );
        const id = rows[0]?.id;
        await connection.query(
          `INSERT INTO events (id, type, payload) VALUES ('flow.started:' || $1, 'flow.started', $2),
                                                          ('flow.completed:' || $1, 'flow.completed', $2)`,
          [id, JSON.stringify({ instanceId: id })],
        );
        await connection.query(
          `INSERT INTO flow_steps (id, instance_id, event, actor_id, status, outcome, applied_at)
           VALUES ($1, $2, '{"type":"start"}', $3, 'done', '{}', now())`,
          [`${id}:start`, id, options.requesterId],
        );
        await connection.query('COMMIT');
      } finally {
        connection.release();
      }
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, client));
  await pool.end();
  return { starts: latencies.length, latencies };
}

serveRequests({ run });
