package dev.reqtrace.agent.record;

import dev.reqtrace.bootstrap.RequestScope;

/** Something that consumes finished requests: a report, an exporter. Must not block. */
public interface RequestSink {
  /** Takes one finished request and its route name. */
  void accept(RequestScope scope, String route);
}
