import type { PresetName } from '../config/schema.js';
import { inDictionaryOrder } from './glossary.js';

/** The blank preset's seed: only the words of the workflow itself, no domain vocabulary (in dictionary order, as rendered). */
const WORKFLOW = inDictionaryOrder([
  { term: 'Acceptance criteria', definition: 'Observable outcomes a reviewer can verify; every issue states them before work starts.' },
  { term: 'ADR', definition: 'Architecture decision record: one numbered file stating a decision, its context, consequences and alternatives.' },
  { term: 'Changeset', definition: 'One minimal, reversible unit of change with its intent, files, patch, acceptance, smoke commands and backout.' },
  { term: 'Chat thread', definition: 'A numbered, turn-based conversation between the two roles on one topic; earlier messages are sealed and never edited.' },
  { term: 'Gate', definition: 'A check made before work starts: whether docs, an ADR, generated references or a review of the invariants are required.' },
  { term: 'Invariant', definition: 'A rule that must always hold; changing one requires an ADR.' },
  { term: 'Issue form', definition: 'The structured form every issue is opened with: problem, goal, invariants touched, ADR needed, acceptance criteria.' },
  { term: 'Supersede', definition: 'To replace an earlier ADR with a later one; both records link to each other and the old one keeps its text.' },
]);

/** The glossary init seeds for a preset. */
export const seedGlossary = (preset: PresetName) => (preset === 'blank' ? WORKFLOW : SEED_GLOSSARY);

/** The governed preset's seed: the reference workflow's vocabulary, in docpact's words (in dictionary order, as rendered). */
export const SEED_GLOSSARY = inDictionaryOrder([
  { term: 'Adapter', definition: 'The boundary between a registry entry and the processor or service that carries it out.' },
  { term: 'ADR', definition: 'Architecture decision record: one numbered file stating a decision, its context, consequences and alternatives.' },
  { term: 'Agent', definition: 'A processor that reads the world and proposes or adapts plans; it never writes world state directly.' },
  { term: 'ArtifactStore', definition: 'The storage plane for immutable files and JSON artifacts under /world/..., backed by S3 or MinIO.' },
  { term: 'CAS admission', definition: 'Compare-and-swap admission: exactly one scheduler moves a transition from runnable to applying.' },
  { term: 'Changeset', definition: 'One minimal, reversible unit of change with its intent, files, patch, acceptance, smoke commands and backout.' },
  { term: 'Chat thread', definition: 'A numbered, turn-based conversation between the architect and the engineer on one topic.' },
  { term: 'Facet', definition: 'One aspect of a subject (its plan, artifacts or streams), stored under the subject’s world path.' },
  { term: 'Gate', definition: 'A check made before work starts: whether docs, an ADR, generated references or safety reviews are required.' },
  { term: 'Hash chain', definition: 'Each event’s hash covers the previous hash and the canonical event, so history cannot be rewritten unnoticed.' },
  { term: 'Idempotency envelope', definition: 'Canonical JSON that gives an execution a deterministic identity, with an optional memo key for replay.' },
  { term: 'Invariant', definition: 'A rule that must always hold; changing one requires an ADR.' },
  { term: 'Lease', definition: 'Time-limited permission for one writer to change a world path.' },
  { term: 'Ledger', definition: 'The append-only, hash-chained record of events and budget movements, unique per plan and sequence number.' },
  { term: 'LedgerWriter', definition: 'The component that reserves and settles execution budgets atomically with their events.' },
  { term: 'Plan', definition: 'A set of transitions toward a goal, stored as a facet of the world.' },
  { term: 'Predicate', definition: 'A pure condition over world paths, used as a guard or a postcondition.' },
  { term: 'Receipt', definition: 'The record of an execution’s outcome, written on success and on failure.' },
  { term: 'Registry', definition: 'The versioned catalogue of tools, schemas, prompts and policies; executions pin a snapshot of it.' },
  { term: 'Reserve→settle', definition: 'Budget discipline: reserve integer units before work, settle the actual cost after, with no drift on retry.' },
  { term: 'Scratch', definition: 'The storage plane for ephemeral working files; never a source of truth.' },
  { term: 'StreamBus', definition: 'The storage plane for low-latency series such as audio, video and telemetry.' },
  { term: 'TruthStore', definition: 'The database plane holding plans, transitions, events, executions, predicates and policies.' },
  { term: 'World', definition: 'The addressable state of the system, organised as canonical paths.' },
  { term: 'WorldPath', definition: 'A canonical, case-normalised path naming one piece of world state.' },
]);
