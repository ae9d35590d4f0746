package dev.reqtrace.instrumentation.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;

/** Just enough of a servlet request and response, backed by maps, for in-process advice tests. */
final class FakeHttp {
  final Map<String, String> requestHeaders = new LinkedHashMap<>();
  final Map<String, Object> attributes = new LinkedHashMap<>();
  final Map<String, String> responseHeaders = new LinkedHashMap<>();
  final String uri;
  int status = 200;
  boolean committed;
  /**
   * An application's attribute listener that casts every value to String, as a real one might: it
   * throws for any other value (after the container stored it, as Jetty does).
   */
  boolean listenerExpectsStrings;
  /** An attribute listener that throws for every attribute set. */
  boolean listenerAlwaysThrows;

  FakeHttp(String uri) {
    this.uri = uri;
  }

  HttpServletRequest request() {
    return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "getMethod": return "GET";
            case "getRequestURI": return uri;
            case "getHeader": return requestHeaders.get((String) args[0]);
            case "getAttribute": return attributes.get((String) args[0]);
            case "setAttribute":
              attributes.put((String) args[0], args[1]);
              if (listenerAlwaysThrows
                  || listenerExpectsStrings && args[1] != null && !(args[1] instanceof String)) {
                throw new ClassCastException("the application's attribute listener");
              }
              return null;
            case "getDispatcherType": return jakarta.servlet.DispatcherType.REQUEST;
            case "getProtocol": return "HTTP/1.1";
            case "isAsyncStarted": return false;
            case "hashCode": return System.identityHashCode(proxy);
            case "equals": return proxy == args[0];
            default: return null;
          }
        });
  }

  HttpServletResponse response() {
    return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "setHeader": responseHeaders.put((String) args[0], (String) args[1]); return null;
            case "getHeader": return responseHeaders.get((String) args[0]);
            case "setStatus": status = (Integer) args[0]; return null;
            case "getStatus": return status;
            case "isCommitted": return committed;
            case "hashCode": return System.identityHashCode(proxy);
            case "equals": return proxy == args[0];
            default: return null;
          }
        });
  }
}
