/**
 * The phone simulator (emulator mode): pick or create a virtual phone and use it like
 * WhatsApp — see the business's messages with their buttons, tap a quick reply, type.
 * The chat is polled, so a canvas's reply shows up on its own.
 */
import { useState } from 'react';
import { api } from '../api/client';
import type { SimPhone } from '../api/types';
import { usePoll } from '../lib/use-async';
import { navigate } from '../router';
import { PhoneChat } from './PhoneChat';
import { NewPhoneForm } from './NewPhoneForm';

const PHONES_POLL_MS = 3000;

/** How a phone is named in the picker and the URL: its number, which a test knows. */
export function phoneRef(p: SimPhone): string {
  return p.phone ?? p.user_id ?? p.key;
}

export function phoneLabel(p: SimPhone): string {
  const number = p.phone ?? p.user_id ?? p.key;
  return p.name ? `${p.name} (${number})` : number;
}

export function SimulatorPage({ initialPhone }: { initialPhone: string | undefined }) {
  const phones = usePoll(
    () => api<{ data: SimPhone[] }>('GET', '/api/v1/simulator/phones'),
    'phones',
    PHONES_POLL_MS,
  );
  const [creating, setCreating] = useState(false);
  const list = phones.data?.data ?? [];
  const current =
    list.find(
      (p) => initialPhone !== undefined && [p.key, p.phone, p.user_id].includes(initialPhone),
    ) ?? (initialPhone ? undefined : list[0]);
  const noEmulator = phones.error !== undefined && phones.data === undefined;

  return (
    <section className="page simulator">
      <header className="page-header">
        <h1>Phone simulator</h1>
      </header>
      {noEmulator ? (
        <p className="notice is-error" role="alert">
          {phones.error} The simulator works when Riposte runs with the built-in WhatsApp emulator.
        </p>
      ) : (
        <div className="sim-layout">
          <div className="sim-side card">
            <label className="field">
              Phone
              <select
                value={current ? phoneRef(current) : ''}
                onChange={(e) => navigate(`/simulator/${encodeURIComponent(e.target.value)}`)}
                data-testid="sim-phone-picker"
              >
                {current === undefined && (
                  <option value="">
                    {list.length === 0 ? 'No phones yet' : 'Choose a phone…'}
                  </option>
                )}
                {list.map((p) => (
                  <option key={p.key} value={phoneRef(p)}>
                    {phoneLabel(p)}
                  </option>
                ))}
              </select>
            </label>
            {creating ? (
              <NewPhoneForm
                onCancel={() => setCreating(false)}
                onCreated={(phone) => {
                  setCreating(false);
                  phones.reload();
                  navigate(`/simulator/${encodeURIComponent(phoneRef(phone))}`);
                }}
              />
            ) : (
              <button type="button" onClick={() => setCreating(true)} data-testid="sim-new-phone">
                New virtual phone
              </button>
            )}
            <p className="hint">
              Enter the phone into a canvas through the API (or let it message you), then answer
              here as the customer would.
            </p>
          </div>
          {current ? (
            <PhoneChat key={current.key} phone={current} />
          ) : (
            <p className="empty">
              {initialPhone
                ? `No virtual phone ${initialPhone}.`
                : 'Create a virtual phone to start.'}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
