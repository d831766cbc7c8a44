// A @grpc/grpc-js server with the same EchoService behaviour as the C# test handlers, plus grpc.health.v1.
// Prints {"port": N} once listening on a free loopback port; exits when its stdin closes (the test ended).
'use strict';
const { grpc, EchoService, Health, echoServiceName, maxReceiveMessageSize } = require('./protos');

function delay(call, ms) {
  return new Promise((resolve, reject) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(resolve, ms);
    call.on('cancelled', () => { clearTimeout(timer); reject(new Error('cancelled')); });
  });
}

async function echoCall(call, callback) {
  const request = call.request;
  try {
    await delay(call, request.delay_ms);
  } catch {
    return; // deadline or client cancellation: grpc-js has already ended the call
  }
  if (request.fail_code !== 0) {
    const trailers = new grpc.Metadata();
    trailers.set('x-error-detail', 'from-handler');
    return callback({ code: request.fail_code, details: request.text, metadata: trailers });
  }
  const headers = new grpc.Metadata();
  const trailers = new grpc.Metadata();
  const [echo] = call.metadata.get('x-echo');
  if (echo !== undefined) {
    headers.set('x-echo-header', echo);
    trailers.set('x-echo-trailer', echo);
  }
  const [bytes] = call.metadata.get('x-echo-bin');
  if (bytes !== undefined) trailers.set('x-echo-bin', bytes);
  call.sendMetadata(headers);
  callback(null, { text: request.text, payload: Buffer.alloc(request.reply_bytes) }, trailers);
}

async function echoStream(call) {
  const request = call.request;
  for (let i = 0; i < request.count; i++) {
    if (request.fail_code !== 0 && i === Math.floor(request.count / 2)) {
      return call.destroy({ code: request.fail_code, details: request.text });
    }
    try {
      await delay(call, request.delay_ms);
    } catch {
      return;
    }
    call.write({ text: request.text, index: i, payload: Buffer.alloc(request.reply_bytes) });
  }
  call.end();
}

function check(call, callback) {
  const service = call.request.service;
  if (service !== '' && service !== echoServiceName) {
    return callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${service}` });
  }
  callback(null, { status: 'SERVING' });
}

const server = new grpc.Server({ 'grpc.max_receive_message_length': maxReceiveMessageSize });
server.addService(EchoService.service, { Echo: echoCall, EchoStream: echoStream });
server.addService(Health.service, { Check: check });
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) {
    console.error(error);
    process.exit(1);
  }
  console.log(JSON.stringify({ port }));
});
process.stdin.on('end', () => server.tryShutdown(() => process.exit(0)));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
