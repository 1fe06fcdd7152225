// HTTP load generator (autocannon) in a process of its own, for the API scenarios.
import autocannon from 'autocannon';
import { serveRequests } from '../harness/child';

export interface HttpLoadResult {
  requests: number;
  /** How long the load ran. */
  seconds: number;
  perSecond: number;
  latency: { p50: number; p97_5: number; p99: number; max: number; mean: number };
  errors: number;
  non2xx: number;
  /** Responses by status code, so a failed run says what failed. */
  statuses: Record<string, number>;
}

/**
 * `paths` are spread over the requests in turn (each connection takes the next one); `headers` and `bodies`, when
 * given, go with the path of the same index (a session per path, a JSON body). The load runs for `duration`
 * seconds, going round the paths again, or sends each path once: a request that must not repeat (completing a
 * task) would fail the second time, and a machine fast enough to go round would see failures of its speed.
 */
async function run(options: {
  url: string;
  method: 'GET' | 'POST';
  paths: string[];
  headers?: Record<string, string>[];
  bodies?: string[];
  connections: number;
  duration: number | 'each path once';
}): Promise<HttpLoadResult> {
  let next = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.duration === 'each path once'
      ? { amount: options.paths.length }
      : { duration: options.duration }),
    requests: [
      {
        method: options.method,
        setupRequest: (request) => {
          const index = next++ % options.paths.length;
          return {
            ...request,
            path: options.paths[index],
            headers: { ...request.headers, ...options.headers?.[index] },
            ...(options.bodies ? { body: options.bodies[index] } : {}),
          };
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    seconds: result.duration,
    perSecond: result.requests.average,
    latency: {
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.mean,
    },
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statuses: Object.fromEntries(
      Object.entries(statusCodeStats(result)).map(([code, stats]) => [code, stats.count]),
    ),
  };
}

// In autocannon's result, not in its types.
function statusCodeStats(result: object): Record<string, { count: number }> {
  return (result as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
}

serveRequests({ run });
