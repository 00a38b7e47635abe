// docs/multi-agent.md: a handoff whose target sees only the user's messages.
// #region docs
import { type Agent, handoff } from '@mimo-agents/runner';

const refunds: Agent = { name: 'refunds', model: 'mimo-v2.6-pro', instructions: 'You issue refunds.' };

const support: Agent = {
  name: 'support',
  model: 'mimo-v2.6-pro',
  handoffs: [
    handoff(refunds, {
      toolName: 'escalate_refund',
      description: 'Hand refund requests to the refunds team',
      inputFilter: (history) => history.filter((item) => 'role' in item && item.role === 'user'),
    }),
  ],
};

// #endregion docs

export { support };
