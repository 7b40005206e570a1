// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SimMessage } from '../api/types';
import { SimulatorPage } from './SimulatorPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const template: SimMessage = {
  id: 'wamid.1',
  direction: 'outbound',
  at: '2026-01-01T10:00:00.000Z',
  type: 'template',
  status: 'read',
  content: {
    body: 'Hi Ana, how was your order A-1042?',
    buttons: ['YES', 'NO', 'TALK TO SUPPORT'].map((text, index) => ({
      index,
      type: 'QUICK_REPLY',
      text,
    })),
  },
};

/** The simulator routes of the API, in memory: a tap adds the tap and the canvas's reply. */
function fakeServer(first: SimMessage = template) {
  const posts: Array<{ path: string; body: unknown }> = [];
  const chat: SimMessage[] = [first];
  vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
    const body: unknown = init.body ? JSON.parse(String(init.body)) : undefined;
    const json = (status: number, value: unknown) =>
      new Response(JSON.stringify(value), { status });
    if (path === '/api/v1/simulator/phones')
      return json(200, { data: [{ key: 'p1', phone: '+15551234567', name: 'Ana' }] });
    if (path === '/api/v1/simulator/phones/p1/chat')
      return json(200, { phone: 'p1', messages: chat });
    posts.push({ path, body });
    if (path.endsWith('/tap')) {
      chat[0] = { ...template, tapped: { index: 1, title: 'NO' } };
      chat.push(
        {
          id: 'in.1',
          direction: 'inbound',
          at: 2,
          type: 'button',
          status: 'read',
          content: { button: { text: 'NO' } },
        },
        {
          id: 'wamid.2',
          direction: 'outbound',
          at: 3,
          type: 'text',
          status: 'delivered',
          content: { body: 'Sorry to hear that.' },
        },
      );
    }
    if (path.endsWith('/messages'))
      chat.push({
        id: 'in.2',
        direction: 'inbound',
        at: 4,
        type: 'text',
        status: 'received',
        content: { text: { body: 'hmm maybe' } },
      });
    return json(201, { message: chat[chat.length - 1] });
  });
  return posts;
}

describe('phone simulator', () => {
  it('shows the chat like WhatsApp, taps a quick reply and sends text', async () => {
    const posts = fakeServer();
    const user = userEvent.setup();
    render(<SimulatorPage initialPhone={undefined} />);

    const picker = await screen.findByTestId('sim-phone-picker');
    expect((picker as HTMLSelectElement).value).toBe('+15551234567');
    expect(within(picker).getByRole('option').textContent).toBe('Ana (+15551234567)');
    const texts = async () =>
      (await screen.findAllByTestId('chat-bubble')).map(
        (b) => b.querySelector('.bubble-text')?.textContent,
      );
    expect(await texts()).toEqual(['Hi Ana, how was your order A-1042?']);

    await user.click(screen.getByRole('button', { name: 'NO' }));
    expect(posts).toEqual([
      { path: '/api/v1/simulator/phones/p1/tap', body: { message_id: 'wamid.1', index: 1 } },
    ]);
    expect(await screen.findByText('Sorry to hear that.')).toBeTruthy();
    expect(await texts()).toEqual([
      'Hi Ana, how was your order A-1042?',
      'NO',
      'Sorry to hear that.',
    ]);
    expect(screen.getByTestId('quick-reply-1').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getAllByTestId('chat-bubble').map((b) => b.dataset.side)).toEqual([
      'theirs',
      'mine',
      'theirs',
    ]);

    await user.type(screen.getByTestId('sim-text-input'), 'hmm maybe');
    await user.click(screen.getByTestId('sim-send'));
    expect(posts[1]).toEqual({
      path: '/api/v1/simulator/phones/p1/messages',
      body: { text: 'hmm maybe' },
    });
    expect(await screen.findByText('hmm maybe')).toBeTruthy();
    expect((screen.getByTestId('sim-text-input') as HTMLInputElement).value).toBe('');
  });

  it('offers the buttons of a message only once the phone has received it', async () => {
    fakeServer({ ...template, status: 'sent' });
    render(<SimulatorPage initialPhone="+15551234567" />);
    const no = await screen.findByTestId('quick-reply-1');
    expect((no as HTMLButtonElement).disabled).toBe(true);
  });
});
