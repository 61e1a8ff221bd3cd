/** Messages of the read-request workflow, shared by the workflow, the API and the tests. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Decide, ReadRequestState } from './read-request-rules.js';

export const READ_REQUEST_WORKFLOW_TYPE = 'readRequest';

/** `read-request-<id>`: one workflow per request. */
export const readRequestWorkflowId = (requestId: string): string => `read-request-${requestId}`;

/** ApplicationFailure type of a decision the validator refuses; details[0] is the ReadRefusal. */
export const READ_REQUEST_REFUSED = 'ReadRequestRefused';

export const readRequestStateQuery = defineQuery<ReadRequestState>('state');

/** An approver's decision on the current step; answers the new state (the projection is written first). */
export const decideUpdate = defineUpdate<ReadRequestState, [Decide]>('decide');
