package dev.unbundled.search.it.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A stand-in for an AWS endpoint on loopback, in front of the real search server: it checks every
 * request's Signature Version 4 as AWS does, by signing the request it received again with the
 * secret it knows for the access key and comparing, and forwards only requests whose signature
 * matches, is fresh, and is scoped to its region and service. Anything else gets AWS's 403 answer.
 */
public final class SigV4Proxy implements AutoCloseable {

  /** What the proxy knows of an access key; an expired key is refused as AWS refuses it. */
  public record Key(String accessKeyId, String secretAccessKey, String sessionToken) {

    AwsCredentialsIdentity identity() {
      return sessionToken == null
          ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
          : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken);
    }
  }

  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,"
              + " SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Duration MAX_SKEW = Duration.ofMinutes(5);

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final URI target;
  private final String region;
  private final String service;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, Key> keys = new ConcurrentHashMap<>();
  private final Set<String> expired = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> verifiedByKey = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastUse = new ConcurrentHashMap<>();
  private final List<String> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();

  public SigV4Proxy(URI target, String region, String service) throws IOException {
    this.target = target;
    this.region = region;
    this.service = service;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** From now on, requests signed with this key are accepted (until it is revoked). */
  public void accept(Key key) {
    keys.put(key.accessKeyId(), key);
    expired.remove(key.accessKeyId());
  }

  /** From now on, requests signed with this key are refused as unknown. */
  public void revoke(String accessKeyId) {
    keys.remove(accessKeyId);
  }

  /** From now on, requests signed with this key are refused as expired (a session that ended). */
  public void expire(String accessKeyId) {
    expired.add(accessKeyId);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many requests signed with this key were verified and forwarded. */
  public int verified(String accessKeyId) {
    AtomicInteger count = verifiedByKey.get(accessKeyId);
    return count == null ? 0 : count.get();
  }

  /** When a request signed with this key was last verified; {@link Instant#EPOCH} if never. */
  public Instant lastUse(String accessKeyId) {
    return lastUse.getOrDefault(accessKeyId, Instant.EPOCH);
  }

  /** Why each refused request was refused, in order. */
  public List<String> refusals() {
    return List.copyOf(refusals);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      String refusal = verify(exchange, body);
      if (refusal != null) {
        refusals.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + ": " + refusal);
        byte[] error = ("{\"message\":\"" + refusal + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("x-amzn-ErrorType", "AccessDeniedException");
        exchange.sendResponseHeaders(403, error.length);
        exchange.getResponseBody().write(error);
        return;
      }
      forward(exchange, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Null when the signature is good, else AWS's reason for refusing it. */
  private String verify(HttpExchange exchange, byte[] body) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null) {
      return "Missing Authentication Token";
    }
    Matcher parts = AUTHORIZATION.matcher(authorization);
    if (!parts.matches()) {
      return "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders'.";
    }
    Key key = keys.get(parts.group(1));
    if (key == null) {
      return "The security token included in the request is invalid.";
    }
    if (expired.contains(key.accessKeyId())) {
      return "The security token included in the request is expired";
    }
    if (!parts.group(3).equals(region)) {
      return "Credential should be scoped to a valid region.";
    }
    if (!parts.group(4).equals(service)) {
      return "Credential should be scoped to correct service: '" + service + "'.";
    }
    String amzDate = exchange.getRequestHeaders().getFirst("X-Amz-Date");
    Instant signedAt;
    try {
      signedAt = Instant.from(AMZ_DATE.parse(amzDate));
    } catch (RuntimeException e) {
      return "Missing or malformed X-Amz-Date";
    }
    if (Duration.between(signedAt, Instant.now()).abs().compareTo(MAX_SKEW) > 0) {
      return "Signature expired: " + amzDate + " is more than 5 minutes from now.";
    }
    String expected = resign(exchange, body, key, parts.group(5), signedAt);
    if (!expected.equals(authorization)) {
      return "The request signature we calculated does not match the signature you provided."
          + " Check your AWS Secret Access Key and signing method.";
    }
    verifiedByKey.computeIfAbsent(key.accessKeyId(), k -> new AtomicInteger()).incrementAndGet();
    lastUse.put(key.accessKeyId(), Instant.now());
    return null;
  }

  /**
   * The Authorization header the request should carry: the request as received (its method, Host,
   * raw path, decoded query, the headers it says it signed, its body) signed with the key's secret
   * at the time it says it was signed.
   */
  private String resign(
      HttpExchange exchange, byte[] body, Key key, String signedHeaders, Instant signedAt) {
    URI uri = exchange.getRequestURI();
    URI host = URI.create("http://" + exchange.getRequestHeaders().getFirst("Host"));
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.fromValue(exchange.getRequestMethod()))
            .protocol("http")
            .host(host.getHost())
            .port(host.getPort() == -1 ? 80 : host.getPort())
            .encodedPath(uri.getRawPath());
    if (uri.getRawQuery() != null) {
      for (String parameter : uri.getRawQuery().split("&")) {
        int equals = parameter.indexOf('=');
        request.appendRawQueryParameter(
            decode(equals < 0 ? parameter : parameter.substring(0, equals)),
            equals < 0 ? null : decode(parameter.substring(equals + 1)));
      }
    }
    Set<String> signed = Arrays.stream(signedHeaders.split(";")).collect(Collectors.toSet());
    Set<String> addedBySigner = Set.of("host", "x-amz-date", "x-amz-security-token");
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(java.util.Locale.ROOT);
              if (signed.contains(lower) && !addedBySigner.contains(lower)) {
                request.putHeader(lower, values);
              }
            });
    return AwsV4HttpSigner.create()
        .sign(
            sign ->
                sign.identity(key.identity())
                    .request(request.build())
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
        .request()
        .firstMatchingHeader("Authorization")
        .orElse("");
  }

  private static String decode(String encoded) {
    return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private void forward(HttpExchange exchange, byte[] body)
      throws IOException, InterruptedException {
    HttpForwarding.forward(http, target, exchange, body, "Content-Type", "Accept");
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
