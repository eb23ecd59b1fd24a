/**
 * The accounts of the in-process run besides the fake's two demo keys (placeholders that exist
 * only there): one whose locale is Russian and one whose monthly allowance is used up, so that
 * the locale and quota checks run too. `serve` has neither unless told (--user-locales,
 * --user-quotas). A module of its own, so the command line can name them without loading the suite.
 */
export const IN_PROCESS_KEY_RU = 'demoKeyRussian00000000000000000000000000000000000000000000000004';
export const IN_PROCESS_KEY_USED_UP = 'demoKeyUsedUp000000000000000000000000000000000000000000000000005';
