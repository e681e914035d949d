import { sessionSetup } from './session.setup.js';

/** Mirrors the `connection` actor's status and carries the session's messages to it. */
export const linkRegion = sessionSetup.createStateConfig({
  initial: 'connecting',
  on: {
    'LINK.STATUS': [
      { guard: { type: 'reports', params: { status: 'connected' } }, target: '.connected' },
      { guard: { type: 'reports', params: { status: 'reconnecting' } }, target: '.reconnecting' },
      { guard: { type: 'reports', params: { status: 'connecting' } }, target: '.connecting' },
    ],
    CHANGE_SIZE: { actions: 'sendSize' },
    'SPEECH.REQUEST': { actions: 'sendSpeech' },
    CLEAR_BUFFER: { actions: 'sendClearBuffer' },
    'LINK.QUALITY': { actions: ['storeConnectionQuality', 'reportConnectionQuality'] },
    'LINK.MEDIA': { actions: 'storeRemoteStream' },
  },
  states: {
    connecting: {},
    connected: {},
    reconnecting: { entry: ['markConnectionLost', 'reportConnectionQuality'] },
  },
});
