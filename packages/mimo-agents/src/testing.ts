// mimo-agents/testing: the local MiMo-compatible server (scripted replies, demo model, faults).
export * from '@mimo-agents/testing';
