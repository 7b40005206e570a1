/**
 * A WhatsApp-style message bubble, with quick-reply buttons under it. With `onTap` the
 * buttons are real buttons (the simulator); otherwise they are drawn for reading only.
 */
import type { Bubble } from './bubbles';
import { formatTime } from '../lib/format';

const TICKS: Record<string, string> = {
  accepted: '🕓',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓',
  failed: '!',
};

export function ChatBubble({
  bubble,
  onTap,
  busy = false,
}: {
  bubble: Bubble;
  onTap?: (index: number, label: string) => void;
  busy?: boolean;
}) {
  const { side, header, text, footer, buttons, tapped, at, status } = bubble;
  return (
    <div className={`bubble-wrap is-${side}`}>
      <div className={`bubble is-${side}`} data-testid="chat-bubble" data-side={side}>
        {header && <div className="bubble-header">{header}</div>}
        <div className="bubble-text">{text}</div>
        {footer && <div className="bubble-footer">{footer}</div>}
        <div className="bubble-meta">
          {at !== undefined && <time>{formatTime(at)}</time>}
          {status && side === 'mine' && TICKS[status] && (
            <span className={`ticks is-${status}`} aria-label={status}>
              {TICKS[status]}
            </span>
          )}
          {status === 'failed' && side === 'theirs' && (
            <span className="ticks is-failed">failed</span>
          )}
        </div>
      </div>
      {buttons.length > 0 && (
        <div
          className="quick-replies"
          role={onTap ? 'group' : undefined}
          aria-label="Quick replies"
        >
          {buttons.map((b) => {
            const chosen = tapped === b.index;
            const className = `quick-reply${chosen ? ' is-tapped' : ''}`;
            return onTap && b.replies ? (
              <button
                key={b.index}
                type="button"
                className={className}
                disabled={busy}
                aria-pressed={chosen}
                onClick={() => onTap(b.index, b.label)}
                data-testid={`quick-reply-${b.index}`}
              >
                {b.label}
              </button>
            ) : (
              <span
                key={b.index}
                className={className}
                data-testid={`quick-reply-label-${b.index}`}
              >
                {b.label}
                {chosen && <span className="visually-hidden"> (tapped)</span>}
              </span>
            );
          })}
        </div>
      )}
    </div>
  );
}
