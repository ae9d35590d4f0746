package dev.reqtrace.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GET /: what to click and what to look for with and without the agent. */
final class IndexServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(IndexServlet.class);

  private static final String PAGE = """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>reqtrace demo</title>
      <style>body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.45}
      code{background:#f3f3f3;padding:0 .2em}td{padding:.2em .8em .2em 0;vertical-align:top}</style>
      </head><body>
      <h1>reqtrace demo: a tiny pet clinic</h1>
      <p>A plain servlet + JDBC app (embedded Tomcat, H2 in memory) that knows nothing about
      reqtrace. Start it with <code>-javaagent:reqtrace-agent.jar</code> and watch:</p>
      <ul>
        <li>the <code>X-Request-ID</code> response header on every response
            (<code>curl -i</code>, or the browser's network tab);</li>
        <li><code>rid=&lt;the same ID&gt;</code> on each of the app's log lines for that request
            (Logback pattern <code>%X{request_id}</code>; empty without the agent);</li>
        <li>the agent's <code>[reqtrace]</code> lines on stderr: slow-request and N+1 reports.</li>
      </ul>
      <table>
        <tr><td><a href="/owners/1">GET /owners/1</a></td>
            <td>fast: one SELECT by id.</td></tr>
        <tr><td><a href="/owners/1/pets">GET /owners/1/pets</a></td>
            <td>the pets of one owner, a second route.</td></tr>
        <tr><td><a href="/owners">GET /owners</a></td>
            <td>N+1: one SELECT of all owners, then one SELECT of pets per owner (21 statements)
            &rarr; N+1 report.</td></tr>
        <tr><td><a href="/slow">GET /slow</a></td>
            <td>about 1.5 s in a slow stored procedure &rarr; slow-request report
            (<code>?ms=</code> changes the delay).</td></tr>
        <tr><td><a href="/fail">GET /fail</a></td>
            <td>throws <code>IllegalStateException</code>; the container's error page shows the
            request ID as the reference to quote.</td></tr>
        <tr><td><a href="/api/fail">GET /api/fail</a></td>
            <td>the same failure as JSON, for a JavaScript client.</td></tr>
        <tr><td><a href="/error-demo.html">/error-demo.html</a></td>
            <td>a page whose script calls <code>/api/fail</code> and shows the
            <code>X-Request-ID</code> header as the reference.</td></tr>
        <tr><td><a href="/async">GET /async</a></td>
            <td>finishes on another thread (<code>AsyncContext.start</code>): its log line carries
            the same rid.</td></tr>
        <tr><td><a href="/no-such-page">GET /no-such-page</a></td>
            <td>a 404 through the error page, still with a reference.</td></tr>
      </table>
      <p>Send your own ID with <code>curl -i -H 'X-Request-ID: my-id-123' http://HOST/owners/1</code>:
      a valid one is reused, an invalid one replaced.</p>
      </body></html>
      """;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    log.info("serving the index page");
    Responses.html(resp, 200, PAGE);
  }
}
