import { defineCatalogue } from '../translate.js';

// The chat panel: who can read the messages, the message box, and where each message was written.
export const chatMessages = defineCatalogue('chat', {
  heading: 'Chat',
  close: 'Close chat',
  noMessages: 'No messages yet.',
  logLabel: 'Chat messages',
  placeholder: 'Type a message',
  message: 'Message',
  send: 'Send',
  inWaitingRoom: 'In the waiting room',
  inCall: 'In the call',
  you: 'You',
  notSaved: 'They are not saved.',
  callGroupClient: 'Messages here are seen by everyone in this call, including the other clients. {notSaved}',
  call: 'Messages here are seen by everyone in this call. {notSaved}',
  waitingGroupProvider: 'Messages here are seen by everyone in the waiting room: every client waiting for this visit. {notSaved}',
  waitingProvider: 'Messages here are seen by everyone in the waiting room. {notSaved}',
  waitingGroupClient:
    "Messages here are seen by your provider and everyone in the waiting room, including other clients. Don't share anything private here. {notSaved}",
  waitingClient: 'Messages here are seen by your provider and everyone in the waiting room. {notSaved}',
  oneCharacterLeft: '1 character left',
  charactersLeft: '{count} characters left',
  sendTo: 'Send messages to',
  toCall: 'People in the call',
  toWaiting: 'People waiting',
  newMessage: 'New chat message from {name}',
  newMessages: '{count} new chat messages, the latest from {name}',
});
