package dev.reqtrace.agent.report;

import dev.reqtrace.agent.scrub.Scrubber;
import dev.reqtrace.bootstrap.ErrorDetails;
import dev.reqtrace.bootstrap.RequestScope;
import dev.reqtrace.bootstrap.SqlDialect;
import dev.reqtrace.bootstrap.SqlNormalizer;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The text of one error report: a header line with request ID, method, scrubbed URL, route,
 * status, time and exception class, then the captured request data (scrubbed) and the exception
 * chain with a bounded stack trace. Every value that came from the client or the exception goes
 * through the {@link Scrubber}.
 */
final class ErrorReport {
  /** Stack frames shown of the outermost exception. */
  static final int TOP_FRAMES = 25;
  /** Stack frames shown of each cause (after the frames it shares with the exception above). */
  static final int CAUSE_FRAMES = 10;
  /** Causes shown below the outermost exception. */
  static final int MAX_CAUSES = 5;

  private ErrorReport() {}

  /**
   * What makes errors identical for storm control: exception class, route and top frame (of the
   * {@link ErrorReporter#unwrap unwrapped} exception).
   */
  static String kind(RequestScope scope, String route) {
    Throwable thrown = ErrorReporter.unwrap(scope.thrown());
    if (thrown == null) {
      return "status " + scope.status() + " " + scope.method() + " " + route;
    }
    StackTraceElement[] frames = thrown.getStackTrace();
    return thrown.getClass().getName() + " " + scope.method() + " " + route + " "
        + (frames.length > 0 ? frames[0] : "");
  }

  /** How a storm summary names the errors of {@link #kind}. */
  static String describe(RequestScope scope, String route) {
    Throwable thrown = ErrorReporter.unwrap(scope.thrown());
    String what;
    if (thrown == null) {
      what = "status " + scope.status();
    } else {
      StackTraceElement[] frames = thrown.getStackTrace();
      what = thrown.getClass().getName() + (frames.length > 0 ? " at " + frames[0] : "");
    }
    return what + " on " + scope.method() + " " + route;
  }

  /** The full report of a failed request. */
  static String format(RequestScope scope, String route, Scrubber scrubber) {
    ErrorDetails details = scope.errorDetails();
    Throwable thrown = scope.thrown();
    StringBuilder out = new StringBuilder(2048)
        .append("request error request_id=").append(scope.requestId())
        .append(" method=").append(scope.method())
        .append(" url=").append(url(scope, details, scrubber))
        .append(" route=").append(route)
        .append(" status=").append(scope.status())
        .append(" time=").append(Instant.ofEpochMilli(scope.startEpochMillis()))
        .append(" duration_ms=").append(Text.ms(scope.durationNanos()))
        .append(" exception=")
        .append(thrown == null ? "none" : ErrorReporter.unwrap(thrown).getClass().getName());
    if (details != null) {
      appendDetails(out, scope, details, scrubber);
    }
    if (thrown != null) {
      appendChain(out, thrown, scrubber);
    }
    return out.toString();
  }

  private static String url(RequestScope scope, ErrorDetails details, Scrubber scrubber) {
    if (details == null || details.url() == null) {
      return scrubber.url(scope.path());
    }
    String query = details.queryString();
    return scrubber.url(query == null ? details.url() : details.url() + "?" + query);
  }

  private static void appendDetails(StringBuilder out, RequestScope scope, ErrorDetails details,
      Scrubber scrubber) {
    if (details.user() != null) {
      out.append(Text.NEXT_LINE).append("user: ").append(scrubber.text(details.user()));
    }
    if (details.sessionHash() != null) {
      out.append(Text.NEXT_LINE).append("session (sha256 prefix): ").append(details.sessionHash());
    }
    for (Map.Entry<String, String> header : details.headers().entrySet()) {
      out.append(Text.NEXT_LINE).append("header ").append(header.getKey()).append(": ")
          .append(scrubber.header(header.getKey(), header.getValue()));
    }
    if (details.parametersKnown()) {
      for (Map.Entry<String, String[]> param : details.parameters().entrySet()) {
        out.append(Text.NEXT_LINE).append("param ").append(Scrubber.cards(param.getKey()))
            .append('=').append(scrubber.parameter(param.getKey(), param.getValue()));
      }
    } else if (!"GET".equals(scope.method()) && !"HEAD".equals(scope.method())) {
      out.append(Text.NEXT_LINE)
          .append("params: not shown (the application had not parsed them; its body stays unread)");
    }
  }

  /** Like {@link Throwable#printStackTrace}, bounded, messages scrubbed, suppressed ones left out. */
  private static void appendChain(StringBuilder out, Throwable thrown, Scrubber scrubber) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    boolean fromDatabase = fromDatabase(thrown);
    StackTraceElement[] above = null;
    int causes = 0;
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (!seen.add(t)) {
        out.append(Text.NEXT_LINE).append("[CIRCULAR REFERENCE: ")
            .append(t.getClass().getName()).append(']');
        return;
      }
      if (causes > MAX_CAUSES) {
        out.append(Text.NEXT_LINE).append("... further causes left out");
        return;
      }
      out.append(Text.NEXT_LINE).append(above == null ? "" : "Caused by: ")
          .append(t.getClass().getName());
      String message = t.getMessage();
      if (message != null) {
        if (fromDatabase) {
          message = SqlNormalizer.normalize(message, SqlDialect.STANDARD);
        }
        out.append(": ").append(oneLine(scrubber.text(message)));
      }
      StackTraceElement[] frames = t.getStackTrace();
      int unique = frames.length;
      if (above != null) {
        // Frames shared with the exception above are its callers: "... n more", as the JDK does.
        for (int a = above.length - 1; unique > 0 && a >= 0
            && frames[unique - 1].equals(above[a]); a--) {
          unique--;
        }
      }
      int shown = Math.min(unique, above == null ? TOP_FRAMES : CAUSE_FRAMES);
      for (int i = 0; i < shown; i++) {
        out.append(Text.NEXT_LINE).append("\tat ").append(frames[i]);
      }
      if (frames.length > shown) {
        out.append(Text.NEXT_LINE).append("\t... ").append(frames.length - shown).append(" more");
      }
      above = frames;
      causes++;
    }
  }

  /**
   * Whether a {@code java.sql.SQLException} is in the chain: the driver's message quotes the
   * failed SQL with its literals (H2's "SQL statement: ...", MySQL's "near '...'"), and the
   * framework exceptions wrapping it repeat it (Spring's "bad SQL grammar [...]"). Then every
   * message of the chain is normalized like SQL, literals to {@code ?}, as statements are
   * everywhere else: a message loses its numbers and quoted values, never a secret in one.
   */
  private static boolean fromDatabase(Throwable thrown) {
    Throwable t = thrown;
    for (int depth = 0; t != null && depth <= MAX_CAUSES + 1; depth++, t = t.getCause()) {
      for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
        if (type.getName().equals("java.sql.SQLException")) {
          return true;
        }
      }
    }
    return false;
  }

  /** Messages with line breaks would break the one-prefix-per-line rule of the agent log. */
  private static String oneLine(String text) {
    return text.replace("\r\n", " | ").replace("\n", " | ").replace("\r", " | ");
  }
}
