package testapp.boot;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/**
 * {@code @Async} methods, run on Boot's {@code applicationTaskExecutor} (a
 * {@code ThreadPoolTaskExecutor}). Spring hands each call to it as a {@code Callable}: the void
 * and {@code Future} ones through {@code submit(Callable)}, the {@code CompletableFuture} one
 * through {@code submitCompletable(Callable)}.
 */
@Service
public class AsyncWork {

  /** Runs after the request may have ended: the test waits for its line. */
  @Async
  public void fireAndForget() {
    Logs.both(AsyncWork.class, "at-async void");
  }

  @Async
  public Future<String> future() {
    Logs.both(AsyncWork.class, "at-async future");
    return CompletableFuture.completedFuture("future");
  }

  @Async
  public CompletableFuture<String> completable() {
    Logs.both(AsyncWork.class, "at-async completable");
    return CompletableFuture.completedFuture("completable");
  }
}
