// @ts-check
// The scoring protocol, declared once: what crosses between the page (scoring-client.js), the
// tab's scoring worker (quiz-worker.js) and the Python engine behind it (quiz-bridge.js calls
// src/clearpicture/scoring.py). Types only: no page or worker loads this file; the others name
// these types in their JSDoc.

// --- what the engine reads and gives back (scoring.py's Definition, Answers and results) -------

/**
 * A quiz or checklist definition, as the build embeds it in data-cp-definition
 * (model.to_definition()). The page reads only what is named here.
 * @typedef {object} Definition
 * @property {number} schema
 * @property {string} id
 * @property {"quiz" | "checklist"} kind
 * @property {{id: string, min: number}[]} bands
 * @property {QuestionDefinition[]} [questions] quiz: in definition order
 * @property {number} [hint_penalty] quiz: the share of a question's points an opened hint costs
 * @property {{id: string, area: string, applies_if?: string[]}[]} [items] checklist: in definition order
 * @property {{id: string, unsure: boolean}[]} [scale] checklist: the answer options
 * @property {{options: string[], unsure: string | null}} [profile] checklist: what a household may use
 */

/**
 * One quiz question as scoring needs it (model.Question.to_definition()).
 * @typedef {object} QuestionDefinition
 * @property {string} id
 * @property {"single" | "multiple" | "truefalse" | "fill-in" | "number" | "order"} type
 * @property {number} [points] what it is worth (1 when absent)
 * @property {boolean} [hint] it has a hint
 * @property {string[]} [options] choice types
 * @property {string[]} [correct] choice types
 * @property {string[]} [accept] fill-in: the answers that count
 * @property {number} [value] number
 * @property {number} [tolerance] number
 * @property {string} [unit] number
 * @property {string[]} [items] order: the items in their right order
 */

/**
 * One reader's answers: {question or item: option} or, for a multiple question, [options]; for
 * a fill-in or number question the text typed, for an order question the items in order.
 * @typedef {Record<string, string | string[]>} Answers
 */

/**
 * One question's outcome. selected / correct: option ids, or for fill-in and number the text
 * typed and the accepted answers, for order the items in the reader's and in the right order.
 * @typedef {object} QuestionResult
 * @property {string} id
 * @property {"correct" | "partial" | "incorrect" | "unanswered"} status
 * @property {string[]} selected
 * @property {string[]} correct
 * @property {number} points what the question is worth
 * @property {number} earned its credit times its points (less a hint penalty), 2 decimals
 * @property {boolean} hinted the reader opened its hint
 * @property {"not-a-number"} [note] a number question's answer could not be read as a number
 */

/**
 * @typedef {object} QuizResult
 * @property {"quiz"} kind
 * @property {number} score points earned, 2 decimals
 * @property {number} max points the quiz is worth
 * @property {number} percent
 * @property {string} band
 * @property {number} correct how many questions are fully right
 * @property {number} hints how many hints the reader opened
 * @property {QuestionResult[]} questions
 * @property {string[]} missing
 * @property {string[]} unknown
 */

/**
 * @typedef {object} AreaResult
 * @property {string} id
 * @property {number} exposure
 * @property {string} band
 * @property {number} answered
 * @property {number} total
 */

/**
 * @typedef {object} PlanStep
 * @property {string} item
 * @property {"fix" | "find-out"} step
 * @property {number} reduction
 * @property {number} minutes
 * @property {number} per_minute
 * @property {number[]} [members] household: the members (0-based) whose answer this step concerns
 */

/**
 * @typedef {object} ChecklistResult
 * @property {"checklist"} kind
 * @property {number} exposure
 * @property {string} band
 * @property {number} answered
 * @property {number} total
 * @property {AreaResult[]} areas
 * @property {PlanStep[]} plan
 * @property {string[]} missing
 * @property {string[]} unknown
 * @property {string[]} skipped items the household profile says do not apply: not asked, not scored
 */

/**
 * @typedef {object} HouseholdResult
 * @property {"household"} kind
 * @property {ChecklistResult} combined
 * @property {ChecklistResult[]} members
 */

/** @typedef {QuizResult | ChecklistResult | HouseholdResult} Result */

// --- the messages ------------------------------------------------------------------------------

/**
 * score: one reader's answers; score_household: a checklist, one answers object per member;
 * prepare: no answers, the engine reads the definition now (scoring.prepare) so a later score
 * of it only grades (the page asks when it starts the worker; the reply's result is null).
 * @typedef {"score" | "score_household" | "prepare"} RequestType
 */

/**
 * The engine's keyword arguments: a checklist's household profile (the profile options ticked,
 * or null when none was given; every item then applies).
 * @typedef {{profile?: string[] | null}} ScoreOptions
 */

/**
 * Page -> worker. Requests sent before Python is up wait in the worker for it.
 * @typedef {object} ScoreRequest
 * @property {number} id matches the reply to its request
 * @property {RequestType} type
 * @property {Definition | string} definition the definition, or its JSON text as the page
 *   embeds it: one string crosses to the worker and into Python at once, where an object of a
 *   thousand questions is copied piece by piece (the engine reads each text once)
 * @property {Answers | Answers[]} answers
 * @property {string[]} [hints] score: the quiz questions whose hint the reader opened
 * @property {ScoreOptions} [options] the engine's keyword arguments (a checklist's profile)
 */

/**
 * Worker -> page, once per request: the engine's result as the JSON text Python wrote (one
 * string, parsed once on the page), or its error as "Name: message".
 * @typedef {{id: number, ok: true, text: string} | {id: number, ok: false, error: string}} ScoreReply
 */

/**
 * Worker -> page, once: Python is up and has scored a warm-up quiz and checklist. from: how it
 * started ("snapshot": from the memory snapshot an earlier visit kept, runtime-snapshot.js;
 * "start": the plain way); snapshotMs: how long taking a snapshot on the way took (before any
 * request), or null when none was taken.
 * @typedef {{type: "ready", from: "snapshot" | "start", snapshotMs: number | null}} Ready
 */

/**
 * Worker -> page, once, instead of Ready: Pyodide or the scoring module could not start.
 * @typedef {{type: "failed", error: string}} Failed
 */

/**
 * Worker -> page, while the runtime downloads: bytes received so far of what the network sends
 * (compressed, where the host compresses), out of the whole download. Not sent for files the
 * worker finds in its cache (a second visit downloads nothing).
 * @typedef {{type: "progress", loaded: number, total: number}} Progress
 */

/** @typedef {ScoreReply | Ready | Failed | Progress} WorkerMessage */

export {};
