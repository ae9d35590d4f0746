package dev.reqtrace.bootstrap;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One statement's normalized text and operation. Shared by every execution of the same raw SQL: the
 * normalization runs once per distinct raw text, not once per execution.
 */
public final class Sql {
  /** A statement whose text was never seen (prepared before the agent started). */
  public static final Sql UNKNOWN = new Sql("?", "OTHER");

  /** Distinct raw texts remembered per dialect before the cache starts over. */
  static final int CACHE_SIZE = 2048;
  /** Longer raw texts are normalized every time rather than pinned in the cache. */
  static final int MAX_CACHED_LENGTH = 4096;

  /*
   * Keyed by the raw text, so the cache holds literals in memory (never outside it). Cleared
   * wholesale when full: an application inlining literals in plain Statements would otherwise fill
   * it with one-off texts and keep out the prepared statements it runs all day. Starting over is
   * cheap and heals itself; an LRU would need a lock on every hit.
   */
  @SuppressWarnings("unchecked")
  private static final ConcurrentHashMap<String, Sql>[] CACHES =
      new ConcurrentHashMap[SqlDialect.values().length];

  static {
    for (int i = 0; i < CACHES.length; i++) {
      CACHES[i] = new ConcurrentHashMap<>();
    }
  }

  private final String text;
  private final String operation;
  /** {@code text.hashCode()}, here so that grouping a request's statements reads one object each. */
  private final int textHash;

  private Sql(String text, String operation) {
    this.text = text;
    this.operation = operation;
    this.textHash = text.hashCode();
  }

  /**
   * The normalized form of {@code raw}.
   *
   * @param dialect how to lex it
   */
  public static Sql of(String raw, SqlDialect dialect) {
    if (raw == null) {
      return UNKNOWN;
    }
    ConcurrentHashMap<String, Sql> cache = CACHES[dialect.ordinal()];
    Sql known = cache.get(raw);
    if (known != null) {
      return known;
    }
    String text = SqlNormalizer.normalize(raw, dialect);
    Sql sql = new Sql(text, SqlNormalizer.operation(text));
    if (raw.length() <= MAX_CACHED_LENGTH) {
      if (cache.size() >= CACHE_SIZE) {
        cache.clear();
      }
      cache.put(raw, sql);
    }
    return sql;
  }

  /** A batch of several distinct statements, their normalized texts already joined. */
  static Sql batch(String joinedTexts) {
    return new Sql(joinedTexts, "BATCH");
  }

  /** The normalized text: no literal values, comments or repeated whitespace. */
  public String text() {
    return text;
  }

  /** The hash code of {@link #text()}. */
  public int textHash() {
    return textHash;
  }

  /** Whether this and {@code other} have the same normalized text. */
  public boolean sameText(Sql other) {
    return other == this || other.textHash == textHash && other.text.equals(text);
  }

  /** The upper-case operation ({@code SELECT}, {@code INSERT}, {@code CALL}, ..., {@code OTHER}). */
  public String operation() {
    return operation;
  }

  @Override
  public String toString() {
    return text;
  }
}
