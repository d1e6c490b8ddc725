/**
 * Whole apps for integration tests. Ceremony and crypto code (tests included) may not import
 * app/, the composition root; a test that needs a complete install takes it from here.
 */
export { createApp, type AppCore } from '../app/create-app.ts';
