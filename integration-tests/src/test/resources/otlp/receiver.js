// A real OTLP receiver for the Otlp*IT tests: @elastic/mockotlpserver (pinned in tools/) on free
// loopback ports, printing one line per received export so the Java test can read it from stdout:
//   LISTENING http=<url> grpc=<url>
//   TRACE <normalized ExportTraceServiceRequest as JSON>
//   METRICS <normalized ExportMetricsServiceRequest as JSON>
// Usage: node receiver.js <path of the @elastic/mockotlpserver package>
'use strict';
const {MockOtlpServer, normalizeTrace, normalizeMetrics} = require(process.argv[2]);

const server = new MockOtlpServer({
    logLevel: 'error',
    services: ['http', 'grpc'],
    httpHostname: '127.0.0.1',
    grpcHostname: '127.0.0.1',
    httpPort: 0,
    grpcPort: 0,
    onTrace: (trace) => console.log('TRACE ' + JSON.stringify(normalizeTrace(trace))),
    onMetrics: (metrics) => console.log('METRICS ' + JSON.stringify(normalizeMetrics(metrics))),
});
server.start().then(() => {
    console.log(`LISTENING http=${server.httpUrl} grpc=${server.grpcUrl}`);
});
// The test kills us; also go when the test JVM vanishes and closes our stdin.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
