package dev.reqtrace.agent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** Keeps every message as {@code LEVEL text}, the arguments already filled in. */
public final class CapturingLogger extends AbstractLogger {
  public final List<String> lines = new CopyOnWriteArrayList<>();
  private final Level threshold;

  public CapturingLogger(Level threshold) {
    this.threshold = threshold;
    this.name = "reqtrace";
  }

  public List<String> at(Level level) {
    return lines.stream().filter(l -> l.startsWith(level + " ")).map(l -> l.substring(level.toString().length() + 1))
        .collect(java.util.stream.Collectors.toList());
  }

  private boolean on(Level level) {
    return level.toInt() >= threshold.toInt();
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern,
      Object[] arguments, Throwable throwable) {
    lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, arguments));
  }

  @Override
  public boolean isTraceEnabled() {
    return on(Level.TRACE);
  }

  @Override
  public boolean isTraceEnabled(Marker marker) {
    return on(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return on(Level.DEBUG);
  }

  @Override
  public boolean isDebugEnabled(Marker marker) {
    return on(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return on(Level.INFO);
  }

  @Override
  public boolean isInfoEnabled(Marker marker) {
    return on(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return on(Level.WARN);
  }

  @Override
  public boolean isWarnEnabled(Marker marker) {
    return on(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return on(Level.ERROR);
  }

  @Override
  public boolean isErrorEnabled(Marker marker) {
    return on(Level.ERROR);
  }
}
