/** Error registries of @latchkey/backend. */
export {};
