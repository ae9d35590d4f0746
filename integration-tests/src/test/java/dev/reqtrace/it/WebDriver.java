package dev.reqtrace.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium driven through the system {@code chromedriver} over the W3C WebDriver HTTP
 * protocol: a handful of commands (open a page, read an element's text, take a screenshot) do not
 * need Selenium's hundred jars. One browser session per instance, a fresh profile directory, and
 * the driver process (with its browser) killed on {@link #close()}.
 */
final class WebDriver implements AutoCloseable {
  static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
  static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  /** The W3C key of an element reference in a response. */
  private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

  private final Process driver;
  private final Path profile;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final URI base;
  private String session;

  private WebDriver(Process driver, Path profile, int port) {
    this.driver = driver;
    this.profile = profile;
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  /** Starts chromedriver and a headless Chromium session; fails loudly when either is missing. */
  static WebDriver start(Path logDir) throws IOException {
    if (!Files.isExecutable(CHROMEDRIVER) || !Files.isExecutable(CHROMIUM)) {
      throw new IllegalStateException("need " + CHROMIUM + " and " + CHROMEDRIVER
          + ": apt-get install chromium chromium-driver (scripts/install-test-deps.sh does)");
    }
    int port = TestApp.freePort();
    Files.createDirectories(logDir);
    Process process = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port,
        "--allowed-ips=127.0.0.1")
        .redirectErrorStream(true)
        .redirectOutput(logDir.resolve("chromedriver.log").toFile())
        .start();
    WebDriver webDriver = new WebDriver(process, Files.createTempDirectory("reqtrace-chromium-"), port);
    try {
      webDriver.awaitReady();
      webDriver.newSession();
      return webDriver;
    } catch (RuntimeException | Error e) {
      webDriver.close();
      throw e;
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        if (send("GET", "/status", null).contains("\"ready\":true")) {
          return;
        }
      } catch (UncheckedIOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline || !driver.isAlive()) {
        throw new AssertionError("chromedriver did not become ready (see chromedriver.log)");
      }
      sleep(100);
    }
  }

  private void newSession() {
    List<String> args = List.of("--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--no-first-run", "--disable-dev-shm-usage",
        "--window-size=1000,640", "--user-data-dir=" + profile);
    StringBuilder argList = new StringBuilder();
    for (String arg : args) {
      argList.append(argList.length() == 0 ? "" : ",").append(quote(arg));
    }
    String body = "{\"capabilities\":{\"alwaysMatch\":{\"browserName\":\"chrome\","
        + "\"goog:chromeOptions\":{\"binary\":" + quote(CHROMIUM.toString()) + ",\"args\":["
        + argList + "]}}}}";
    session = stringValue(send("POST", "/session", body), "sessionId");
  }

  /** Opens {@code url} and waits for the page to load (its scripts may still be fetching). */
  void open(String url) {
    send("POST", "/session/" + session + "/url", "{\"url\":" + quote(url) + "}");
  }

  /**
   * The visible text of the first element matching {@code css} once it starts with
   * {@code prefix}, polling until {@code timeout}: the page fills it in after a fetch.
   */
  String awaitText(String css, String prefix, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String text = null;
    while (System.nanoTime() < deadline) {
      String found = send("POST", "/session/" + session + "/element",
          "{\"using\":\"css selector\",\"value\":" + quote(css) + "}");
      String element = stringValue(found, ELEMENT);
      text = stringValue(send("GET", "/session/" + session + "/element/" + element + "/text", null),
          "value");
      if (text.startsWith(prefix)) {
        return text;
      }
      sleep(100);
    }
    throw new AssertionError(css + " never started with '" + prefix + "'; last text: '" + text + "'");
  }

  /** Saves a PNG of the viewport to {@code file}. */
  void screenshot(Path file) throws IOException {
    String png = stringValue(send("GET", "/session/" + session + "/screenshot", null), "value");
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(png));
  }

  @Override
  public void close() {
    try {
      if (session != null && driver.isAlive()) {
        send("DELETE", "/session/" + session, null);
      }
    } catch (RuntimeException e) {
      // the process is killed below either way
    } finally {
      driver.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      driver.destroyForcibly();
      try {
        driver.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      deleteRecursively(profile);
    }
  }

  private String send(String method, String path, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json; charset=utf-8")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("WebDriver " + method + " " + path + " answered "
            + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The string value of the first {@code "key": "..."} in {@code json}, unescaped. */
  static String stringValue(String json, String key) {
    String marker = quote(key);
    int at = json.indexOf(marker);
    if (at < 0) {
      throw new AssertionError("no " + key + " in " + json);
    }
    int i = json.indexOf(':', at + marker.length()) + 1;
    while (Character.isWhitespace(json.charAt(i))) {
      i++;
    }
    if (json.charAt(i) != '"') {
      throw new AssertionError(key + " is not a string in " + json);
    }
    StringBuilder out = new StringBuilder();
    for (i++; json.charAt(i) != '"'; i++) {
      char c = json.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = json.charAt(++i);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append(e); // \" \\ \/
      }
    }
    return out.toString();
  }

  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>();
      paths.sorted(Comparator.reverseOrder()).forEach(all::add);
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      // a temp profile left behind is not worth failing a test for
    }
  }
}
