// Vitest runs this before every test file (setupFiles), so its hooks apply to each file in turn.
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dir.js';

afterAll(removeTempDirs);
