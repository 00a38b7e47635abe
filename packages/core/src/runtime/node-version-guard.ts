// Imported first by the package index, before anything loads undici: on an older Node, undici
// fails while loading with an obscure TypeError, so the version is checked before it can.
import { checkNodeVersion } from './check-node-version.js';

checkNodeVersion(globalThis.process?.versions?.node);
