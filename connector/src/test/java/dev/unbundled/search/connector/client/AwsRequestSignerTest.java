package dev.unbundled.search.connector.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.InputStreamEntity;
import org.apache.http.message.BasicHttpEntityEnclosingRequest;
import org.apache.http.message.BasicHttpRequest;
import org.apache.http.protocol.BasicHttpContext;
import org.apache.http.protocol.HttpContext;
import org.apache.http.protocol.HttpCoreContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.utils.BinaryUtils;

/**
 * Signed requests compared with AWS's published Signature Version 4 test suite
 * (aws-sig-v4-test-suite: example.amazonaws.com, region us-east-1, service {@code service}, signed
 * at 20150830T123600Z), and the behaviour the connector adds around the SDK's signer.
 */
class AwsRequestSignerTest {

  private static final String ACCESS_KEY = "AKIDEXAMPLE";
  private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final Clock SUITE_TIME =
      Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
  private static final AwsCredentialsProvider SUITE_CREDENTIALS =
      () -> AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY);
  private static final HttpHost SUITE_HOST = new HttpHost("example.amazonaws.com", 443, "https");
  private static final String SCOPE =
      "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";

  private static AwsRequestSigner suiteSigner() {
    return new AwsRequestSigner(SUITE_CREDENTIALS, "us-east-1", "service", SUITE_TIME);
  }

  private static HttpContext contextFor(HttpHost target) {
    HttpContext context = new BasicHttpContext();
    context.setAttribute(HttpCoreContext.HTTP_TARGET_HOST, target);
    return context;
  }

  /** A request as the HTTP client hands it to the last interceptor: its Host header is set. */
  private static HttpRequest suiteRequest(String method, String uri) {
    HttpRequest request = new BasicHttpRequest(method, uri);
    request.setHeader("Host", "example.amazonaws.com");
    return request;
  }

  /** A form POST of the suite, with the headers the HTTP client's own interceptors set. */
  private static HttpRequest suiteFormPost(String contentType) {
    BasicHttpEntityEnclosingRequest request = new BasicHttpEntityEnclosingRequest("POST", "/");
    request.setHeader("Host", "example.amazonaws.com");
    request.setHeader("Content-Type", contentType);
    request.setHeader("Content-Length", "13");
    request.setHeader("Connection", "Keep-Alive");
    request.setHeader("User-Agent", "elasticsearch-java/8.19.21");
    request.setEntity(new ByteArrayEntity("Param1=value1".getBytes(StandardCharsets.UTF_8)));
    return request;
  }

  private static String authorization(HttpRequest request) {
    return request.getFirstHeader("Authorization").getValue();
  }

  /*
   * The suite's vectors with the body signed (sign_body, as the SDK signs when payload signing is
   * on: the body's hash is sent and signed as x-amz-content-sha256), from the version of the suite
   * AWS's common runtime keeps (aws-c-auth, tests/aws-signing-test-suite/v4). The 2015 vectors of
   * the same requests do not sign that header, which the SDK's signer always adds.
   */

  @Test
  void postXWwwFormUrlencoded() throws Exception {
    HttpRequest request = suiteFormPost("application/x-www-form-urlencoded");
    suiteSigner().process(request, contextFor(SUITE_HOST));

    assertThat(authorization(request))
        .isEqualTo(
            "AWS4-HMAC-SHA256 "
                + SCOPE
                + ", SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date,"
                + " Signature=d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b");
    assertThat(request.getFirstHeader("x-amz-content-sha256").getValue())
        .isEqualTo("9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
    assertThat(request.getFirstHeader("X-Amz-Date").getValue()).isEqualTo("20150830T123600Z");
    assertThat(request.getFirstHeader("Host").getValue()).isEqualTo("example.amazonaws.com");
  }

  @Test
  void postXWwwFormUrlencodedParameters() throws Exception {
    HttpRequest request = suiteFormPost("application/x-www-form-urlencoded; charset=utf-8");
    suiteSigner().process(request, contextFor(SUITE_HOST));

    assertThat(authorization(request))
        .isEqualTo(
            "AWS4-HMAC-SHA256 "
                + SCOPE
                + ", SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date,"
                + " Signature=328d1b9eaadca9f5818ef05e8392801e091653bafec24fcab71e7344e7f51422");
  }

  @Test
  void aGetIsSignedWithTheHashOfTheEmptyBody() throws Exception {
    HttpRequest request = suiteRequest("GET", "/?Param2=value2&Param1=value1");
    suiteSigner().process(request, contextFor(SUITE_HOST));

    assertThat(request.getFirstHeader("x-amz-content-sha256").getValue())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(authorization(request))
        .startsWith(
            "AWS4-HMAC-SHA256 " + SCOPE + ", SignedHeaders=host;x-amz-content-sha256;x-amz-date,");
  }

  @Test
  void aRequestSentAgainIsSignedAfreshNotTwice() throws Exception {
    HttpRequest request = suiteFormPost("application/x-www-form-urlencoded");
    suiteSigner().process(request, contextFor(SUITE_HOST));
    String first = authorization(request);
    suiteSigner().process(request, contextFor(SUITE_HOST));

    assertThat(request.getHeaders("Authorization")).hasSize(1);
    assertThat(request.getHeaders("x-amz-content-sha256")).hasSize(1);
    assertThat(authorization(request)).isEqualTo(first);
  }

  @Test
  void aBulkBodyIsHashedWholeAndItsHashIsSentAndSigned() throws Exception {
    byte[] buffer = "xx{\"index\":{\"_index\":\"a\",\"_id\":\"1\"}}\n{\"n\":1}\nyy".getBytes();
    // A body that is a slice of a larger buffer, as the bulk writer sends it.
    int offset = 2;
    int length = buffer.length - 4;
    AwsRequestSigner signer =
        new AwsRequestSigner(SUITE_CREDENTIALS, "us-east-1", "es", SUITE_TIME);

    BasicHttpEntityEnclosingRequest request = bulkRequest(buffer, offset, length);
    signer.process(request, contextFor(new HttpHost("localhost", 9200, "http")));

    byte[] body = java.util.Arrays.copyOfRange(buffer, offset, offset + length);
    String bodyHash = BinaryUtils.toHex(MessageDigest.getInstance("SHA-256").digest(body));
    assertThat(request.getFirstHeader("x-amz-content-sha256").getValue()).isEqualTo(bodyHash);
    assertThat(authorization(request))
        .contains("/20150830/us-east-1/es/aws4_request")
        .contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,");

    // One changed byte of the body changes the signature.
    byte[] changed = buffer.clone();
    changed[offset + length - 3] = '2';
    BasicHttpEntityEnclosingRequest other = bulkRequest(changed, offset, length);
    signer.process(other, contextFor(new HttpHost("localhost", 9200, "http")));
    assertThat(signature(other)).isNotEqualTo(signature(request));
  }

  @Test
  void theHostHeaderTheClientSendsIsTheOneSigned() throws Exception {
    HttpRequest request = new BasicHttpRequest("GET", "/_cluster/health");
    request.setHeader("Host", "localhost:9200");
    suiteSigner().process(request, contextFor(new HttpHost("localhost", 9200, "http")));

    assertThat(request.getHeaders("Host")).hasSize(1);
    assertThat(request.getFirstHeader("Host").getValue()).isEqualTo("localhost:9200");
    assertThat(authorization(request))
        .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,");
  }

  @Test
  void rotatedCredentialsAreUsedForTheNextRequest() throws Exception {
    Queue<AwsCredentials> rotation =
        new ArrayDeque<>(
            List.of(
                AwsBasicCredentials.create("AKIDFIRST", SECRET_KEY),
                AwsBasicCredentials.create("AKIDSECOND", "another/secret")));
    AwsRequestSigner signer = new AwsRequestSigner(rotation::remove, "us-east-1", "es", SUITE_TIME);

    HttpRequest first = suiteRequest("GET", "/");
    signer.process(first, contextFor(SUITE_HOST));
    HttpRequest second = suiteRequest("GET", "/");
    signer.process(second, contextFor(SUITE_HOST));

    assertThat(authorization(first)).contains("Credential=AKIDFIRST/");
    assertThat(authorization(second)).contains("Credential=AKIDSECOND/");
  }

  @Test
  void aSessionTokenIsSentAndSigned() throws Exception {
    String token = "AQoDYXdzEPT//////////wEXAMPLEtEXAMPLE";
    AwsRequestSigner signer =
        new AwsRequestSigner(
            () -> AwsSessionCredentials.create(ACCESS_KEY, SECRET_KEY, token),
            "us-east-1",
            "service",
            SUITE_TIME);
    HttpRequest request = suiteRequest("GET", "/");
    signer.process(request, contextFor(SUITE_HOST));

    assertThat(request.getFirstHeader("X-Amz-Security-Token").getValue()).isEqualTo(token);
    assertThat(authorization(request))
        .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,");
  }

  @Test
  void missingCredentialsFailTheRequestNamingTheSettingWithoutASecret() {
    AwsRequestSigner signer =
        new AwsRequestSigner(
            () -> {
              throw SdkClientException.create("Unable to load credentials from any provider");
            },
            "us-east-1",
            "es",
            SUITE_TIME);

    assertThatThrownBy(() -> signer.process(suiteRequest("GET", "/"), contextFor(SUITE_HOST)))
        .isInstanceOf(AwsCredentialsException.class)
        .hasMessageContaining("connection.auth.type=aws-sigv4")
        .hasMessageContaining("Unable to load credentials");
  }

  @Test
  void aBodyThatCanBeReadOnlyOnceIsRefusedRatherThanSentEmpty() {
    BasicHttpEntityEnclosingRequest request = new BasicHttpEntityEnclosingRequest("POST", "/_bulk");
    request.setHeader("Host", "localhost:9200");
    request.setEntity(
        new InputStreamEntity(new java.io.ByteArrayInputStream(new byte[] {'{', '}'}), 2));

    assertThatThrownBy(
            () -> suiteSigner().process(request, contextFor(new HttpHost("localhost", 9200))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("read only once");
  }

  private static BasicHttpEntityEnclosingRequest bulkRequest(
      byte[] buffer, int offset, int length) {
    BasicHttpEntityEnclosingRequest request =
        new BasicHttpEntityEnclosingRequest("POST", "/_bulk?filter_path=items.*.status,errors");
    request.setHeader("Host", "localhost:9200");
    request.setHeader("Content-Type", "application/x-ndjson");
    request.setEntity(
        new ByteArrayEntity(buffer, offset, length, ContentType.create("application/x-ndjson")));
    return request;
  }

  private static String signature(HttpRequest request) {
    String value = authorization(request);
    return value.substring(value.indexOf("Signature="));
  }
}
