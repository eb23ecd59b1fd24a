/**
 * The contract suite's modes (`--mode`, CONTRACT_MODE), the first being the default: `full`;
 * `schema-only` for a stateless mock such as `prism mock` (only the checks of answer shapes);
 * `behind-validating-proxy` for `prism proxy --errors` (no negative requests). A module of its own,
 * so the command line can name them without loading the suite.
 */
export const CONTRACT_MODES = ['full', 'schema-only', 'behind-validating-proxy'] as const;

export type ContractMode = (typeof CONTRACT_MODES)[number];
