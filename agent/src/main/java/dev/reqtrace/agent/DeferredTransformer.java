package dev.reqtrace.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The one transformer the agent registers, at once in {@code premain}: classes that cannot be a
 * target ({@link SuperTypeFilter}) pass untouched; candidates go to Byte Buddy's transformer, which
 * is built on a background thread while the application starts. The first candidate to load waits
 * for it (so every request is traced from the first), up to {@link #MAX_WAIT_MILLIS}; a candidate
 * not transformed then is named in {@link #missed()} for retransformation.
 */
final class DeferredTransformer implements ClassFileTransformer {
  static final long MAX_WAIT_MILLIS = 10_000;

  private final SuperTypeFilter filter;
  private final Set<String> missed = ConcurrentHashMap.newKeySet();
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile ClassFileTransformer delegate;
  private volatile Thread builder;

  DeferredTransformer(SuperTypeFilter filter) {
    this.filter = filter;
  }

  /** The thread building Byte Buddy's transformer: classes it loads never wait for it. */
  void builtBy(Thread thread) {
    builder = thread;
  }

  /** From now on candidates are transformed by {@code transformer}; {@code null}: never. */
  void activate(ClassFileTransformer transformer) {
    delegate = transformer;
    ready.countDown();
  }

  /** Internal names of candidates loaded before {@link #activate}, not yet retransformed. */
  Set<String> missed() {
    return missed;
  }

  @Override
  public byte[] transform(ClassLoader loader, String name, Class<?> loaded,
      ProtectionDomain domain, byte[] classFile) {
    return transform(null, loader, name, loaded, domain, classFile);
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String name, Class<?> loaded,
      ProtectionDomain domain, byte[] classFile) {
    try {
      if (!filter.mayTransform(loader, name, loaded, classFile)) {
        return null;
      }
      ClassFileTransformer transformer = delegate;
      if (transformer == null && Thread.currentThread() != builder) {
        try {
          if (ready.await(MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            transformer = delegate;
          }
        } catch (InterruptedException e) {
          // The application's thread was interrupted: keep its flag for its own code, and let the
          // class be retransformed once the transformer is ready, as if the wait had timed out.
          Thread.currentThread().interrupt();
        }
      }
      if (transformer == null) {
        missed.add(name);
        return null;
      }
      return module == null
          ? transformer.transform(loader, name, loaded, domain, classFile)
          : transformer.transform(module, loader, name, loaded, domain, classFile);
    } catch (Throwable e) {
      // Class loading must never fail because of us; Byte Buddy's listener reports its own errors.
      return null;
    }
  }
}
