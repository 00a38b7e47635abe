import { DeadlineTimer } from '@mimo-agents/core';

/**
 * The tool-call timeouts of the whole process (one Node timer for all calls in progress; see core's
 * `DeadlineTimer`), lingering between calls: calls one after another set no timer each.
 */
export const toolDeadlines = new DeadlineTimer({ linger: true });
