/** The repositories, built over one executor: the store's database or one transaction. */
import type { RepoContext } from './context.js';
import { ApiKeys } from './repos/api-keys.js';
import { Broadcasts } from './repos/broadcasts.js';
import { BusinessNumbers } from './repos/business-numbers.js';
import { Canvases } from './repos/canvases.js';
import { Contacts } from './repos/contacts.js';
import { Entries } from './repos/entries.js';
import { Events } from './repos/events.js';
import { History } from './repos/history.js';
import { Inbox } from './repos/inbox.js';
import { Journeys } from './repos/journeys.js';
import { Leases } from './repos/leases.js';
import { MessageLog } from './repos/message-log.js';
import { Metrics } from './repos/metrics.js';
import { Outbox } from './repos/outbox.js';
import { Templates } from './repos/templates.js';
import { Timers } from './repos/timers.js';
import { Sessions, Users } from './repos/users.js';

export interface Repositories {
  contacts: Contacts;
  templates: Templates;
  canvases: Canvases;
  journeys: Journeys;
  history: History;
  entries: Entries;
  inbox: Inbox;
  timers: Timers;
  outbox: Outbox;
  messages: MessageLog;
  metrics: Metrics;
  events: Events;
  leases: Leases;
  numbers: BusinessNumbers;
  apiKeys: ApiKeys;
  users: Users;
  sessions: Sessions;
  broadcasts: Broadcasts;
}

export function createRepositories(ctx: RepoContext): Repositories {
  return {
    contacts: new Contacts(ctx),
    templates: new Templates(ctx),
    canvases: new Canvases(ctx),
    journeys: new Journeys(ctx),
    history: new History(ctx),
    entries: new Entries(ctx),
    inbox: new Inbox(ctx),
    timers: new Timers(ctx),
    outbox: new Outbox(ctx),
    messages: new MessageLog(ctx),
    metrics: new Metrics(ctx),
    events: new Events(ctx),
    leases: new Leases(ctx),
    numbers: new BusinessNumbers(ctx),
    apiKeys: new ApiKeys(ctx),
    users: new Users(ctx),
    sessions: new Sessions(ctx),
    broadcasts: new Broadcasts(ctx),
  };
}
