package dev.reqtrace.statsd;

import static dev.reqtrace.statsd.StatsdFormat.DOGSTATSD;
import static dev.reqtrace.statsd.StatsdFormat.ETSY;
import static dev.reqtrace.statsd.StatsdFormat.TELEGRAF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LineFormatTest {
  private static final String[] REQUEST = {
      "method", "GET", "route", "/owners/{id}", "http_status", "200", "status_class", "2xx"};
  private static final String[] NONE = {};

  @Test
  void dogstatsdWritesEveryType() {
    assertThat(Lines.encode(DOGSTATSD, MetricType.COUNTER, "http_request", 1, REQUEST))
        .isEqualTo("http_request:1|c|#method:GET,route:/owners/{id},http_status:200,"
            + "status_class:2xx");
    assertThat(Lines.encode(DOGSTATSD, MetricType.TIMER, "http_request.response_time", 12))
        .isEqualTo("http_request.response_time:12|ms");
    assertThat(Lines.encode(DOGSTATSD, MetricType.GAUGE, "http_request.active", 3))
        .isEqualTo("http_request.active:3|g");
    assertThat(Lines.encode(DOGSTATSD, MetricType.SET, "users", 42, "env", "prod"))
        .isEqualTo("users:42|s|#env:prod");
    assertThat(Lines.encode(DOGSTATSD, MetricType.HISTOGRAM, "size", 512))
        .isEqualTo("size:512|h");
    assertThat(Lines.encode(DOGSTATSD, MetricType.DISTRIBUTION, "size", 512))
        .isEqualTo("size:512|d");
  }

  @Test
  void dogstatsdPutsPrefixRateMeterTagsThenGlobalTags() {
    LineTemplate t = Lines.template(DOGSTATSD, MetricType.TIMER, "reqtrace", "db.query.time",
        0.5, new String[] {"db_system", "h2"}, "service", "petclinic", "env", "prod");
    assertThat(Lines.encode(t, 7)).isEqualTo(
        "reqtrace.db.query.time:7|ms|@0.5|#db_system:h2,service:petclinic,env:prod");
    LineTemplate global = Lines.template(DOGSTATSD, MetricType.COUNTER, "", "x", 1.0, NONE,
        "service", "petclinic");
    assertThat(Lines.encode(global, 1)).isEqualTo("x:1|c|#service:petclinic");
  }

  @Test
  void telegrafWritesTagsInTheBucket() {
    assertThat(Lines.encode(TELEGRAF, MetricType.COUNTER, "http_request", 1, REQUEST))
        .isEqualTo("http_request,method=GET,route=/owners/{id},http_status=200,"
            + "status_class=2xx:1|c");
    LineTemplate t = Lines.template(TELEGRAF, MetricType.TIMER, "app", "http_request.time",
        0.1, new String[] {"method", "GET"}, "service", "petclinic");
    assertThat(Lines.encode(t, 12))
        .isEqualTo("app.http_request.time,method=GET,service=petclinic:12|ms|@0.1");
    assertThat(Lines.encode(TELEGRAF, MetricType.GAUGE, "g", 1)).isEqualTo("g:1|g");
    assertThat(Lines.encode(TELEGRAF, MetricType.SET, "s", 1)).isEqualTo("s:1|s");
    assertThat(Lines.encode(TELEGRAF, MetricType.HISTOGRAM, "h", 1)).isEqualTo("h:1|h");
    // Telegraf drops |d unless two Datadog options are on; h aggregates the same way.
    assertThat(Lines.encode(TELEGRAF, MetricType.DISTRIBUTION, "d", 1)).isEqualTo("d:1|h");
  }

  @Test
  void etsyFoldsTagValuesIntoTheName() {
    assertThat(Lines.encode(ETSY, MetricType.COUNTER, "http_request", 1, REQUEST))
        .isEqualTo("http_request.GET.owners_id.200.2xx:1|c");
    LineTemplate t = Lines.template(ETSY, MetricType.TIMER, "reqtrace", "http_request.time",
        0.25, new String[] {"method", "POST"}, "service", "petclinic", "env", "prod");
    assertThat(Lines.encode(t, 30))
        .isEqualTo("reqtrace.petclinic.prod.http_request.time.POST:30|ms|@0.25");
    LineTemplate global = Lines.template(ETSY, MetricType.GAUGE, "", "active", 1.0, NONE,
        "service", "petclinic");
    assertThat(Lines.gauge(global, 2)).isEqualTo("petclinic.active:2|g");
    assertThat(Lines.encode(ETSY, MetricType.SET, "s", 1)).isEqualTo("s:1|s");
    // Etsy counts unknown types as counters: h and d must become ms.
    assertThat(Lines.encode(ETSY, MetricType.HISTOGRAM, "h", 1)).isEqualTo("h:1|ms");
    assertThat(Lines.encode(ETSY, MetricType.DISTRIBUTION, "d", 1)).isEqualTo("d:1|ms");
  }

  @Test
  void hostileTagValuesAreCleanedPerFlavor() {
    String route = "/a|b:c,d#e=f g\nh\r\ti@j/é€😀/";
    assertThat(Lines.encode(DOGSTATSD, MetricType.COUNTER, "r", 1, "route", route))
        .isEqualTo("r:1|c|#route:/a_b:c_d_e=f_g_h_i@j/_/");
    assertThat(Lines.encode(TELEGRAF, MetricType.COUNTER, "r", 1, "route", route))
        .isEqualTo("r,route=/a_b_c_d_e_f_g_h_i@j/_/:1|c");
    assertThat(Lines.encode(ETSY, MetricType.COUNTER, "r", 1, "route", route))
        .isEqualTo("r.a_b_c_d_e_f_g_h_i_j:1|c");
  }

  @Test
  void hostileTagKeysCannotSplitKeyAndValue() {
    assertThat(Lines.encode(DOGSTATSD, MetricType.COUNTER, "r", 1, "a:b,c|d", "v"))
        .isEqualTo("r:1|c|#a_b_c_d:v");
    assertThat(Lines.encode(TELEGRAF, MetricType.COUNTER, "r", 1, "a=b:c,d", "v"))
        .isEqualTo("r,a_b_c_d=v:1|c");
  }

  @Test
  void emptyAndNullTagPartsBecomeUnderscore() {
    assertThat(Lines.encode(DOGSTATSD, MetricType.COUNTER, "r", 1, "", "", "k", null))
        .isEqualTo("r:1|c|#_:_,k:_");
    assertThat(Lines.encode(TELEGRAF, MetricType.COUNTER, "r", 1, "k", ""))
        .isEqualTo("r,k=_:1|c");
    assertThat(Lines.encode(ETSY, MetricType.COUNTER, "r", 1, "route", "/", "k", "ok"))
        .isEqualTo("r._.ok:1|c");
  }

  @Test
  void namesAndPrefixKeepTheDottedAlphabet() {
    LineTemplate t = Lines.template(DOGSTATSD, MetricType.COUNTER, ".my app..", "http request"
        + "|x:y\n..z.", 1.0, NONE);
    assertThat(Lines.encode(t, 1)).isEqualTo("my_app.http_request_x_y_.z:1|c");
    assertThatThrownBy(() -> Lines.template(DOGSTATSD, MetricType.COUNTER, "", "..", 1.0,
        NONE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'..'");
  }

  @Test
  void valuesArePlainDecimals() {
    LineTemplate t = Lines.template(DOGSTATSD, MetricType.TIMER, "", "t", 1.0, NONE);
    assertThat(Lines.encode(t, 0L)).isEqualTo("t:0|ms");
    assertThat(Lines.encode(t, -42L)).isEqualTo("t:-42|ms");
    assertThat(Lines.encode(t, Long.MAX_VALUE)).isEqualTo("t:9223372036854775807|ms");
    assertThat(Lines.encode(t, Long.MIN_VALUE)).isEqualTo("t:-9223372036854775808|ms");
    assertThat(Lines.encode(t, 12.5)).isEqualTo("t:12.5|ms");
    assertThat(Lines.encode(t, 0.000001)).isEqualTo("t:0.000001|ms");
    assertThat(Lines.encode(t, 1.0000004)).isEqualTo("t:1|ms");
    assertThat(Lines.encode(t, 3.14159265)).isEqualTo("t:3.141593|ms");
    assertThat(Lines.encode(t, -0.25)).isEqualTo("t:-0.25|ms");
    assertThat(Lines.encode(t, -0.0000001)).isEqualTo("t:0|ms");
    assertThat(Lines.encode(t, 1e20)).isEqualTo("t:100000000000000000000|ms");
    assertThat(Lines.encode(t, 12345678901234.5)).isEqualTo("t:12345678901234.5|ms");
    assertThat(Lines.encode(t, Double.NaN)).isEmpty();
  }

  @Test
  void sampleRateIsPlainAndOmittedAtOne() {
    assertThat(Lines.encode(Lines.template(DOGSTATSD, MetricType.TIMER, "", "t", 0.0001, NONE),
        1)).isEqualTo("t:1|ms|@0.0001");
    assertThat(Lines.encode(Lines.template(ETSY, MetricType.TIMER, "", "t", 1.0, NONE), 1))
        .isEqualTo("t:1|ms");
  }

  @Test
  void negativeGaugeIsAbsoluteInDogstatsdAndResetThenDeltaElsewhere() {
    assertThat(Lines.gauge(Lines.template(DOGSTATSD, MetricType.GAUGE, "", "g", 1.0, NONE), -5))
        .isEqualTo("g:-5|g");
    assertThat(Lines.gauge(Lines.template(TELEGRAF, MetricType.GAUGE, "", "g", 1.0,
        new String[] {"k", "v"}), -5.5)).isEqualTo("g,k=v:0|g\ng,k=v:-5.5|g");
    assertThat(Lines.gauge(Lines.template(ETSY, MetricType.GAUGE, "", "g", 1.0, NONE), -1))
        .isEqualTo("g:0|g\ng:-1|g");
  }

  @Test
  void formatParsesConfigurationValues() {
    assertThat(StatsdFormat.parse(" DogStatsD ")).isEqualTo(DOGSTATSD);
    assertThat(StatsdFormat.parse("telegraf")).isEqualTo(TELEGRAF);
    assertThat(StatsdFormat.parse("etsy")).isEqualTo(ETSY);
    assertThat(ETSY).hasToString("etsy");
    assertThatThrownBy(() -> StatsdFormat.parse("graphite"))
        .hasMessage("statsd format 'graphite' is not one of dogstatsd, telegraf, etsy");
  }
}
