// The flow semantics: what the engine runs and the simulator walks. Rules and their ids: SPEC.md.
export { advanceFlow, maxArrivalsPerEvent } from './advance';
export {
  type AssignmentContext,
  type AssignmentResult,
  type OrgDirectory,
  resolveAssignment,
} from './assignment';
export { chooseEdges } from './choose-edges';
export { type DraftFlowGraph, readDraftGraph } from './draft';
export {
  type FlowProblem,
  type FlowProblemCode,
  type FormFacts,
  flowProblemCodes,
  formsBefore,
  listFlowProblems,
} from './draft-problems';
export * from './flow-state';
export { computeSla, type SlaTimes, slaStatus } from './sla';
export { type Memberships, mayStart, startersOf } from './starters';
