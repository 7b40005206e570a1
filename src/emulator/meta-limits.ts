/**
 * WhatsApp limits the emulator needs that src/canvas/limits.ts does not hold (the engine has
 * no use for them). The rest are imported from there. Source: the Cloud API reference, §2
 * and §8.2.
 */

/** Template URL button: the URL is at most 2,000 characters. */
export const WA_TEMPLATE_URL_MAX = 2000;
/** Template: at most 2 URL buttons, 1 phone-number button, 1 copy-code button. */
export const WA_TEMPLATE_URL_BUTTONS_MAX = 2;
export const WA_TEMPLATE_PHONE_BUTTONS_MAX = 1;
export const WA_TEMPLATE_COPY_CODE_BUTTONS_MAX = 1;
/** Template phone-number button: the number is at most 20 characters. */
export const WA_TEMPLATE_PHONE_NUMBER_MAX = 20;
/** Template copy-code button: the example code is at most 15 characters. */
export const WA_TEMPLATE_COPY_CODE_MAX = 15;
/** Template header text: at most one variable. */
export const WA_TEMPLATE_HEADER_VARIABLES_MAX = 1;
/** Media captions (image, video, document): at most 1,024 characters. */
export const WA_MEDIA_CAPTION_MAX = 1024;
/** Interactive call-to-action URL button: display text at most 20 characters. */
export const WA_CTA_DISPLAY_TEXT_MAX = 20;
/** Reactions are allowed on messages up to 30 days old. */
export const WA_REACTION_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** Media URLs from `GET /{media-id}` expire after 5 minutes. */
export const WA_MEDIA_URL_TTL_MS = 5 * 60 * 1000;
/** Approved templates deleted: the name is blocked for 30 days. */
export const WA_DELETED_TEMPLATE_NAME_BLOCK_MS = 30 * 24 * 60 * 60 * 1000;
