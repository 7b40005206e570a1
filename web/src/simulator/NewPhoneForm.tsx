/** Creates a virtual phone (the number is optional: the emulator picks one). */
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api/client';
import type { SimPhone } from '../api/types';

export function NewPhoneForm({
  onCreated,
  onCancel,
}: {
  onCreated: (phone: SimPhone) => void;
  onCancel: () => void;
}) {
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const created = await api<SimPhone>('POST', '/api/v1/simulator/phones', {
        ...(phone.trim() ? { phone: phone.trim() } : {}),
        ...(name.trim() ? { name: name.trim() } : {}),
      });
      onCreated(created);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form onSubmit={submit} className="stack" aria-label="New virtual phone">
      <label className="field">
        Number (E.164, optional)
        <input
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          placeholder="+15551234567"
          data-testid="sim-new-phone-number"
        />
      </label>
      <label className="field">
        Name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Ana"
          data-testid="sim-new-phone-name"
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="primary" data-testid="sim-new-phone-create">
          Create
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
