// A @grpc/grpc-js client that runs one interop case against the server at argv[2] and prints one JSON line:
// { code, details, ... } as grpc-js saw the call. Usage: node grpc-js-client.js 127.0.0.1:PORT CASE SERVICE_CREDENTIAL
'use strict';
const { grpc, EchoService, Health, echoServiceName, maxReceiveMessageSize } = require('./protos');

const [target, name, serviceCredential] = process.argv.slice(2);
const credentials = grpc.credentials.createInsecure();
const echo = new EchoService(target, credentials);
const health = new Health(target, credentials);

function unary(client, method, request, { metadata = new grpc.Metadata(), deadlineMs } = {}) {
  return new Promise((resolve) => {
    const result = {};
    const options = deadlineMs ? { deadline: Date.now() + deadlineMs } : {};
    metadata.set('x-service-credential', serviceCredential);
    const call = client[method](request, metadata, options, (error, reply) => {
      if (error) {
        Object.assign(result, { code: error.code, details: error.details, trailers: error.metadata.getMap() });
      } else {
        Object.assign(result, { code: 0, reply });
      }
    });
    call.on('metadata', (headers) => { result.headers = headers.getMap(); });
    call.on('status', (status) => {
      result.trailers = status.metadata.getMap();
      // The callback runs before 'status' for errors; give it a turn so both have been recorded.
      setImmediate(() => resolve(result));
    });
  });
}

function rawUnary(path) {
  return new Promise((resolve) => {
    const client = new grpc.Client(target, credentials);
    const identity = (x) => x;
    client.makeUnaryRequest(path, identity, identity, Buffer.alloc(0), (error) => {
      resolve(error ? { code: error.code, details: error.details } : { code: 0 });
    });
  });
}

const cases = {
  unary: () => unary(echo, 'Echo', { text: 'hello from grpc-js', reply_bytes: 3 }),
  error: () => unary(echo, 'Echo', { text: 'text must not be empty: 100% ünïcode', fail_code: 3 }),
  deadline: () => unary(echo, 'Echo', { text: 'slow', delay_ms: 30000 }, { deadlineMs: 300 }),
  oversized: () => unary(echo, 'Echo', { payload: Buffer.alloc(maxReceiveMessageSize + 1) }),
  metadata: () => {
    const metadata = new grpc.Metadata();
    metadata.set('x-echo', 'round trip');
    metadata.set('x-echo-bin', Buffer.from([0, 1, 254, 255]));
    return unary(echo, 'Echo', { text: 'metadata' }, { metadata });
  },
  health: () => unary(health, 'Check', { service: '' }),
  'health-unknown': () => unary(health, 'Check', { service: 'fitness.nothing.v1.Nope' }),
  'unknown-method': () => rawUnary(`/${echoServiceName}/NoSuchMethod`),
  'unknown-service': () => rawUnary('/fitness.nothing.v1.Nope/Echo'),
};

cases[name]().then((result) => {
  // Binary metadata arrives as Buffers; base64 keeps the JSON line plain.
  for (const map of [result.headers, result.trailers]) {
    for (const key of Object.keys(map || {})) {
      if (Buffer.isBuffer(map[key])) map[key] = map[key].toString('base64');
    }
  }
  if (result.reply && result.reply.payload) result.reply.payload = result.reply.payload.length;
  console.log(JSON.stringify(result));
  process.exit(0);
});
