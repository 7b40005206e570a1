/**
 * Named limits, one place. Each says where it comes from so a reader can check it.
 * WhatsApp figures: ../shared/reference/whatsapp-cloud-api.md; Braze figures: braze-canvas.md.
 */

/** Braze: Action Paths evaluation window defaults to 1 day. */
export const ACTION_PATHS_DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Braze: Action Paths evaluation window is at most 31 days. */
export const ACTION_PATHS_MAX_WINDOW_MS = 31 * 24 * 60 * 60 * 1000;
/** Braze: a Delay step waits at most 30 days. */
export const DELAY_MAX_MS = 30 * 24 * 60 * 60 * 1000;
/** Braze: Audience Paths has at most 8 ranked groups plus Everybody Else. */
export const AUDIENCE_PATHS_MAX_GROUPS = 8;
/** Braze: Experiment Paths splits over at most 4 paths (we allow a control on top). */
export const EXPERIMENT_PATHS_MAX_PATHS = 5;
/** Braze: a canvas has at most 200 steps. */
export const CANVAS_MAX_STEPS = 200;
/** Braze: canvas entry properties (`context`) are at most 50 KB. */
export const CONTEXT_MAX_BYTES = 50 * 1024;
/**
 * Steps one input may run through before the engine stops the journey. Loops must pass
 * through a wait (Action Paths or Delay); this cap stops a definition bug from spinning.
 * (goflow calls this MaxStepsPerSprint.)
 */
export const MAX_STEPS_PER_INPUT = 100;

/** WhatsApp's 24 h customer-service window. */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** WhatsApp text message body. */
export const WA_TEXT_BODY_MAX = 4096;
/** WhatsApp interactive reply-buttons body. */
export const WA_BUTTONS_BODY_MAX = 1024;
/** WhatsApp interactive list body. */
export const WA_LIST_BODY_MAX = 4096;
/** WhatsApp interactive header (text) and footer. */
export const WA_INTERACTIVE_HEADER_MAX = 60;
export const WA_INTERACTIVE_FOOTER_MAX = 60;
/** WhatsApp interactive reply buttons: 1 to 3, title at most 20 chars, id at most 256 chars. */
export const WA_REPLY_BUTTONS_MAX = 3;
export const WA_REPLY_BUTTON_TITLE_MAX = 20;
export const WA_REPLY_BUTTON_ID_MAX = 256;
/** WhatsApp list: at most 10 sections and 10 rows in total. */
export const WA_LIST_SECTIONS_MAX = 10;
export const WA_LIST_ROWS_MAX = 10;
export const WA_LIST_BUTTON_MAX = 20;
export const WA_LIST_SECTION_TITLE_MAX = 24;
export const WA_LIST_ROW_TITLE_MAX = 24;
export const WA_LIST_ROW_DESCRIPTION_MAX = 72;
export const WA_LIST_ROW_ID_MAX = 200;
/** WhatsApp template: header text 60, body 1024, footer 60, button label 25, ≤10 buttons. */
export const WA_TEMPLATE_HEADER_TEXT_MAX = 60;
export const WA_TEMPLATE_BODY_MAX = 1024;
export const WA_TEMPLATE_FOOTER_MAX = 60;
export const WA_TEMPLATE_BUTTON_LABEL_MAX = 25;
export const WA_TEMPLATE_BUTTONS_MAX = 10;
export const WA_TEMPLATE_QUICK_REPLIES_MAX = 10;
export const WA_TEMPLATE_NAME_MAX = 512;
/** Meta documents no payload limit; we keep ours short enough to be safe everywhere. */
export const WA_BUTTON_PAYLOAD_MAX = 256;
/** Meta: biz_opaque_callback_data is at most 512 characters. */
export const WA_CALLBACK_DATA_MAX = 512;
