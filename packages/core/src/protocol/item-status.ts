/** Status of an input or output item. */
export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';
