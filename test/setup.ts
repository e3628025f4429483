// Loaded before every test file (bunfig.toml). Integration tests start databases and processes on
// a 2-core machine shared with other suites: give them room, the assertions are about behaviour.
import { setDefaultTimeout } from 'bun:test';

setDefaultTimeout(120_000);
