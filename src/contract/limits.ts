/** Bedrock's limits for Stability text-to-image requests, and Framefill's own. */
export const PROMPT_MAX_LENGTH = 10_000;
export const NEGATIVE_PROMPT_MAX_LENGTH = 10_000;
export const SEED_MIN = 0;
export const SEED_MAX = 4_294_967_295;
/** Images per target in one generation. */
export const VARIANTS_MIN = 1;
export const VARIANTS_MAX = 4;
/** Characters in the name of a prompt saved in a file ("Save prompt"). */
export const SAVED_PROMPT_NAME_MAX_LENGTH = 60;
