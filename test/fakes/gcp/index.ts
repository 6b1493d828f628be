export { type FakeGcp, type FakeGcpRequest, startFakeGcp } from './server.js';
