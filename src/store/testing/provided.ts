/** What the global setup hands to every test file (vitest `provide` / `inject`). */
declare module 'vitest' {
  export interface ProvidedContext {
    /** A Postgres server URL whose user may CREATE DATABASE; each test file makes its own. */
    postgresUrl: string;
  }
}

export {};
