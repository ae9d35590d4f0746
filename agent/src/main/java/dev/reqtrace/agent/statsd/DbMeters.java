package dev.reqtrace.agent.statsd;

import dev.reqtrace.bootstrap.DbSystems;
import dev.reqtrace.statsd.StatsdClient;
import dev.reqtrace.statsd.Timer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code db.query.time} timers per database system and operation, created on first use and then
 * found by two map lookups on strings the bootstrap already shares (one per driver class, one per
 * normalized statement): no key object, no line template per statement. The per-route
 * {@code db.query} counters hang off these {@link Operation}s in {@link RouteMeters}.
 */
final class DbMeters {
  /**
   * Distinct (system, operation) pairs before new ones fold into {@code OTHER}: the operation is the
   * first word of whatever SQL the app runs, so a bound keeps an odd workload from growing meters.
   */
  static final int MAX_OPERATIONS = 64;
  static final String OTHER_OPERATION = "OTHER";

  private final StatsdClient client;
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Operation>> bySystem =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Boolean> created = new ConcurrentHashMap<>();

  DbMeters(StatsdClient client) {
    this.client = client;
  }

  /** The meters of {@code operation} on {@code system}; {@code null}s read as unknown. */
  Operation of(String system, String operation) {
    String sys = system == null ? DbSystems.OTHER : system;
    String op = operation == null ? OTHER_OPERATION : operation;
    ConcurrentHashMap<String, Operation> byOperation = bySystem.get(sys);
    if (byOperation != null) {
      Operation known = byOperation.get(op);
      if (known != null) {
        return known;
      }
    }
    return create(sys, op);
  }

  private Operation create(String system, String operation) {
    String op = operation;
    // Racy by design like RouteNamer: a few pairs over the cap under contention are harmless.
    if (created.size() >= MAX_OPERATIONS && !created.containsKey(system + ' ' + op)) {
      op = OTHER_OPERATION;
    }
    created.put(system + ' ' + op, Boolean.TRUE);
    String finalOp = op;
    ConcurrentHashMap<String, Operation> byOperation =
        bySystem.computeIfAbsent(system, s -> new ConcurrentHashMap<>());
    Operation meters = byOperation.computeIfAbsent(finalOp, o -> new Operation(system, o,
        client.timer("db.query.time", "db_system", system, "operation", o)));
    if (!finalOp.equals(operation) && byOperation.size() < 4 * MAX_OPERATIONS) {
      // Remember the folded name under the original too, so the next lookup is a plain hit.
      byOperation.putIfAbsent(operation, meters);
    }
    return meters;
  }

  /** One (system, operation): its timer, and the identity key of its per-route counters. */
  static final class Operation {
    final String system;
    final String operation;
    final Timer time;

    Operation(String system, String operation, Timer time) {
      this.system = system;
      this.operation = operation;
      this.time = time;
    }
  }
}
