// Loads the test EchoService and grpc.health.v1 protos (copied next to the test assembly) for grpc-js.
'use strict';
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const protoDir = path.join(__dirname, '..', '..', 'Protos');
const definition = protoLoader.loadSync(['echo.proto', 'health.proto'], {
  includeDirs: [protoDir],
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
});
const loaded = grpc.loadPackageDefinition(definition);

module.exports = {
  grpc,
  EchoService: loaded.fitness.test.v1.EchoService,
  Health: loaded.grpc.health.v1.Health,
  echoServiceName: 'fitness.test.v1.EchoService',
  maxReceiveMessageSize: 64 * 1024,
};
