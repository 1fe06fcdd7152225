import { Environment } from '@marcbachmann/cel-js';
import { compileCondition, conditionContextVariable } from './compile';
import type { Condition } from './condition.schema';

// Building an environment is costly; one serves every evaluation.
const environment = new Environment({ limits: { maxAstNodes: 50_000, maxDepth: 64 } }).registerVariable(
  conditionContextVariable,
  'map',
);

/**
 * Evaluates a condition against JSON-like data (plain objects, arrays, strings, numbers, booleans, null).
 * Only own properties are read. Throws when the context holds a value CEL cannot represent (a function).
 */
export function evaluateCondition(condition: Condition, context: Record<string, unknown>): boolean {
  return environment.evaluate(compileCondition(condition), { [conditionContextVariable]: context }) === true;
}
