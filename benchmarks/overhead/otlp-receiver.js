// The overhead harness's OTLP receiver: @elastic/mockotlpserver (tools/node_modules) on loopback,
// OTLP/HTTP only, on a free port, printing nothing per export (a printer on this 2-core box would
// take CPU from the JVM being measured). It counts what it decoded and rewrites COUNTS_FILE after
// each export, so the harness can prove every OTLP run really delivered spans and metrics.
//
// usage: node otlp-receiver.js TOOLS_DIR COUNTS_FILE      (prints "http://127.0.0.1:<port>")
'use strict';
const fs = require('fs');
const path = require('path');

const [toolsDir, countsFile] = process.argv.slice(2);
const {MockOtlpServer} = require(path.join(toolsDir, 'node_modules', '@elastic', 'mockotlpserver'));

const counts = {requests: 0, spans: 0, metrics: 0, logs: 0};
function save() {
    fs.writeFileSync(countsFile + '.tmp', JSON.stringify(counts));
    fs.renameSync(countsFile + '.tmp', countsFile);
}
function each(list, fn) {
    for (const item of list || []) {
        fn(item);
    }
}

const server = new MockOtlpServer({
    logLevel: 'warn',
    services: ['http'],
    httpHostname: '127.0.0.1',
    httpPort: 0,
    onTrace(req) {
        each(req.resourceSpans, (rs) => each(rs.scopeSpans, (ss) => {
            counts.spans += (ss.spans || []).length;
        }));
        save();
    },
    onMetrics(req) {
        each(req.resourceMetrics, (rm) => each(rm.scopeMetrics, (sm) => {
            counts.metrics += (sm.metrics || []).length;
        }));
        save();
    },
    onLogs(req) {
        each(req.resourceLogs, (rl) => each(rl.scopeLogs, (sl) => {
            counts.logs += (sl.logRecords || []).length;
        }));
        save();
    },
    onRequest() {
        counts.requests++;
    },
});

server.start().then(() => {
    save();
    console.log(String(server.httpUrl).replace(/\/$/, ''));
});
for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => server.close().then(() => process.exit(0)));
}
