/**
 * The phone simulator's control API (no token: this is the user's side). `:phone` is the
 * phone's key (`p1`), its number (`+16505551234` or digits) or its BSUID. Errors answer
 * `{error: {message}}` with 400 / 404 / 409.
 *
 * - `GET    /_emulator/phones` → `{data: [phone]}`
 * - `POST   /_emulator/phones` `{phone?, name?, identity?: "phone"|"phone_and_user_id"|"user_id",
 *   user_id?, username?, on_whatsapp?, online?, auto_read?, read_receipts?}` → 201 phone
 * - `GET    /_emulator/phones/:phone` → phone
 * - `PATCH  /_emulator/phones/:phone` `{name?, on_whatsapp?, online?, auto_read?, read_receipts?}` → phone
 * - `DELETE /_emulator/phones/:phone` → `{success: true}`
 * - `GET    /_emulator/phones/:phone/chat?business=<phone_number_id>` → `{phone, messages: [message]}`
 *   (both directions, oldest first; outbound with rendered `content`, `status`, `tapped`)
 * - `POST   /_emulator/phones/:phone/messages` `{type: "text", text}` | `{text}` |
 *   `{type: "image"|"video"|"audio"|"document"|"sticker", caption?, filename?, mime_type?, data_base64?}` |
 *   `{type: "location", latitude, longitude, name?, address?}` | `{type: "unsupported", unsupported_type?}`,
 *   each with optional `business` and `reply_to` (a business wamid to quote) → 201 `{message}`
 * - `POST   /_emulator/phones/:phone/tap` `{message_id?, index?, label?, id?}` → 201 `{message}`
 * - `POST   /_emulator/phones/:phone/react` `{message_id, emoji?}` (no emoji: un-react) → 201 `{message}`
 * - `POST   /_emulator/phones/:phone/read` `{business?}` → `{success: true}`
 * - `POST   /_emulator/phones/:phone/marketing` `{value: "stop"|"resume", business?}` → phone
 * - `POST   /_emulator/phones/:phone/change-number` `{phone}` → phone
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EmulatorContext } from './context.js';
import { messageView, phoneView } from './control-views.js';
import { ControlError } from './control-error.js';
import {
  changeNumber,
  openChat,
  react,
  sendFromPhone,
  setMarketing,
  setOnline,
  type UserMessage,
} from './phone-actions.js';
import { isE164 } from './phone-numbers.js';
import type { VirtualPhone } from './phones.js';
import { tap } from './tap.js';

const NewPhone = z.strictObject({
  phone: z.string().refine(isE164, 'an E.164 number like +16505551234').optional(),
  name: z.string().min(1).optional(),
  identity: z.enum(['phone', 'phone_and_user_id', 'user_id']).optional(),
  user_id: z.string().optional(),
  username: z.string().optional(),
  on_whatsapp: z.boolean().optional(),
  online: z.boolean().optional(),
  auto_read: z.boolean().optional(),
  read_receipts: z.boolean().optional(),
});

const PhonePatch = NewPhone.pick({
  name: true,
  on_whatsapp: true,
  online: true,
  auto_read: true,
  read_receipts: true,
});

const Routing = { business: z.string().optional(), reply_to: z.string().optional() };
const UserMessageBody = z.union([
  z.strictObject({ type: z.literal('text').optional(), text: z.string().min(1), ...Routing }),
  z.strictObject({
    type: z.enum(['image', 'video', 'audio', 'document', 'sticker']),
    caption: z.string().optional(),
    filename: z.string().optional(),
    mime_type: z.string().optional(),
    data_base64: z.string().optional(),
    ...Routing,
  }),
  z.strictObject({
    type: z.literal('location'),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    name: z.string().optional(),
    address: z.string().optional(),
    ...Routing,
  }),
  z.strictObject({
    type: z.literal('unsupported'),
    unsupported_type: z.string().optional(),
    ...Routing,
  }),
]);

const TapBody = z.strictObject({
  message_id: z.string().optional(),
  index: z.number().int().min(0).optional(),
  label: z.string().optional(),
  id: z.string().optional(),
});

type P = { Params: { phone: string } };

export async function registerPhoneRoutes(app: FastifyInstance, ctx: EmulatorContext) {
  const phoneOf = (ref: string): VirtualPhone => {
    const phone = ctx.state.phones.find(ref);
    if (!phone) throw new ControlError(404, `No virtual phone ${ref}.`);
    return phone;
  };
  const now = () => ctx.scheduler.now();

  app.get('/_emulator/phones', async () => ({
    data: ctx.state.phones.list().map((p) => phoneView(ctx, p)),
  }));

  app.post('/_emulator/phones', async (request, reply) => {
    const body = NewPhone.parse(request.body ?? {});
    const phone = ctx.state.phones.create(
      {
        ...(body.phone !== undefined ? { phone: body.phone } : {}),
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.identity !== undefined ? { identity: body.identity } : {}),
        ...(body.user_id !== undefined ? { userId: body.user_id } : {}),
        ...(body.username !== undefined ? { username: body.username } : {}),
        ...(body.on_whatsapp !== undefined ? { onWhatsApp: body.on_whatsapp } : {}),
        ...(body.online !== undefined ? { online: body.online } : {}),
        ...(body.auto_read !== undefined ? { autoRead: body.auto_read } : {}),
        ...(body.read_receipts !== undefined ? { readReceipts: body.read_receipts } : {}),
      },
      now(),
    );
    return reply.status(201).send(phoneView(ctx, phone));
  });

  app.get<P>('/_emulator/phones/:phone', async (request) =>
    phoneView(ctx, phoneOf(request.params.phone)),
  );

  app.patch<P>('/_emulator/phones/:phone', async (request) => {
    const phone = phoneOf(request.params.phone);
    const body = PhonePatch.parse(request.body ?? {});
    if (body.name !== undefined) phone.name = body.name;
    if (body.on_whatsapp !== undefined) phone.onWhatsApp = body.on_whatsapp;
    if (body.auto_read !== undefined) phone.autoRead = body.auto_read;
    if (body.read_receipts !== undefined) phone.readReceipts = body.read_receipts;
    if (body.online !== undefined) setOnline(ctx, phone, body.online);
    return phoneView(ctx, phone);
  });

  app.delete<P>('/_emulator/phones/:phone', async (request) => {
    ctx.state.phones.remove(phoneOf(request.params.phone).key);
    return { success: true };
  });

  app.get<P & { Querystring: { business?: string } }>(
    '/_emulator/phones/:phone/chat',
    async (request) => {
      const phone = phoneOf(request.params.phone);
      const messages = ctx.state.log.chat(phone.key, request.query.business);
      return { phone: phoneView(ctx, phone), messages: messages.map(messageView) };
    },
  );

  app.post<P>('/_emulator/phones/:phone/messages', async (request, reply) => {
    const phone = phoneOf(request.params.phone);
    const { business, reply_to: replyTo, ...rest } = UserMessageBody.parse(request.body ?? {});
    const message: UserMessage = 'text' in rest ? { type: 'text', text: rest.text } : rest;
    const sent = sendFromPhone(ctx, phone, message, business, replyTo);
    return reply.status(201).send({ message: messageView(sent) });
  });

  app.post<P>('/_emulator/phones/:phone/tap', async (request, reply) => {
    const phone = phoneOf(request.params.phone);
    const body = TapBody.parse(request.body ?? {});
    const message = tap(ctx, phone, {
      ...(body.message_id !== undefined ? { messageId: body.message_id } : {}),
      ...(body.index !== undefined ? { index: body.index } : {}),
      ...(body.label !== undefined ? { label: body.label } : {}),
      ...(body.id !== undefined ? { id: body.id } : {}),
    });
    return reply.status(201).send({ message: messageView(message) });
  });

  app.post<P>('/_emulator/phones/:phone/react', async (request, reply) => {
    const phone = phoneOf(request.params.phone);
    const body = z
      .strictObject({ message_id: z.string(), emoji: z.string().optional() })
      .parse(request.body ?? {});
    const message = react(ctx, phone, body.message_id, body.emoji);
    return reply.status(201).send({ message: messageView(message) });
  });

  app.post<P>('/_emulator/phones/:phone/read', async (request) => {
    const body = z.strictObject({ business: z.string().optional() }).parse(request.body ?? {});
    openChat(ctx, phoneOf(request.params.phone), body.business);
    return { success: true };
  });

  app.post<P>('/_emulator/phones/:phone/marketing', async (request) => {
    const phone = phoneOf(request.params.phone);
    const body = z
      .strictObject({ value: z.enum(['stop', 'resume']), business: z.string().optional() })
      .parse(request.body ?? {});
    setMarketing(ctx, phone, body.value, body.business);
    return phoneView(ctx, phone);
  });

  app.post<P>('/_emulator/phones/:phone/change-number', async (request) => {
    const phone = phoneOf(request.params.phone);
    const body = z.strictObject({ phone: z.string() }).parse(request.body ?? {});
    changeNumber(ctx, phone, body.phone);
    return phoneView(ctx, phone);
  });
}
