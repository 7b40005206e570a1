/**
 * Builders for webhook payloads in Meta's documented shapes (reference §5.3), for tests.
 * Values mirror the docs' examples: WABA 102290129340398, number 106540352242922.
 */
export const WABA_ID = '102290129340398';
export const PHONE_NUMBER_ID = '106540352242922';
export const DISPLAY_PHONE_NUMBER = '15550783881';

export const METADATA = {
  display_phone_number: DISPLAY_PHONE_NUMBER,
  phone_number_id: PHONE_NUMBER_ID,
};

export const BUSINESS = {
  wabaId: WABA_ID,
  phoneNumberId: PHONE_NUMBER_ID,
  displayPhoneNumber: DISPLAY_PHONE_NUMBER,
};

/** `{object, entry:[{id, changes:[{field, value}]}]}` around one change value. */
export function wrap(value: Record<string, unknown>, field = 'messages', time?: number) {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: WABA_ID, ...(time === undefined ? {} : { time }), changes: [{ value, field }] }],
  };
}

/** A `messages` change value with the usual metadata and the given parts. */
export function messagesValue(parts: Record<string, unknown>) {
  return { messaging_product: 'whatsapp', metadata: METADATA, ...parts };
}

/** An inbound text message item, sent by `from` (`from`, `from_user_id`, or both). */
export const textMessage = (id: string, from: Record<string, string>, body = 'hi') => ({
  ...from,
  id,
  timestamp: '1749416383',
  type: 'text',
  text: { body },
});

export const KERRY = { profile: { name: 'Kerry Fisher' }, wa_id: '16315551234' };
