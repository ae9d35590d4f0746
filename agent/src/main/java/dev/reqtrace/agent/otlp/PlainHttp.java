package dev.reqtrace.agent.otlp;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.ProxyOptions;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The JDK HTTP sender for an {@code http://} collector, without the JDK's trust store. Given no TLS
 * context (the SDK passes none for {@code http://}), the JDK HttpClient takes
 * {@code SSLContext.getDefault()}, which parses all ~150 certificates of the JDK's trust store and
 * keeps them: 1.1 MB of the application's live heap (measured) for a connection that is never TLS.
 * Here the client gets a context that trusts nothing instead, so it cannot be misused either.
 */
final class PlainHttp {
  static final X509TrustManager TRUST_NOTHING = new X509TrustManager() {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("reqtrace: TLS is not configured for this OTLP endpoint");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("reqtrace: TLS is not configured for this OTLP endpoint");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  };

  private PlainHttp() {}

  /**
   * What the exporter builders load their sender with: {@link #SENDERS} for HTTP, anything else
   * as the SDK would, from the agent jar's service files: read through the application class
   * loader (the agent's own, when its classes come from the boot loader, is none), they name
   * providers that resolve to the agent's own classes either way.
   */
  static ComponentLoader components() {
    ComponentLoader sdk = ComponentLoader.forClassLoader(ClassLoader.getSystemClassLoader());
    return new ComponentLoader() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> Iterable<T> load(Class<T> type) {
        return type == HttpSenderProvider.class ? Collections.singletonList((T) SENDERS) : sdk.load(type);
      }
    };
  }

  /** The JDK sender; for a plain-text endpoint with the trust-nothing context. */
  static final HttpSenderProvider SENDERS = config -> {
    HttpSenderProvider jdk;
    try {
      jdk = JdkSenderLoader.provider();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("reqtrace: the JDK HTTP sender could not be loaded: " + e, e);
    }
    SSLContext noTls = isPlain(config) ? trustingNothing() : null;
    return jdk.createSender(noTls == null ? config : new WithContext(config, noTls));
  };

  private static boolean isPlain(HttpSenderConfig config) {
    return config.getSslContext() == null && "http".equalsIgnoreCase(config.getEndpoint().getScheme());
  }

  /** A context that trusts nothing; {@code null} if the JDK has no TLS (the default is used then). */
  static SSLContext trustingNothing() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {TRUST_NOTHING}, null);
      return context;
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  /** The SDK's configuration with another TLS context. */
  private static final class WithContext implements HttpSenderConfig {
    private final HttpSenderConfig config;
    private final SSLContext context;

    WithContext(HttpSenderConfig config, SSLContext context) {
      this.config = config;
      this.context = context;
    }

    @Override
    public SSLContext getSslContext() {
      return context;
    }

    @Override
    public X509TrustManager getTrustManager() {
      return TRUST_NOTHING;
    }

    @Override
    public URI getEndpoint() {
      return config.getEndpoint();
    }

    @Override
    public String getContentType() {
      return config.getContentType();
    }

    @Override
    public Compressor getCompressor() {
      return config.getCompressor();
    }

    @Override
    public Duration getTimeout() {
      return config.getTimeout();
    }

    @Override
    public Duration getConnectTimeout() {
      return config.getConnectTimeout();
    }

    @Override
    public Supplier<Map<String, List<String>>> getHeadersSupplier() {
      return config.getHeadersSupplier();
    }

    @Override
    public ProxyOptions getProxyOptions() {
      return config.getProxyOptions();
    }

    @Override
    public RetryPolicy getRetryPolicy() {
      return config.getRetryPolicy();
    }

    @Override
    public ExecutorService getExecutorService() {
      return config.getExecutorService();
    }

    @Override
    public long getMaxResponseBodySize() {
      return config.getMaxResponseBodySize();
    }

    @Override
    public List<String> getEnabledProtocols() {
      return config.getEnabledProtocols();
    }
  }
}
