// Errors
export { isMimoError, MimoError, type MimoErrorOptions } from './errors/mimo-error.js';
