// mimo-agents/jobs: durable runs (checkpoint stores, resume, BullMQ workers). Needs the optional
// peer dependency @mimo-agents/jobs installed beside mimo-agents (it brings bullmq and ioredis).
export * from '@mimo-agents/jobs';
