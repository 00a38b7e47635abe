export {};
//# sourceMappingURL=checkpoint-store.js.map