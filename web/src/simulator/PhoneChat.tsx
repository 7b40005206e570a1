/**
 * One virtual phone's chat, drawn like WhatsApp: the business on the left with its
 * quick-reply buttons, the phone's own messages on the right with delivery ticks.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api/client';
import type { SimMessage, SimPhone } from '../api/types';
import { ChatBubble } from '../chat/ChatBubble';
import { simBubble } from '../chat/bubbles';
import { usePoll } from '../lib/use-async';
import { phoneLabel } from './SimulatorPage';

/** Fast enough that a reply feels instant in a demo. */
const CHAT_POLL_MS = 1000;

/**
 * The phone has the business's message once it is delivered (or read): only then can its
 * buttons be tapped — the emulator refuses a tap on a message still accepted or sent.
 */
function received(message: SimMessage): boolean {
  return message.direction === 'inbound' || ['delivered', 'read'].includes(message.status);
}

export function PhoneChat({ phone }: { phone: SimPhone }) {
  const base = `/api/v1/simulator/phones/${encodeURIComponent(phone.key)}`;
  const chat = usePoll(
    () => api<{ messages: SimMessage[] }>('GET', `${base}/chat`),
    phone.key,
    CHAT_POLL_MS,
  );
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const end = useRef<HTMLDivElement>(null);
  const messages = chat.data?.messages ?? [];

  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [messages.length]);

  const act = async (run: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await run();
      chat.reload();
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const body = text.trim();
    if (body === '') return;
    if (await act(() => api('POST', `${base}/messages`, { text: body }))) setText('');
  };

  return (
    <div className="phone" aria-label={`Chat of ${phoneLabel(phone)}`}>
      <div className="phone-bar">
        <span className="phone-avatar" aria-hidden="true">
          R
        </span>
        <span>
          <strong>Business</strong>
          <span className="small">as seen by {phoneLabel(phone)}</span>
        </span>
      </div>
      <div className="chat-screen phone-chat" data-testid="sim-chat" aria-live="polite">
        {chat.error && <p className="error">{chat.error}</p>}
        {messages.length === 0 && <p className="chat-empty">No messages yet.</p>}
        {messages.map((m) => (
          <ChatBubble
            key={m.id}
            bubble={simBubble(m)}
            busy={busy || !received(m)}
            onTap={(index) =>
              void act(() => api('POST', `${base}/tap`, { message_id: m.id, index }))
            }
          />
        ))}
        <div ref={end} />
      </div>
      {error && (
        <p className="error phone-error" role="alert">
          {error}
        </p>
      )}
      <form className="phone-input" onSubmit={send}>
        <label className="grow">
          <span className="visually-hidden">Message</span>
          <input
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Type a message"
            data-testid="sim-text-input"
          />
        </label>
        <button
          type="submit"
          className="send"
          disabled={busy || text.trim() === ''}
          data-testid="sim-send"
          aria-label="Send"
        >
          Send
        </button>
      </form>
    </div>
  );
}
